// CSRF tokens for the panel, on top of SameSite=Strict cookies and the
// Origin / Sec-Fetch-Site check (app.ts). A signed-in session holds a random
// token; it is also handed to the page in the `XSRF-TOKEN` cookie (readable
// by scripts, sent only to /admin). Every state-changing request of a
// signed-in user (POST, PUT, PATCH, DELETE) must send it back: in the
// `X-XSRF-TOKEN` header, which AdminJS's API client (axios) adds by itself
// from that cookie on same-origin requests, or in a `_csrf` form field (the
// sign-out form). Another site can make the browser send the session cookie
// at most; it cannot read the token.
//
// The sign-in form is not covered (no session yet): the Origin check and the
// SameSite session cookie stand for it.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'
import { cookieValue } from './cookies'
import { languageOfRequest } from './language'
import { translator } from './locales'

/** axios's default names: AdminJS's ApiClient sends the cookie back as the header without any code of ours. */
export const CSRF_COOKIE = 'XSRF-TOKEN'
export const CSRF_HEADER = 'x-xsrf-token'
export const CSRF_FIELD = '_csrf'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

const newToken = () => randomBytes(24).toString('base64url')

/** The session's token (created on first use); null when nobody is signed in. */
export function csrfTokenOf(req: Request): string | null {
  if (!req.session?.adminUser) return null
  req.session.csrfToken ??= newToken()
  return req.session.csrfToken
}

function sameToken(a: string | undefined, b: string): boolean {
  if (!a) return false
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export interface CsrfOptions {
  /** The panel's path ('/admin'): the cookie is sent only there. */
  path: string
  secure: boolean
  /** Routes (inside the panel) a state-changing request may reach without a token: the sign-in form. */
  exempt: string[]
}

export function csrfProtection(opts: CsrfOptions) {
  const setCookie = (res: Response, token: string) => res.cookie(CSRF_COOKIE, token, { httpOnly: false, sameSite: 'strict', secure: opts.secure, path: opts.path })

  /** At sign-in (the new session): a fresh token, in the session and the cookie. */
  function start(req: Request, res: Response) {
    req.session.csrfToken = newToken()
    setCookie(res, req.session.csrfToken)
  }

  /** Hands a signed-in page its token in the readable cookie, when it lacks it (mount after the session). */
  function issue(req: Request, res: Response, next: NextFunction) {
    const token = csrfTokenOf(req)
    if (token && cookieValue(req, CSRF_COOKIE) !== token) setCookie(res, token)
    next()
  }

  /**
   * Refuses a signed-in user's state-changing request without the token
   * (403). Requests of nobody signed in pass on: the sign-in check answers them.
   */
  function check(req: Request, res: Response, next: NextFunction) {
    if (SAFE_METHODS.has(req.method) || opts.exempt.includes(req.path)) return next()
    const token = csrfTokenOf(req)
    if (!token) return next()
    const body = req.body as Record<string, unknown> | undefined
    const sent = req.get(CSRF_HEADER) ?? (typeof body?.[CSRF_FIELD] === 'string' ? (body[CSRF_FIELD] as string) : undefined)
    if (sameToken(sent, token)) return next()
    const message = translator(languageOfRequest(req))('messages.csrfRefused')
    res.set('Connection', 'close') // (the body, if any, is left unread)
    if (req.path.startsWith('/api/')) return void res.status(403).json({ notice: { type: 'error', message } })
    res.status(403).type('text/plain').send(message)
  }

  return { start, issue, check }
}
