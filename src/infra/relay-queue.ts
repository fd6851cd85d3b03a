// Outbound relay through BullMQ: one queue per platform, in order per
// destination chat, with retries, backoff, 429 retry_after and coalescing.
//
// Why this design. Open-source BullMQ has no job groups, and a queue worker with
// concurrency > 1 runs jobs in any order. So the order lives in Redis next to
// the queue, per destination chat:
//   relay:seq:<chat>     INCR'd per op: the op's place in the chat's order
//   relay:outbox:<chat>  sorted set of pending ops, score = seq (written in the
//                        same Lua call as the INCR, so there are no gaps)
//   relay:done:<chat>    the highest seq delivered (advanced by compare-and-set)
//   relay:lock:<chat>    one drainer per chat at a time (token, expires)
//   relay:pause:<chat>   a 429's retry_after: nobody calls that chat before it
//   relay:sent:<chat>    timestamps of the last minute's calls (Telegram groups)
// Each op also gets one BullMQ job (durable: it survives a kill -9 of any
// process; BullMQ's stalled-job check hands it to another worker). A job does
// not carry the op: it means "deliver this chat's outbox up to seq N". Whoever
// holds the chat's lock delivers the outbox from done+1 in order, so the job of
// a later op finishes at once when an earlier job delivered it already, and a
// job that finds the lock taken waits a moment (moved to delayed, no attempt
// used). A failed call throws: BullMQ retries the job with capped exponential
// backoff and the op stays at the head of the outbox, so nothing behind it
// overtakes it. A 429 pauses the chat for retry_after without using an attempt.
// A permanent refusal (bot removed, message too old) is logged and skipped so
// the chat's stream goes on. Delivery is at least once: a process killed after
// the platform call but before `done` moved repeats that one call (the
// message-id map makes a repeated send of a recorded copy a no-op).
//
// Order is the order ops were queued. Two relay processes accepting two
// messages of one room in the same millisecond may queue them in either order;
// each chat still sees one order, and the web shows history order.
import { DelayedError, type Job, Queue, Worker } from 'bullmq'
import type { Deliverer } from '../bridge/delivery'
import { PermanentDeliveryError, type RelayLimits, RateLimitedError, type RelayOp, type RelayQueue } from '../bridge/ports'
import type { Platform } from '../domain/types'
import type { Logger } from './logger'
import type { Redis, RedisConnections } from './redis'

const PLATFORMS: Platform[] = ['TELEGRAM', 'DISCORD']
const queueName = (platform: Platform) => `relay-${platform.toLowerCase()}`
const chatKey = (platform: Platform, chatId: string) => `${platform}:${chatId}`
const keys = (chat: string) => ({
  seq: `relay:seq:${chat}`,
  outbox: `relay:outbox:${chat}`,
  done: `relay:done:${chat}`,
  lock: `relay:lock:${chat}`,
  pause: `relay:pause:${chat}`,
  sent: `relay:sent:${chat}`,
})

/** How long a dead worker's chat lock and active job stay claimed before another worker takes over. */
const LOCK_TTL_MS = 30_000
/** How long a job waits when another worker is draining its chat. */
const LOCK_WAIT_MS = 15
/** Ops one job delivers before letting other chats' jobs run. */
const MAX_OPS_PER_JOB = 200
const PAGE = 50
/** Attempts on transient failures (5xx, timeouts); with backoff capped at a minute this is days of retrying. */
const MAX_ATTEMPTS = 5000
const MAX_BACKOFF_MS = 60_000

interface DrainJob {
  platform: Platform
  chatId: string
  seq: number
}

// KEYS seq, outbox; ARGV op json -> seq
const ENQUEUE = `
local seq = redis.call('INCR', KEYS[1])
redis.call('ZADD', KEYS[2], seq, seq .. '|' .. ARGV[1])
return seq`

// KEYS done, lock; ARGV seq, token, ttl -> -1 already delivered, 0 lock taken, 1 locked by us
const CLAIM = `
if tonumber(redis.call('GET', KEYS[1]) or '0') >= tonumber(ARGV[1]) then return -1 end
if redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3], 'NX') then return 1 end
return 0`

// KEYS pause, done, outbox, lock; ARGV page, token, ttl -> { paused until (ms), done, op... },
// or nothing when the lock is no longer ours (it lapsed while we were slow; another worker carries on)
const PEEK = `
if redis.call('GET', KEYS[4]) ~= ARGV[2] then return false end
redis.call('PEXPIRE', KEYS[4], ARGV[3])
local done = tonumber(redis.call('GET', KEYS[2]) or '0')
local ops = redis.call('ZRANGEBYSCORE', KEYS[3], done + 1, '+inf', 'LIMIT', 0, tonumber(ARGV[1]))
table.insert(ops, 1, tostring(done))
table.insert(ops, 1, redis.call('GET', KEYS[1]) or '0')
return ops`

// KEYS done, outbox, lock; ARGV expected done, new done, token, ttl -> 1 when advanced (and the lock extended)
const ADVANCE = `
if tonumber(redis.call('GET', KEYS[1]) or '0') ~= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
if redis.call('GET', KEYS[3]) == ARGV[3] then redis.call('PEXPIRE', KEYS[3], ARGV[4]) end
return 1`

// KEYS lock; ARGV token
const UNLOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`

/** BullMQ keys go under the installation's prefix, beside the other queues' (`<prefix>bull:<queue>:…`). */
function bullPrefix(redis: RedisConnections): string {
  return `${redis.prefix}bull`
}

function bullConnection(redis: RedisConnections): Redis {
  // BullMQ keeps its own key prefix and does not support ioredis' keyPrefix
  return redis.duplicate({ maxRetriesPerRequest: null, keyPrefix: '' })
}

/** The producer side: the router queues ops here. */
export class BullRelayQueue implements RelayQueue {
  private readonly queues = new Map<Platform, Queue>()

  constructor(private readonly redis: RedisConnections) {
    for (const platform of PLATFORMS)
      this.queues.set(platform, new Queue(queueName(platform), { connection: bullConnection(redis), prefix: bullPrefix(redis) }))
  }

  async enqueue(op: Omit<RelayOp, 'at'>): Promise<void> {
    const queue = this.queues.get(op.platform)
    if (!queue) throw new Error(`no relay queue for ${op.platform}`)
    const k = keys(chatKey(op.platform, op.chatId))
    const full: RelayOp = { ...op, at: Date.now() }
    const seq = Number(await this.redis.client.eval(ENQUEUE, 2, k.seq, k.outbox, JSON.stringify(full)))
    const data: DrainJob = { platform: op.platform, chatId: op.chatId, seq }
    await queue.add('drain', data, {
      attempts: MAX_ATTEMPTS,
      backoff: { type: 'capped' },
      removeOnComplete: true,
      removeOnFail: 10_000,
    })
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()))
  }
}

export interface RelayWorkersOptions {
  redis: RedisConnections
  deliverer: Deliverer
  logger: Logger
  /** Platforms to deliver to (those with an adapter). */
  platforms: Platform[]
  concurrency?: number
  /** How soon a killed worker's chats and jobs are taken over (default 30 s; tests use less). */
  recoveryMs?: number
  /** Called after each delivered batch (benchmarks, metrics). */
  onDelivered?: (ops: RelayOp[]) => void
}

/** The consumer side: one BullMQ worker per platform, draining chats in order. */
export async function startRelayWorkers(opts: RelayWorkersOptions): Promise<{ close(): Promise<void>; workers: Worker[] }> {
  const { redis, deliverer, logger } = opts
  const lockTtl = opts.recoveryMs ?? LOCK_TTL_MS
  const client = redis.client
  const workers: Worker[] = []
  for (const platform of opts.platforms) {
    const adapter = deliverer.adapterFor(platform)
    if (!adapter) throw new Error(`no chat adapter for ${platform}`)
    const log = logger.child({ relay: platform })
    const worker = new Worker<DrainJob>(
      queueName(platform),
      (job, token) => drain(job, token, adapter.limits, log.child({ jobId: job.id, chat: job.data.chatId })),
      {
        connection: bullConnection(redis),
        prefix: bullPrefix(redis),
        concurrency: opts.concurrency ?? 16,
        // a killed worker's active jobs go back to the queue once their lock lapses
        lockDuration: lockTtl,
        stalledInterval: lockTtl,
        settings: { backoffStrategy: (attemptsMade: number) => Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(attemptsMade, 16)) },
        autorun: true,
      },
    )
    worker.on('failed', (job, err) => log.warn({ jobId: job?.id, attempts: job?.attemptsMade, err: { name: err.name, message: err.message } }, 'relay delivery failed; will retry'))
    worker.on('error', (err) => log.error({ err }, 'relay worker error'))
    await worker.waitUntilReady()
    workers.push(worker)
  }

  async function drain(job: Job<DrainJob>, token: string | undefined, limits: RelayLimits, log: Logger): Promise<void> {
    const { platform, chatId, seq } = job.data
    const k = keys(chatKey(platform, chatId))
    const lockToken = `${job.id}:${crypto.randomUUID()}`
    const claim = Number(await client.eval(CLAIM, 2, k.done, k.lock, seq, lockToken, lockTtl))
    if (claim < 0) return
    if (claim === 0) return await later(job, token, Date.now() + LOCK_WAIT_MS)
    try {
      let delivered = 0
      for (;;) {
        // a long stream: let other chats' jobs run, and come back if this job's op is still ahead
        if (delivered >= MAX_OPS_PER_JOB) return Number((await client.get(k.done)) ?? 0) >= seq ? undefined : await later(job, token, Date.now())
        const peeked = (await client.eval(PEEK, 4, k.pause, k.done, k.outbox, k.lock, PAGE, lockToken, lockTtl)) as string[] | null
        if (!peeked) return Number((await client.get(k.done)) ?? 0) >= seq ? undefined : await later(job, token, Date.now() + LOCK_WAIT_MS)
        const [pause, doneRaw, ...raw] = peeked
        const pausedUntil = Number(pause)
        if (pausedUntil > Date.now()) return await later(job, token, pausedUntil)
        const done = Number(doneRaw)
        if (raw.length === 0) return
        const pending = raw.map((r) => ({ seq: Number(r.slice(0, r.indexOf('|'))), op: JSON.parse(r.slice(r.indexOf('|') + 1)) as RelayOp }))
        let tokens = Number.POSITIVE_INFINITY
        if (limits.perChatPerMinute) {
          const { available, nextAt } = await rateWindow(k.sent, limits.perChatPerMinute)
          if (available < 1) return await later(job, token, nextAt)
          tokens = available
        }
        const n = await deliverer.planBatch(pending.map((p) => p.op), tokens, limits)
        const batch = pending.slice(0, n)
        try {
          await deliverer.deliver(batch.map((p) => p.op))
        } catch (err) {
          if (err instanceof RateLimitedError) {
            const until = Date.now() + Math.max(1, err.retryAfterMs)
            await client.set(k.pause, String(until), 'PX', Math.max(1, err.retryAfterMs) + 1000)
            log.info({ retryAfterMs: err.retryAfterMs }, 'platform asked to wait; pausing this chat')
            return await later(job, token, until)
          }
          if (!(err instanceof PermanentDeliveryError)) throw err
          log.warn({ err: { message: err.message }, ops: batch.map((p) => p.op.op) }, 'platform refused for good; skipping')
        }
        if (limits.perChatPerMinute) await client.zadd(k.sent, String(Date.now()), `${Date.now()}:${lockToken}:${delivered}`)
        const last = batch[batch.length - 1]!.seq
        if (Number(await client.eval(ADVANCE, 3, k.done, k.outbox, k.lock, done, last, lockToken, lockTtl)) !== 1) return // someone else moved on (an expired lock)
        opts.onDelivered?.(batch.map((p) => p.op))
        delivered += batch.length
      }
    } finally {
      await client.eval(UNLOCK, 1, k.lock, lockToken)
    }
  }

  /** Calls the chat took in the last minute: how many more it takes now, and when the next slot frees up. */
  async function rateWindow(key: string, perMinute: number): Promise<{ available: number; nextAt: number }> {
    const now = Date.now()
    await client.zremrangebyscore(key, '-inf', now - 60_000)
    const count = await client.zcard(key)
    if (count < perMinute) return { available: perMinute - count, nextAt: now }
    const oldest = await client.zrange(key, '0', '0', 'WITHSCORES')
    await client.pexpire(key, 61_000)
    return { available: 0, nextAt: Number(oldest[1] ?? now) + 60_000 }
  }

  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()))
    },
  }
}

/** Puts the job back to wait until `at` without using an attempt. Always `await` it (a bare return inside try/finally leaves its rejection unhandled for a moment). */
async function later(job: Job, token: string | undefined, at: number): Promise<never> {
  await job.moveToDelayed(at, token)
  throw new DelayedError()
}
