// The admin role's HTTP app: express 5 + @adminjs/express under ROOT_PATH,
// sessions in Redis, sign-in with a failure brake, CSRF tokens on every
// state-changing request, sign-out by POST, stored files for authors, and a
// few hardening headers. Built by role.ts.
import type AdminJS from 'adminjs'
import { join } from 'node:path'
import express, { type NextFunction, type Request, type Response } from 'express'
import session, { type SessionOptions } from 'express-session'
import type { AppContext } from '../context'
import { isRedisUnavailable } from '../infra/redis'
import { LoginThrottle, createAuthenticate, revalidateSession } from './auth'
import type { ComponentsBundle } from './bundle'
import { MAX_UPLOAD_BYTES, createBodyGate } from './body-gate'
import { csrfProtection } from './csrf'
import { serveContentFile } from './files'
import { languageRouter } from './language'
import { BadQueryError, checkPanelQuery } from './query-check'
import { liveStreams } from './live/stream'
import { ROOT_PATH } from './panel'
import { mountQueueDashboard } from './queues'
import { createSessionStore, sessionCookieName } from './session-store'
import { signOutRoutes } from './sign-out'

const SESSION_HOURS = 8

const CSP = [
  "default-src 'self'",
  // AdminJS pages carry their state in inline scripts; components come from our own bundle
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  // (no X-Frame-Options here: nginx adds SAMEORIGIN, and two different values confuse browsers)
  "frame-ancestors 'none'",
].join('; ')

function securityHeaders(_req: Request, res: Response, next: NextFunction) {
  res.set({
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'Content-Security-Policy': CSP,
  })
  next()
}

/**
 * Refuses requests another site makes on the user's behalf. Cookies are
 * SameSite=Strict and state changes need the session's CSRF token (csrf.ts)
 * already; this refuses them earlier, by what the browser says of the origin.
 */
function sameSiteOnly(req: Request, res: Response, next: NextFunction) {
  const site = req.get('sec-fetch-site')
  const crossSite = site === 'cross-site' || site === 'same-site'
  if (crossSite && (req.method !== 'GET' || req.path.startsWith('/api/'))) return res.status(403).type('text/plain').send('Cross-site request refused')
  const origin = req.get('origin')
  if (req.method !== 'GET' && req.method !== 'HEAD' && origin && origin !== 'null') {
    let host = ''
    try {
      host = new URL(origin).hostname
    } catch {}
    if (host !== req.hostname) return res.status(403).type('text/plain').send('Cross-origin request refused')
  }
  next()
}

/** AdminJS's page templates link Google Fonts; the panel uses none from outside. */
function withoutExternalFonts(_req: Request, res: Response, next: NextFunction) {
  const send = res.send.bind(res)
  res.send = ((body?: unknown) =>
    send(typeof body === 'string' && body.includes('fonts.googleapis.com') ? body.replace(/<link[^>]*fonts\.googleapis\.com[^>]*>/g, '') : body)) as Response['send']
  next()
}

export async function createAdminApp(ctx: AppContext, admin: AdminJS, bundle: ComponentsBundle) {
  const { default: AdminJSExpress } = await import('@adminjs/express')
  const log = ctx.logger.child({ role: 'admin' })
  const production = ctx.config.env === 'production'
  const store = createSessionStore(ctx.redis.client, SESSION_HOURS * 3600)
  const cookieName = sessionCookieName(ctx.config.redisPrefix)
  const sessionOptions: SessionOptions = {
    store,
    name: cookieName,
    secret: ctx.config.sessionSecret,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    proxy: true,
    cookie: { httpOnly: true, sameSite: 'strict', secure: production, maxAge: SESSION_HOURS * 3600 * 1000, path: ROOT_PATH },
  }

  const app = express()
  app.disable('x-powered-by')
  // the configured proxy (nginx in compose) sets X-Forwarded-*: the client address for the sign-in brake, https for Secure cookies
  app.set('trust proxy', ctx.config.trustedProxies.length ? ctx.config.trustedProxies : false)
  app.use(securityHeaders)

  // served from memory, so the bundle's folder name never matters (express 5 refuses dot-folders)
  app.get(`${ROOT_PATH}/frontend/assets/components.bundle.js`, (req, res) => {
    res.set({ 'Content-Type': 'text/javascript; charset=utf-8', ETag: bundle.etag, 'Cache-Control': 'no-cache' })
    if (req.get('if-none-match') === bundle.etag) return res.status(304).end()
    res.send(bundle.code)
  })

  app.use(ROOT_PATH, sameSiteOnly)
  app.use(ROOT_PATH, session(sessionOptions))
  app.use(ROOT_PATH, revalidateSession(ctx))
  const csrf = csrfProtection({ path: ROOT_PATH, secure: production, exempt: ['/login'] })
  app.use(ROOT_PATH, csrf.issue)
  // (before AdminJS's own GET sign-out, which it never reaches)
  app.use(ROOT_PATH, signOutRoutes({ route: '/logout', logoutUrl: `${ROOT_PATH}/logout`, loginUrl: `${ROOT_PATH}/login`, homeUrl: ROOT_PATH, cookiePath: ROOT_PATH, csrfCheck: csrf.check, log }))
  app.use(ROOT_PATH, csrf.check)
  // (after the CSRF check: a switch is a state change)
  app.use(`${ROOT_PATH}/language`, languageRouter(ctx, { cookiePath: `${ROOT_PATH}/login` }))
  app.use(ROOT_PATH, withoutExternalFonts)
  mountQueueDashboard(app, ctx) // admins only, at /admin/queues
  // live co-authoring (server-sent events; the stream checks the session itself)
  const live = liveStreams(ctx)
  app.locals.closeLiveStreams = live.close
  app.use(`${ROOT_PATH}/live`, live.router)

  // bodies are read by the gate (after the sign-in check); AdminJS's own parser then finds them parsed
  const gate = createBodyGate({
    tempDir: join(ctx.config.dataDir, 'upload-tmp'),
    loginRoute: '/login',
    loginUrl: `${ROOT_PATH}/login`,
    signedIn: (req) => !!req.session?.adminUser,
  })
  const router = AdminJSExpress.buildAuthenticatedRouter(
    admin,
    { authenticate: createAuthenticate(ctx, new LoginThrottle(ctx.redis.client), `${ROOT_PATH}/login`, csrf.start), cookieName, cookiePassword: ctx.config.sessionSecret },
    express.Router().use(gate.handle).use(checkPanelQuery(admin)),
    sessionOptions, // the session above already ran; AdminJS's own session middleware is then a no-op
    { uploadDir: gate.tempDir, maxFileSize: 0 },
  )
  // behind AdminJS's sign-in check (registered after it inside the router)
  router.get('/files/content/:id', serveContentFile(ctx))
  app.use(ROOT_PATH, router)
  app.get('/', (_req, res) => res.redirect(ROOT_PATH))

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const message = err instanceof Error ? err.message : String(err)
    if (/maxFileSize exceeded/i.test(message)) {
      return res.status(413).type('text/plain').send(`The upload is too large (at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB).`)
    }
    if (isRedisUnavailable(err)) {
      log.warn({ err: message, method: req.method, path: req.path }, 'admin request failed: Redis is unreachable')
      if (res.headersSent) return
      return res.status(500).type('text/plain').send('The panel cannot reach its session store (Redis) right now. Try again in a minute.')
    }
    if (err instanceof BadQueryError) {
      const body = `This address is not one the panel understands: ${err.message}.`
      return req.path.startsWith(`${ROOT_PATH}/api/`) ? res.status(400).json({ notice: { type: 'error', message: body } }) : res.status(400).type('text/plain').send(body)
    }
    log.error({ err, method: req.method, path: req.path }, 'admin request failed')
    if (res.headersSent) return
    res.status(500).type('text/plain').send('Something went wrong on our side.')
  })
  return app
}
