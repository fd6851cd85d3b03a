/** Rate limits of the simulated Bot API. All values are per bot. */
export interface RateLimits {
  /** Messages per second across all chats (Telegram: ~30). */
  globalPerSecond: number
  /** Sustained messages per second into one chat (Telegram: ~1). */
  perChatPerSecond: number
  /** Messages one chat can absorb at once before the per-chat rate applies. */
  perChatBurst: number
  /** Messages per minute into one group or supergroup (Telegram: 20). */
  perGroupPerMinute: number
}

export const DEFAULT_LIMITS: RateLimits = {
  globalPerSecond: 30,
  perChatPerSecond: 1,
  perChatBurst: 3,
  perGroupPerMinute: 20,
}

/** Classic token bucket: `capacity` tokens, refilled at `ratePerSec`. */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(readonly capacity: number, readonly ratePerSec: number, now: number) {
    this.tokens = capacity
    this.last = now
  }

  private refill(now: number) {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.ratePerSec)
    this.last = now
  }

  /** Seconds to wait until `cost` tokens are available (0 when available now). */
  waitFor(cost: number, now: number): number {
    this.refill(now)
    if (this.tokens >= cost - 1e-9) return 0
    return (cost - this.tokens) / this.ratePerSec
  }

  take(cost: number, now: number) {
    this.refill(now)
    this.tokens -= cost
  }
}

/** The kind of call being limited: new messages count everywhere, edits only per chat. */
export type LimitKind = 'send' | 'edit'

/**
 * Telegram-like limiter: one global bucket, one bucket per chat and one
 * per-minute bucket per group (negative chat ids). A call passes only if every
 * applicable bucket has room; it then takes from all of them at once.
 */
export class RateLimiter {
  private global: TokenBucket
  private chats = new Map<number, TokenBucket>()
  private groups = new Map<number, TokenBucket>()

  constructor(
    private limits: RateLimits | false,
    private readonly now: () => number,
  ) {
    this.global = this.makeGlobal()
  }

  private makeGlobal() {
    const l = this.limits || DEFAULT_LIMITS
    return new TokenBucket(l.globalPerSecond, l.globalPerSecond, this.now())
  }

  get current(): RateLimits | false {
    return this.limits
  }

  /** Replaces the limits (or `false` to disable) and resets all buckets. */
  configure(limits: Partial<RateLimits> | false) {
    this.limits = limits === false ? false : { ...(this.limits || DEFAULT_LIMITS), ...limits }
    this.global = this.makeGlobal()
    this.chats.clear()
    this.groups.clear()
  }

  /**
   * Checks and consumes capacity for `cost` messages to `chatId`.
   * @returns 0 when allowed, else the whole seconds to wait (Telegram's `retry_after`).
   */
  acquire(chatId: number, kind: LimitKind, cost = 1): number {
    const limits = this.limits
    if (!limits) return 0
    const now = this.now()
    const buckets: TokenBucket[] = [this.bucket(this.chats, chatId, limits.perChatBurst, limits.perChatPerSecond)]
    if (kind === 'send') buckets.push(this.global)
    if (chatId < 0) buckets.push(this.bucket(this.groups, chatId, limits.perGroupPerMinute, limits.perGroupPerMinute / 60))
    const wait = Math.max(...buckets.map((b) => b.waitFor(Math.min(cost, b.capacity), now)))
    if (wait > 0) return Math.max(1, Math.ceil(wait))
    for (const b of buckets) b.take(cost, now)
    return 0
  }

  private bucket(map: Map<number, TokenBucket>, id: number, capacity: number, rate: number) {
    let b = map.get(id)
    if (!b) map.set(id, (b = new TokenBucket(capacity, rate, this.now())))
    return b
  }
}
