// Signing in to the panel: email + password checked by the domain (argon2id),
// a brake on guessing (attempts counted in Redis per email + address, per email
// from any address, and per address), and a check on every request that the
// signed-in user is still staff with the same password (a role change or a
// password reset through the CLI ends existing sessions).
import { createHash } from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'
import type { AppContext } from '../context'
import { type Redis, isRedisUnavailable } from '../infra/redis'
import type { PanelUser } from './panel-user'

export const LOGIN_LIMITS = {
  /** Failures allowed for one email from one address within the window. */
  perEmailAndAddress: 5,
  /** Failures allowed for one email from all addresses together within the window. */
  perEmail: 20,
  /** Failures allowed from one address (any emails) within the window. */
  perAddress: 50,
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

  private keys(email: string, address: string): [pair: string, email: string, address: string] {
    const e = email.trim().toLowerCase()
    return [`admin-login:fail:${digest(`${e}|${address}`)}`, `admin-login:fail-email:${digest(e)}`, `admin-login:fail-ip:${digest(address)}`]
  }

  /**
   * Counts a sign-in attempt before the password is checked. Returns 0 when the
   * attempt may go ahead, or the seconds until sign-in is allowed again (then
   * the attempt is refused and not counted).
   */
  async reserve(email: string, address: string): Promise<number> {
    const { perEmailAndAddress, perEmail, perAddress, windowSeconds } = this.limits
    const wait = await this.redis.eval(RESERVE, 3, ...this.keys(email, address), perEmailAndAddress, perEmail, perAddress, windowSeconds)
    return Number(wait)
  }

  /**
   * After a right password: the failures of this email from this address are
   * forgiven, and the attempt no longer counts against the email or the address.
   */
  async recordSuccess(email: string, address: string): Promise<void> {
    await this.redis.eval(RELEASE, 3, ...this.keys(email, address))
  }
}

export function lockoutMessage(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60))
  // no apostrophes: AdminJS puts this message inside a single-quoted script string
  return `Too many failed sign-ins. Sign-in is locked for ${minutes} more minute${minutes === 1 ? '' : 's'}; try again later.`
}

// no apostrophes: AdminJS puts this message inside a single-quoted script string
export const SESSION_STORE_DOWN = 'Sign-in is unavailable right now: the panel cannot reach its session store (Redis). Try again in a minute.'

/** The `authenticate` callback for @adminjs/express. */
export function createAuthenticate(ctx: AppContext, throttle: LoginThrottle) {
  const log = ctx.logger.child({ role: 'admin', component: 'auth' })
  return async (email: string, password: string, context?: { req: Request; res: Response }): Promise<PanelUser | null> => {
    const address = context?.req.ip ?? 'unknown'
    if (ctx.config.env === 'production' && context && !context.req.secure) {
      // the Secure session cookie would never come back: say so instead of looping to the login page
      throw new Error('Sign in over HTTPS. In production the session cookie is only sent over a secure connection (is the TLS proxy setting X-Forwarded-Proto?).')
    }
    const mail = typeof email === 'string' ? email.slice(0, 320) : ''
    const pass = typeof password === 'string' ? password.slice(0, 1024) : ''
    // Redis away: a quick, human answer on the form instead of a hang and a driver message
    const storeDown = (err: unknown): never => {
      if (!isRedisUnavailable(err)) throw err
      log.warn({ address, err: (err as Error).message }, 'panel sign-in refused: Redis is unreachable')
      throw new Error(SESSION_STORE_DOWN)
    }
    // counted before the password is checked: parallel attempts cannot get past the limit
    const wait = await throttle.reserve(mail, address).catch(storeDown)
    if (wait > 0) {
      log.warn({ address }, 'panel sign-in refused: too many failures')
      // thrown errors are shown on the login form as they are
      throw new Error(lockoutMessage(wait))
    }
    let user = null
    try {
      user = mail && pass ? await ctx.domain.accounts.verifyStaffLogin(mail, pass) : null
    } catch {
      user = null // a malformed email is just a failed sign-in
    }
    if (!user || (user.role !== 'AUTHOR' && user.role !== 'ADMIN')) {
      // (the attempt was counted by reserve)
      log.info({ address }, 'panel sign-in failed')
      return null
    }
    await throttle.recordSuccess(mail, address).catch(storeDown)
    const row = await ctx.db.prisma.user.findUnique({ where: { id: user.id }, select: { passwordHash: true } })
    const req = context?.req
    if (req?.session) {
      // a new session id at sign-in (no session fixation); AdminJS then stores the user in it
      await new Promise<void>((resolve, reject) => req.session.regenerate((err?: unknown) => (err ? reject(err) : resolve()))).catch(storeDown)
      req.session.credential = credentialFingerprint(row?.passwordHash ?? null)
    }
    log.info({ userId: user.id, role: user.role }, 'panel sign-in')
    return { id: user.id, email: user.email ?? mail, role: user.role, title: user.profile?.displayName ?? user.email ?? mail }
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
      const row = await ctx.db.prisma.user.findUnique({ where: { id: user.id }, select: { role: true, passwordHash: true } })
      const valid = row && row.role === user.role && (row.role === 'AUTHOR' || row.role === 'ADMIN') && session.credential === credentialFingerprint(row.passwordHash)
      if (valid) return next()
      session.destroy(() => next())
    } catch (err) {
      next(err)
    }
  }
}
