import { createHash } from 'node:crypto'

/** A fixed window: `limit` requests per `windowMs`. */
export interface RouteLimit {
  limit: number
  windowMs: number
}

/** Rate limits of the simulated API, per bot token. */
export interface RateLimits {
  /** Requests per second across every route that carries the bot token (Discord: 50). */
  globalPerSecond: number
  /** Per-route limits keyed by route template, e.g. `POST /channels/:channel_id/messages`. */
  routes: Record<string, RouteLimit>
  /** The limit of every route not listed in `routes`. */
  default: RouteLimit
}

/** Close to Discord's published/observed values. */
export const DEFAULT_LIMITS: RateLimits = {
  globalPerSecond: 50,
  routes: {
    'POST /channels/:channel_id/messages': { limit: 5, windowMs: 5000 },
    'PATCH /channels/:channel_id/messages/:message_id': { limit: 5, windowMs: 5000 },
    'DELETE /channels/:channel_id/messages/:message_id': { limit: 5, windowMs: 5000 },
    'POST /webhooks/:webhook_id/:webhook_token': { limit: 5, windowMs: 2000 },
    'PUT /guilds/:guild_id/members/:user_id/roles/:role_id': { limit: 10, windowMs: 10_000 },
    // opening DM channels: Discord publishes no figure (its anti-spam answers 40003 beyond it); 10/s is the assumption our pacer keeps under
    'POST /users/@me/channels': { limit: 10, windowMs: 1000 },
    'DELETE /guilds/:guild_id/members/:user_id/roles/:role_id': { limit: 10, windowMs: 10_000 },
  },
  default: { limit: 50, windowMs: 1000 },
}

/** A 429 to return on the next matching request, whatever the counters say. */
export interface ForcedLimit {
  /** Matches `METHOD /path` or the route template (e.g. 'POST /channels/:channel_id/messages'); default: any. */
  route?: string | RegExp
  /** Seconds (Retry-After and retry_after). Default 0.2. */
  retryAfter?: number
  /** A global 429 (X-RateLimit-Global, scope 'global'). Default false. */
  global?: boolean
  /** X-RateLimit-Scope of a non-global 429. Default 'user'. */
  scope?: 'user' | 'shared'
}

export interface LimitDecision {
  headers: Record<string, string>
  /** Present when the request is refused with 429. */
  refused?: { retryAfter: number; global: boolean; scope: string; bucket: string }
}

interface Window {
  start: number
  count: number
}

const bucketHash = (route: string) => createHash('sha1').update(route).digest('hex').slice(0, 16)

/** Discord-style limiter: per-route buckets keyed by major parameter, plus one global per-second window. */
export class RateLimiter {
  private windows = new Map<string, Window>()
  private global: Window = { start: 0, count: 0 }
  private forced: (ForcedLimit & { times: number })[] = []

  constructor(private limits: RateLimits | false, private readonly now: () => number) {}

  get current(): RateLimits | false {
    return this.limits
  }

  /** Replaces limits (merged over the current ones; `routes` merged by key) or disables them; resets counters. */
  configure(limits: Partial<RateLimits> | false): void {
    const base = this.limits || DEFAULT_LIMITS
    this.limits = limits === false ? false : { ...base, ...limits, routes: { ...base.routes, ...limits.routes } }
    this.windows.clear()
    this.global = { start: 0, count: 0 }
  }

  force(f: ForcedLimit, times = 1): void {
    this.forced.push({ ...f, times })
  }

  /**
   * Counts one request. `route` is the template, `major` the major parameter values,
   * `countsGlobally` false for routes without the bot token (webhook tokens, interaction callbacks).
   */
  check(route: string, path: string, major: string, countsGlobally: boolean): LimitDecision {
    const bucket = bucketHash(route)
    const forced = this.takeForced(route, path)
    if (forced) {
      const retryAfter = forced.retryAfter ?? 0.2
      return { headers: {}, refused: { retryAfter, global: !!forced.global, scope: forced.global ? 'global' : (forced.scope ?? 'user'), bucket } }
    }
    const limits = this.limits
    if (!limits) return { headers: {} }
    const now = this.now()
    if (countsGlobally) {
      if (now - this.global.start >= 1000) this.global = { start: now, count: 0 }
      if (this.global.count >= limits.globalPerSecond) {
        const retryAfter = round((this.global.start + 1000 - now) / 1000)
        return { headers: {}, refused: { retryAfter, global: true, scope: 'global', bucket } }
      }
    }
    const limit = limits.routes[route] ?? limits.default
    const key = `${route}|${major}`
    let w = this.windows.get(key)
    if (!w || now - w.start >= limit.windowMs) this.windows.set(key, (w = { start: now, count: 0 }))
    const resetAfter = round((w.start + limit.windowMs - now) / 1000)
    const headers = (remaining: number) => ({
      'x-ratelimit-limit': String(limit.limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': String(round((w!.start + limit.windowMs) / 1000)),
      'x-ratelimit-reset-after': String(resetAfter),
      'x-ratelimit-bucket': bucket,
    })
    if (w.count >= limit.limit) {
      return { headers: headers(0), refused: { retryAfter: resetAfter, global: false, scope: 'user', bucket } }
    }
    w.count++
    if (countsGlobally) this.global.count++
    return { headers: headers(limit.limit - w.count) }
  }

  private takeForced(route: string, path: string): ForcedLimit | undefined {
    const i = this.forced.findIndex((f) => {
      if (f.route === undefined) return true
      const method = route.split(' ')[0]
      const candidates = [route, `${method} ${path}`]
      return candidates.some((c) => (typeof f.route === 'string' ? c === f.route : f.route!.test(c)))
    })
    if (i < 0) return undefined
    const f = this.forced[i]!
    if (--f.times <= 0) this.forced.splice(i, 1)
    return f
  }
}

const round = (s: number) => Math.max(0, Math.round(s * 1000) / 1000)
