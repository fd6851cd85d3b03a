// The language of a panel request. A signed-in author's comes from their
// profile (kept in the session and refreshed on every request by
// auth.revalidateSession); before sign-in, from the language cookie the panel
// sets at sign-in and on a switch, else the browser's Accept-Language (the
// sign-in page itself reads the same cookie in the browser: locales/signInLocale).
import express, { type Request, type Response, type Router } from 'express'
import type { AppContext } from '../context'
import { cookieValue } from './cookies'
import { DEFAULT_PANEL_LANGUAGE, LANGUAGE_COOKIE, type PanelLanguage, isPanelLanguage, languageOf } from './locales'

const COOKIE_DAYS = 365

function cookieLanguage(req: Request): PanelLanguage | undefined {
  const v = cookieValue(req, LANGUAGE_COOKIE)
  return isPanelLanguage(v) ? v : undefined
}

function acceptedLanguage(req: Request): PanelLanguage | undefined {
  for (const item of (req.get('accept-language') ?? '').split(',')) {
    const base = item.split(';')[0]!.trim().toLowerCase().split('-')[0]
    if (isPanelLanguage(base)) return base
  }
  return undefined
}

/** The language of a request: the signed-in user's, else the cookie's, else the browser's. */
export function languageOfRequest(req: Request): PanelLanguage {
  const user = req.session?.adminUser
  if (user) return languageOf(user)
  return cookieLanguage(req) ?? acceptedLanguage(req) ?? DEFAULT_PANEL_LANGUAGE
}

/** The language cookie (readable by the sign-in page's script: a language is no secret). */
export function rememberLanguage(res: Response, language: PanelLanguage, opts: { path: string; secure: boolean }) {
  res.cookie(LANGUAGE_COOKIE, language, { httpOnly: false, sameSite: 'strict', secure: opts.secure, path: opts.path, maxAge: COOKIE_DAYS * 24 * 3600 * 1000 })
}

/**
 * POST /language/:locale: the signed-in author's panel language, stored in
 * their profile (the bots use the same locale) and in the session. The
 * browser then reloads the page, which AdminJS renders in that language.
 */
export function languageRouter(ctx: AppContext, opts: { cookiePath: string }): Router {
  const log = ctx.logger.child({ role: 'admin', component: 'language' })
  const router = express.Router()
  router.post('/:locale', async (req, res, next) => {
    const user = req.session?.adminUser
    if (!user) return res.status(401).json({ error: 'sign in first' })
    const locale = req.params.locale
    if (!isPanelLanguage(locale)) return res.status(400).json({ error: 'unknown language' })
    try {
      await ctx.domain.accounts.setLocale(user.id, locale)
      req.session.adminUser = { ...user, locale }
      rememberLanguage(res, locale, { path: opts.cookiePath, secure: ctx.config.env === 'production' })
      log.info({ userId: user.id, locale }, 'panel language changed')
      res.status(204).end()
    } catch (err) {
      next(err)
    }
  })
  return router
}
