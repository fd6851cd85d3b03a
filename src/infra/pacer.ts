// The Pacer on Redis: sliding-window logs (one sorted set of grant times per
// bucket) checked and taken in one Lua script on Redis's own clock, so every
// process shares the same limits and the same time. A 429 sets a hold key
// that every process sees until its retry_after runs out.
import type { PaceDecision, PacedPlatform, PaceRequest, Pacer } from '../domain/pacing'
import type { Redis } from './redis'

export interface PaceWindow {
  /** At most `limit` grants in any `windowMs`. */
  limit: number
  windowMs: number
}

export interface PlatformLimits {
  global: PaceWindow
  perChat: PaceWindow
  /** Telegram groups (chat ids starting with '-'): a further per-chat window. */
  group?: PaceWindow
  /** Named buckets; `perChat` keeps one bucket per chat instead of one for all. */
  routes?: Record<string, PaceWindow & { perChat?: boolean }>
}

export type PaceLimits = Record<PacedPlatform, PlatformLimits>

/**
 * The platforms' published limits. Windows are 5% longer than the platform's
 * so that network jitter between our clock and theirs cannot add up to a 429.
 */
export const PLATFORM_LIMITS: PaceLimits = {
  TELEGRAM: {
    global: { limit: 30, windowMs: 1050 },
    perChat: { limit: 1, windowMs: 1050 },
    group: { limit: 20, windowMs: 63_000 },
  },
  DISCORD: {
    global: { limit: 50, windowMs: 1050 },
    // sending in one channel (a DM channel included): 5 per 5 s
    perChat: { limit: 5, windowMs: 5250 },
    routes: { 'dm-channel': { limit: 10, windowMs: 1050 } },
  },
}

const KEY_ROOT = 'pace'

// KEYS: ARGV[2] hold keys, then the window keys. ARGV: member, hold count, then limit/window pairs.
// Returns {1, now} when granted, or {0, waitMs, index of the blocking key (0: a hold)}.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local holds = tonumber(ARGV[2])
local wait, blocker = 0, -1
for i = 1, holds do
  local ttl = redis.call('PTTL', KEYS[i])
  if ttl > wait then wait, blocker = ttl, 0 end
end
if wait > 0 then return {0, tostring(wait), blocker} end
for i = holds + 1, #KEYS do
  local j = (i - holds - 1) * 2
  local limit, win = tonumber(ARGV[3 + j]), tonumber(ARGV[4 + j])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - win)
  local n = redis.call('ZCARD', KEYS[i])
  if n >= limit then
    local leaving = redis.call('ZRANGE', KEYS[i], n - limit, n - limit, 'WITHSCORES')
    local w = tonumber(leaving[2]) + win - now
    if w > wait then wait, blocker = w, i - holds end
  end
end
if wait > 0 then return {0, tostring(wait), blocker} end
for i = holds + 1, #KEYS do
  local j = (i - holds - 1) * 2
  redis.call('ZADD', KEYS[i], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[i], math.ceil(tonumber(ARGV[4 + j])) + 1000)
end
return {1, tostring(now)}
`

// KEYS[1]: the hold key. ARGV[1]: ms. Only ever lengthens a hold.
const HOLD = `
local ms = tonumber(ARGV[1])
if redis.call('PTTL', KEYS[1]) < ms then redis.call('SET', KEYS[1], '1', 'PX', ms) end
return 1
`

type PacerCommands = Redis & {
  tmPaceAcquire(numKeys: number, ...args: Array<string | number>): Promise<[number, string, number?]>
  tmPaceHold(key: string, ms: number): Promise<number>
}

interface Bucket {
  key: string
  window: PaceWindow
  reason: Exclude<Extract<PaceDecision, { granted: false }>['reason'], 'paused'>
}

let memberSeq = 0

export class RedisPacer implements Pacer {
  private readonly redis: PacerCommands
  private readonly id = `${process.pid}.${Math.random().toString(36).slice(2, 8)}`

  constructor(
    redis: Redis,
    readonly limits: PaceLimits = PLATFORM_LIMITS,
  ) {
    this.redis = redis as PacerCommands
    if (!('tmPaceAcquire' in redis)) {
      redis.defineCommand('tmPaceAcquire', { lua: ACQUIRE })
      redis.defineCommand('tmPaceHold', { numberOfKeys: 1, lua: HOLD })
    }
  }

  private holdKey(platform: PacedPlatform, route?: string): string {
    return route ? `${KEY_ROOT}:${platform}:hold:${route}` : `${KEY_ROOT}:${platform}:hold`
  }

  private buckets(req: PaceRequest): Bucket[] {
    const l = this.limits[req.platform]
    const base = `${KEY_ROOT}:${req.platform}`
    const out: Bucket[] = [{ key: `${base}:global`, window: l.global, reason: 'global' }]
    const route = req.route ? l.routes?.[req.route] : undefined
    // a route of its own (opening a DM channel) counts against the global limit and its own bucket, not the chat's
    if (route) out.push({ key: route.perChat ? `${base}:route:${req.route}:${req.chat}` : `${base}:route:${req.route}`, window: route, reason: 'route' })
    else {
      out.push({ key: `${base}:chat:${req.chat}`, window: l.perChat, reason: 'chat' })
      if (l.group && req.chat.startsWith('-')) out.push({ key: `${base}:group:${req.chat}`, window: l.group, reason: 'group' })
    }
    return out
  }

  async tryAcquire(req: PaceRequest): Promise<PaceDecision> {
    const holds = [this.holdKey(req.platform), ...(req.route ? [this.holdKey(req.platform, req.route)] : [])]
    const buckets = this.buckets(req)
    const member = `${this.id}.${++memberSeq}`
    const args = buckets.flatMap((b) => [b.window.limit, b.window.windowMs])
    const [ok, value, blocker] = await this.redis.tmPaceAcquire(holds.length + buckets.length, ...holds, ...buckets.map((b) => b.key), member, holds.length, ...args)
    if (ok === 1) return { granted: true, at: Number(value) }
    return { granted: false, waitMs: Math.max(1, Math.ceil(Number(value))), reason: blocker === 0 ? 'paused' : buckets[blocker! - 1]!.reason }
  }

  async acquire(req: PaceRequest, opts: { signal?: AbortSignal } = {}): Promise<{ at: number }> {
    for (;;) {
      opts.signal?.throwIfAborted()
      const d = await this.tryAcquire(req)
      if (d.granted) return { at: d.at }
      // a little jitter so that processes woken by the same slot do not all ask at once
      await sleep(d.waitMs + Math.random() * 5, opts.signal)
    }
  }

  async rateLimited(input: { platform: PacedPlatform; retryAfterMs: number; route?: string }): Promise<void> {
    const ms = Math.max(1, Math.ceil(input.retryAfterMs))
    await this.redis.tmPaceHold(this.holdKey(input.platform, input.route), ms)
  }

  async heldFor(platform: PacedPlatform, route?: string): Promise<number> {
    return Math.max(0, await this.redis.pttl(this.holdKey(platform, route)))
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(done, ms)
    function done() {
      signal?.removeEventListener('abort', abort)
      resolve()
    }
    function abort() {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    signal?.addEventListener('abort', abort, { once: true })
  })
}
