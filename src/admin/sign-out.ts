// Signing out of the panel is a POST with the session's CSRF token (the
// "Sign out" entry of the user menu, components/logged-in.tsx, posts it).
// A GET of /admin/logout (an old bookmark, a link on another site) changes
// nothing: it answers a page asking to confirm with that POST.
import express, { type NextFunction, type Request, type Response, Router } from 'express'
import type { Logger } from '../infra/logger'
import { CSRF_COOKIE, CSRF_FIELD, csrfTokenOf } from './csrf'
import { languageOfRequest } from './language'
import { type PanelLanguage, translator } from './locales'

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function confirmPage(action: string, token: string, back: string, language: PanelLanguage): string {
  const say = translator(language)
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(say('messages.signOut.title'))}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;background:#F6F7FB;display:flex;justify-content:center;padding-top:15vh}
main{background:#fff;border:1px solid #E5E7EB;border-radius:8px;padding:32px;max-width:360px;text-align:center}
button{background:#4268F6;color:#fff;border:0;border-radius:4px;padding:10px 20px;font-size:15px;cursor:pointer}a{display:block;margin-top:16px;color:#4268F6}</style>
</head><body><main><h1 style="font-size:20px">${escapeHtml(say('messages.signOut.question'))}</h1>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(token)}"><button type="submit" data-testid="sign-out">${escapeHtml(say('messages.signOut.button'))}</button></form>
<a href="${escapeHtml(back)}">${escapeHtml(say('messages.signOut.back'))}</a></main></body></html>`
}

export interface SignOutOptions {
  /** Inside the panel's mount point: '/logout'. */
  route: string
  /** Full URLs: the sign-out form's action, the sign-in page and the panel's home. */
  logoutUrl: string
  loginUrl: string
  homeUrl: string
  /** The panel's path, where the token cookie lives. */
  cookiePath: string
  /** The CSRF check (csrf.ts), run once the form is read. */
  csrfCheck: (req: Request, res: Response, next: NextFunction) => void
  log: Logger
}

/** Mount under the panel's path, before the CSRF check of all other requests and before AdminJS's own GET logout. */
export function signOutRoutes(opts: SignOutOptions): Router {
  const router = Router()
  router.get(opts.route, (req, res) => {
    const token = csrfTokenOf(req)
    if (!token) return res.redirect(opts.loginUrl)
    res.set('Cache-Control', 'no-store').type('html').send(confirmPage(opts.logoutUrl, token, opts.homeUrl, languageOfRequest(req)))
  })
  router.post(opts.route, express.urlencoded({ extended: false, limit: '4kb' }), opts.csrfCheck, (req, res, next) => {
    const userId = req.session?.adminUser?.id
    res.clearCookie(CSRF_COOKIE, { path: opts.cookiePath })
    if (!req.session?.adminUser) return res.redirect(303, opts.loginUrl)
    req.session.destroy((err) => {
      if (err) return next(err)
      opts.log.info({ userId }, 'panel sign-out')
      res.redirect(303, opts.loginUrl)
    })
  })
  return router
}
