// The Pacer on Redis, checked and taken in one Lua script on Redis's own
// clock, so every process shares the same limits and the same time: each
// platform's overall limit as evenly spaced slots taken in turn (a slot may be
// reserved a little ahead), per-chat, group and route limits as sliding-window
// logs (one sorted set of grant times per bucket). A 429 sets a hold key that
// every process sees until its retry_after runs out.
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

/** How far ahead acquire() may reserve the platform's next slot (tryAcquire: only a slot free now). */
const MAX_AHEAD_MS = 60_000

// Times are microseconds on Redis's clock (whole numbers: exact in Lua's doubles).
// KEYS: ARGV[2] hold keys, the platform's next-slot key, then the window keys.
// ARGV: member, hold count, how far ahead a slot may be reserved, the global
// interval, then limit/window pairs of the window keys.
// The platform's overall limit is one slot every interval (no bursts: sends are
// spread evenly, so a late process cannot bunch them into one of the
// platform's windows), reserved in turn: a caller may get a slot a little
// ahead and sleeps until it, so wake-up lateness does not slow the pace.
// Per-chat, group and route limits are sliding-window logs of grant times.
// Returns {1, at ms, wait ms} when granted, or {0, wait ms, index of the blocking
// key (0: a hold, 1: the overall limit, 2..: the windows)}.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local holds = tonumber(ARGV[2])
local wait, blocker = 0, -1
for i = 1, holds do
  local ttl = redis.call('PTTL', KEYS[i]) * 1000
  if ttl > wait then wait, blocker = ttl, 0 end
end
if wait > 0 then return {0, tostring(wait / 1000), blocker} end
local g = holds + 1
for i = g + 1, #KEYS do
  local j = (i - g - 1) * 2
  local limit, win = tonumber(ARGV[5 + j]), tonumber(ARGV[6 + j])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - win)
  local n = redis.call('ZCARD', KEYS[i])
  if n >= limit then
    local leaving = redis.call('ZRANGE', KEYS[i], n - limit, n - limit, 'WITHSCORES')
    local w = tonumber(leaving[2]) + win - now
    if w > wait then wait, blocker = w, i - holds end
  end
end
if wait > 0 then return {0, tostring(wait / 1000), blocker} end
local at = math.max(now, tonumber(redis.call('GET', KEYS[g]) or '0'))
if at - now > tonumber(ARGV[3]) then return {0, tostring((at - now) / 1000), 1} end
local nextAt = at + tonumber(ARGV[4])
redis.call('SET', KEYS[g], string.format('%.0f', nextAt), 'PX', math.ceil((nextAt - now) / 1000) + 1000)
for i = g + 1, #KEYS do
  local j = (i - g - 1) * 2
  redis.call('ZADD', KEYS[i], string.format('%.0f', at), ARGV[1])
  redis.call('PEXPIRE', KEYS[i], math.ceil((tonumber(ARGV[6 + j]) + at - now) / 1000) + 1000)
end
return {1, tostring(at / 1000), tostring((at - now) / 1000)}
`

// KEYS[1]: the hold key. ARGV[1]: ms. Only ever lengthens a hold.
const HOLD = `
local ms = tonumber(ARGV[1])
if redis.call('PTTL', KEYS[1]) < ms then redis.call('SET', KEYS[1], '1', 'PX', ms) end
return 1
`

type PacerCommands = Redis & {
  tmPaceAcquire(numKeys: number, ...args: Array<string | number>): Promise<[number, string, number | string]>
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
    const out: Bucket[] = [{ key: `${base}:next-slot`, window: l.global, reason: 'global' }]
    const route = req.route ? l.routes?.[req.route] : undefined
    // a route of its own (opening a DM channel) counts against the global limit and its own bucket, not the chat's
    if (route) out.push({ key: route.perChat ? `${base}:route:${req.route}:${req.chat}` : `${base}:route:${req.route}`, window: route, reason: 'route' })
    else {
      out.push({ key: `${base}:chat:${req.chat}`, window: l.perChat, reason: 'chat' })
      if (l.group && req.chat.startsWith('-')) out.push({ key: `${base}:group:${req.chat}`, window: l.group, reason: 'group' })
    }
    return out
  }

  /** Takes a slot no later than `aheadMs` from now, or says how long to wait. */
  private async reserve(req: PaceRequest, aheadMs: number): Promise<{ granted: true; at: number; waitMs: number } | Extract<PaceDecision, { granted: false }>> {
    const holds = [this.holdKey(req.platform), ...(req.route ? [this.holdKey(req.platform, req.route)] : [])]
    const buckets = this.buckets(req)
    const [global, ...windows] = buckets
    const member = `${this.id}.${++memberSeq}`
    const us = (ms: number) => Math.round(ms * 1000)
    const args = windows.flatMap((b) => [b.window.limit, us(b.window.windowMs)])
    const keys = [...holds, global!.key, ...windows.map((b) => b.key)]
    const [ok, value, extra] = await this.redis.tmPaceAcquire(keys.length, ...keys, member, holds.length, us(aheadMs), us(global!.window.windowMs / global!.window.limit), ...args)
    if (ok === 1) return { granted: true, at: Number(value), waitMs: Number(extra) }
    const blocker = Number(extra)
    return { granted: false, waitMs: Math.max(1, Math.ceil(Number(value))), reason: blocker === 0 ? 'paused' : buckets[blocker - 1]!.reason }
  }

  async tryAcquire(req: PaceRequest): Promise<PaceDecision> {
    const d = await this.reserve(req, 0)
    return d.granted ? { granted: true, at: d.at } : d
  }

  async acquire(req: PaceRequest, opts: { signal?: AbortSignal } = {}): Promise<{ at: number }> {
    for (;;) {
      opts.signal?.throwIfAborted()
      const d = await this.reserve(req, MAX_AHEAD_MS)
      if (d.granted) {
        if (d.waitMs <= 0) return { at: d.at }
        await sleep(d.waitMs, opts.signal)
        // a 429 reported while this slot waited holds it too: take another after the hold
        if ((await this.heldFor(req.platform)) > 0 || (req.route && (await this.heldFor(req.platform, req.route)) > 0)) continue
        return { at: d.at }
      }
      // a little jitter so that processes woken by the same slot do not all ask at once
      await sleep(d.waitMs + Math.random() * 5, opts.signal)
    }
  }

  async rateLimited(input: { platform: PacedPlatform; retryAfterMs: number; route?: string }): Promise<void> {
    const ms = Math.max(1, Math.ceil(input.retryAfterMs))
    await this.redis.tmPaceHold(this.holdKey(input.platform, input.route), ms)
  }

  spacingMs(platform: PacedPlatform): number {
    const { global } = this.limits[platform]
    return global.windowMs / global.limit
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
