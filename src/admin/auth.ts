// Signing in to the panel: email + password checked by the domain (argon2id),
// a brake on guessing, and a check on every request that the signed-in user is
// still staff with the same password (a role change or a password reset through
// the CLI ends existing sessions).
//
// The brake cannot lock a staff member out (OWASP's device cookies): a browser
// that signed in as this email before carries a signed device cookie, and its
// attempts count only against that cookie. Attempts from unknown browsers count
// per email + address, per email from any address, and per address, so a
// guessing campaign against an email stops unknown browsers only.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'
import type { AppContext } from '../context'
import { type Redis, isRedisUnavailable } from '../infra/redis'
import { isStaffRole } from '../domain/access'
import { cookieValue } from './cookies'
import { languageOfRequest, rememberLanguage } from './language'
import { type Say, isPanelLanguage, translator } from './locales'
import type { PanelUser } from './panel-user'

export const LOGIN_LIMITS = {
  /** Failures allowed for one email from one address within the window. */
  perEmailAndAddress: 5,
  /** Failures allowed for one email from all addresses together within the window. */
  perEmail: 20,
  /** Failures allowed from one address (any emails) within the window. */
  perAddress: 50,
  /** Failures allowed from a browser that signed in as the email before (its device cookie). */
  perDevice: 5,
  windowSeconds: 15 * 60,
}

export type LoginLimits = typeof LOGIN_LIMITS

const digest = (s: string) => createHash('sha256').update(s).digest('hex')

export const credentialFingerprint = (passwordHash: string | null) => digest(`pw:${passwordHash ?? ''}`).slice(0, 24)

/**
 * KEYS: the counters; ARGV: their limits (same order), then the window.
 * If a counter has reached its limit: nothing is counted, and the answer is the
 * seconds until the longest of those windows ends. Otherwise every counter
 * takes this attempt (the window starts with a counter's first attempt) and
 * the answer is 0. One script, so parallel attempts cannot all pass the check
 * before any of them is counted.
 */
const RESERVE = `
local wait = 0
for i = 1, #KEYS do
  if tonumber(redis.call('GET', KEYS[i]) or '0') >= tonumber(ARGV[i]) then
    wait = math.max(wait, redis.call('TTL', KEYS[i]), 1)
  end
end
if wait > 0 then return wait end
local window = tonumber(ARGV[#KEYS + 1])
for i = 1, #KEYS do
  redis.call('INCR', KEYS[i])
  if redis.call('TTL', KEYS[i]) < 0 then redis.call('EXPIRE', KEYS[i], window) end
end
return 0
`

/** KEYS[1]: the email + address counter (cleared); the others give back the attempt that succeeded. */
const RELEASE = `
redis.call('DEL', KEYS[1])
for i = 2, #KEYS do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
end
return 0
`

export class LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly limits: LoginLimits = LOGIN_LIMITS,
  ) {}

  /** The counters an attempt takes, and their limits: a known device's own, or the unknown-browser ones. */
  private counters(email: string, address: string, device: string | null): { keys: string[]; limits: number[] } {
    const { perEmailAndAddress, perEmail, perAddress, perDevice } = this.limits
    if (device) return { keys: [`admin-login:fail-device:${digest(device)}`], limits: [perDevice] }
    const e = email.trim().toLowerCase()
    return {
      keys: [`admin-login:fail:${digest(`${e}|${address}`)}`, `admin-login:fail-email:${digest(e)}`, `admin-login:fail-ip:${digest(address)}`],
      limits: [perEmailAndAddress, perEmail, perAddress],
    }
  }

  /**
   * Counts a sign-in attempt before the password is checked. Returns 0 when the
   * attempt may go ahead, or the seconds until sign-in is allowed again (then
   * the attempt is refused and not counted).
   * @param device the id of a valid device cookie for this email, if the browser sent one
   */
  async reserve(email: string, address: string, device: string | null = null): Promise<number> {
    const { keys, limits } = this.counters(email, address, device)
    return Number(await this.redis.eval(RESERVE, keys.length, ...keys, ...limits, this.limits.windowSeconds))
  }

  /**
   * After a right password: the failures of this email from this address (or
   * this device) are forgiven, and the attempt no longer counts against the
   * email or the address.
   */
  async recordSuccess(email: string, address: string, device: string | null = null): Promise<void> {
    const { keys } = this.counters(email, address, device)
    await this.redis.eval(RELEASE, keys.length, ...keys)
  }
}

export const DEVICE_COOKIE = 'tm_device'
const DEVICE_DAYS = 180

/**
 * Device cookies: `<id>.<signature>`, the signature binding the id to one
 * email (HMAC with a key derived from SESSION_SECRET). Issued at each sign-in.
 */
export class DeviceCookies {
  private readonly key: Buffer

  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('taskmetrics admin device cookie').digest()
  }

  private sign(email: string, id: string) {
    return createHmac('sha256', this.key).update(`${email.trim().toLowerCase()}|${id}`).digest('base64url')
  }

  issue(email: string): string {
    const id = randomBytes(18).toString('base64url')
    return `${id}.${this.sign(email, id)}`
  }

  /** The device id when `value` is a device cookie issued for this email, else null. */
  verify(email: string, value: string | undefined): string | null {
    const [id, signature, ...rest] = (value ?? '').split('.')
    if (!id || !signature || rest.length) return null
    const want = Buffer.from(this.sign(email, id))
    const got = Buffer.from(signature)
    return got.length === want.length && timingSafeEqual(got, want) ? id : null
  }

  /** Cookie options: sent back only to the sign-in form. */
  static options(path: string, secure: boolean) {
    return { httpOnly: true, sameSite: 'strict' as const, secure, path, maxAge: DEVICE_DAYS * 24 * 3600 * 1000 }
  }
}

// (the sign-in refusals below have no apostrophes: AdminJS puts them inside a single-quoted script string)
export function lockoutMessage(seconds: number, say: Say = translator('en')): string {
  return say('messages.loginLocked', { count: Math.max(1, Math.ceil(seconds / 60)) })
}

/**
 * AdminJS's authenticate function. `onSignIn` runs for a successful sign-in,
 * once its new session exists (app.ts hands out the session's CSRF token there).
 */
export function createAuthenticate(ctx: AppContext, throttle: LoginThrottle, loginPath: string, onSignIn?: (req: Request, res: Response) => void) {
  const log = ctx.logger.child({ role: 'admin', component: 'auth' })
  const devices = new DeviceCookies(ctx.config.sessionSecret)
  return async (email: string, password: string, context?: { req: Request; res: Response }): Promise<PanelUser | null> => {
    const address = context?.req.ip ?? 'unknown'
    const say = translator(context ? languageOfRequest(context.req) : 'en')
    if (ctx.config.env === 'production' && context && !context.req.secure) {
      // the Secure session cookie would never come back: say so instead of looping to the login page
      log.warn({ address }, 'panel sign-in over plain HTTP refused (is the TLS proxy setting X-Forwarded-Proto?)')
      throw new Error(say('messages.loginNeedsHttps'))
    }
    const mail = typeof email === 'string' ? email.slice(0, 320) : ''
    const pass = typeof password === 'string' ? password.slice(0, 1024) : ''
    // Redis away: a quick, human answer on the form instead of a hang and a driver message
    const storeDown = (err: unknown): never => {
      if (!isRedisUnavailable(err)) throw err
      log.warn({ address, err: (err as Error).message }, 'panel sign-in refused: Redis is unreachable')
      throw new Error(say('messages.loginStoreDown'))
    }
    const device = context ? devices.verify(mail, cookieValue(context.req, DEVICE_COOKIE)) : null
    // counted before the password is checked: parallel attempts cannot get past the limit
    const wait = await throttle.reserve(mail, address, device).catch(storeDown)
    if (wait > 0) {
      log.warn({ address, knownDevice: !!device }, 'panel sign-in refused: too many failures')
      // thrown errors are shown on the login form as they are
      throw new Error(lockoutMessage(wait, say))
    }
    let user = null
    try {
      user = mail && pass ? await ctx.domain.accounts.verifyStaffLogin(mail, pass) : null
    } catch {
      user = null // a malformed email is just a failed sign-in
    }
    if (!user || !isStaffRole(user.role)) {
      // (the attempt was counted by reserve)
      log.info({ address, knownDevice: !!device }, 'panel sign-in failed')
      return null
    }
    await throttle.recordSuccess(mail, address, device).catch(storeDown)
    context?.res.cookie(DEVICE_COOKIE, devices.issue(mail), DeviceCookies.options(loginPath, ctx.config.env === 'production'))
    const row = await ctx.domain.accounts.staffCredential(user.id)
    // the panel speaks the profile's language; the sign-in page next time too (a cookie: it has no user yet)
    const locale = isPanelLanguage(row?.locale) ? row.locale : undefined
    if (locale && context) rememberLanguage(context.res, locale, { path: loginPath, secure: ctx.config.env === 'production' })
    const req = context?.req
    if (req?.session) {
      // a new session id at sign-in (no session fixation); AdminJS then stores the user in it
      await new Promise<void>((resolve, reject) => req.session.regenerate((err?: unknown) => (err ? reject(err) : resolve()))).catch(storeDown)
      req.session.credential = credentialFingerprint(row?.passwordHash ?? null)
      onSignIn?.(req, context!.res)
    }
    log.info({ userId: user.id, role: user.role }, 'panel sign-in')
    return { id: user.id, email: user.email ?? mail, role: user.role, title: user.profile?.displayName ?? user.email ?? mail, locale }
  }
}

/**
 * Ends a session whose user is no longer staff, changed role, or had the
 * password reset since signing in. One indexed lookup per panel request.
 */
export function revalidateSession(ctx: AppContext) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const session = req.session
    const user = session?.adminUser
    // static assets need no check (and would cost a query each)
    if (!user || req.path.startsWith('/frontend/')) return next()
    try {
      const row = await ctx.domain.accounts.staffCredential(user.id)
      const valid = row && row.role === user.role && isStaffRole(row.role) && session.credential === credentialFingerprint(row.passwordHash)
      if (valid) {
        // the language follows the profile (changed in another tab, another process, or by the bots)
        if (isPanelLanguage(row.locale) && row.locale !== user.locale) session.adminUser = { ...user, locale: row.locale }
        return next()
      }
      session.destroy(() => next())
    } catch (err) {
      next(err)
    }
  }
}
