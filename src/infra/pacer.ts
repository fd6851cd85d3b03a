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
  /**
   * Named buckets; `perChat` keeps one bucket per chat instead of one for all;
   * `spaced`: evenly spaced slots taken in turn, like the overall limit.
   */
  routes?: Record<string, PaceWindow & { perChat?: boolean; spaced?: boolean }>
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
    // discord.js queues a route's requests and lets them go together at its reset: evenly spaced, they do not bunch
    routes: { 'dm-channel': { limit: 10, windowMs: 1050, spaced: true } },
  },
}

const KEY_ROOT = 'pace'

/** How far ahead acquire() may reserve the platform's next slot (tryAcquire: only a slot free now). */
const MAX_AHEAD_MS = 60_000

// Times are microseconds on Redis's clock (whole numbers: exact in Lua's doubles).
// KEYS: ARGV[2] hold keys, ARGV[3] next-slot keys (the platform's overall
// limit, spaced routes), then the window keys. ARGV: member, hold count,
// next-slot count, how far ahead a slot may be reserved, the next-slot keys'
// intervals, then limit/window pairs of the window keys.
// An overall limit (and a spaced route) is one slot every interval (no bursts:
// sends are spread evenly, so a late process cannot bunch them into one of the
// platform's windows), reserved in turn: a caller may get a slot a little
// ahead and sleeps until it, so wake-up lateness does not slow the pace.
// Per-chat, group and other route limits are sliding-window logs of grant times.
// Returns {1, at ms, wait ms} when granted, or {0, wait ms, index of the blocking
// key (0: a hold, then 1.. the next-slot keys and the windows, in order)}.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local holds, spaced = tonumber(ARGV[2]), tonumber(ARGV[3])
local wait, blocker = 0, -1
for i = 1, holds do
  local ttl = redis.call('PTTL', KEYS[i]) * 1000
  if ttl > wait then wait, blocker = ttl, 0 end
end
if wait > 0 then return {0, tostring(wait / 1000), blocker} end
local w = holds + spaced
for i = w + 1, #KEYS do
  local j = 5 + spaced + (i - w - 1) * 2
  local limit, win = tonumber(ARGV[j]), tonumber(ARGV[j + 1])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - win)
  local n = redis.call('ZCARD', KEYS[i])
  if n >= limit then
    local leaving = redis.call('ZRANGE', KEYS[i], n - limit, n - limit, 'WITHSCORES')
    local left = tonumber(leaving[2]) + win - now
    if left > wait then wait, blocker = left, i - holds end
  end
end
if wait > 0 then return {0, tostring(wait / 1000), blocker} end
local at, slotBlocker = now, 1
for i = holds + 1, w do
  local free = tonumber(redis.call('GET', KEYS[i]) or '0')
  if free > at then at, slotBlocker = free, i - holds end
end
if at - now > tonumber(ARGV[4]) then return {0, tostring((at - now) / 1000), slotBlocker} end
for i = holds + 1, w do
  local nextAt = at + tonumber(ARGV[4 + i - holds])
  redis.call('SET', KEYS[i], string.format('%.0f', nextAt), 'PX', math.ceil((nextAt - now) / 1000) + 1000)
end
for i = w + 1, #KEYS do
  local j = 5 + spaced + (i - w - 1) * 2
  redis.call('ZADD', KEYS[i], string.format('%.0f', at), ARGV[1])
  redis.call('PEXPIRE', KEYS[i], math.ceil((tonumber(ARGV[j + 1]) + at - now) / 1000) + 1000)
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
  /** Evenly spaced slots (a next-slot key) rather than a sliding-window log. */
  spaced?: boolean
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
    const out: Bucket[] = [{ key: `${base}:next-slot`, window: l.global, reason: 'global', spaced: true }]
    const route = req.route ? l.routes?.[req.route] : undefined
    // a route of its own (opening a DM channel) counts against the global limit and its own bucket, not the chat's
    if (route) {
      const key = `${base}:${route.spaced ? 'route-slot' : 'route'}:${req.route}${route.perChat ? `:${req.chat}` : ''}`
      out.push({ key, window: route, reason: 'route', spaced: route.spaced === true })
    }
    else {
      out.push({ key: `${base}:chat:${req.chat}`, window: l.perChat, reason: 'chat' })
      if (l.group && req.chat.startsWith('-')) out.push({ key: `${base}:group:${req.chat}`, window: l.group, reason: 'group' })
    }
    return out
  }

  /** Takes a slot no later than `aheadMs` from now, or says how long to wait. */
  private async reserve(req: PaceRequest, aheadMs: number): Promise<{ granted: true; at: number; waitMs: number } | Extract<PaceDecision, { granted: false }>> {
    const holds = [this.holdKey(req.platform), ...(req.route ? [this.holdKey(req.platform, req.route)] : [])]
    const all = this.buckets(req)
    const slots = all.filter((b) => b.spaced)
    const windows = all.filter((b) => !b.spaced)
    const buckets = [...slots, ...windows] // the script's order
    const member = `${this.id}.${++memberSeq}`
    const us = (ms: number) => Math.round(ms * 1000)
    const keys = [...holds, ...buckets.map((b) => b.key)]
    const intervals = slots.map((b) => us(b.window.windowMs / b.window.limit))
    const limits = windows.flatMap((b) => [b.window.limit, us(b.window.windowMs)])
    const [ok, value, extra] = await this.redis.tmPaceAcquire(keys.length, ...keys, member, holds.length, slots.length, us(aheadMs), ...intervals, ...limits)
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
