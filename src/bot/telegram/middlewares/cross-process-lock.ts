// In webhook mode several api processes can receive updates of one chat at the
// same time (Telegram opens up to max_connections to the webhook), and
// sequentialize() only orders updates inside one process. This middleware makes
// the updates of one chat (and one user) run one at a time across processes,
// with short Redis locks (SET NX PX; released only by their holder). A lock
// whose holder died expires after ttlMs; an update that waited waitMs for a
// lock goes ahead anyway (logged), so a stuck chat never stops the bot.
import type { Middleware } from 'grammy'
import type { Redis } from 'ioredis'
import type { BotContext } from '../context'

export interface LockOptions {
  ttlMs: number
  waitMs: number
  pollMs: number
}

const DEFAULTS: LockOptions = { ttlMs: 30_000, waitMs: 7_000, pollMs: 15 }

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`

export function crossProcessLock(redis: Redis, keysOf: (ctx: BotContext) => string[], options: Partial<LockOptions> = {}): Middleware<BotContext> {
  const opts = { ...DEFAULTS, ...options }
  return async (ctx, next) => {
    // a fixed order over all keys, so two updates never wait on each other in a circle
    const keys = [...new Set(keysOf(ctx))].sort().map((k) => `tg:lock:${k}`)
    if (!keys.length) return next()
    const token = crypto.randomUUID()
    const held = await acquireAll(redis, keys, token, opts)
    if (!held) ctx.log.warn({ keys }, 'waited too long for another process to finish this chat; going ahead')
    try {
      await next()
    } finally {
      if (held) await Promise.all(keys.map((k) => redis.eval(RELEASE, 1, k, token).catch(() => undefined)))
    }
  }
}

async function acquireAll(redis: Redis, keys: string[], token: string, opts: LockOptions): Promise<boolean> {
  const deadline = Date.now() + opts.waitMs
  for (;;) {
    const got: string[] = []
    for (const key of keys) {
      if ((await redis.set(key, token, 'PX', opts.ttlMs, 'NX')) !== 'OK') break
      got.push(key)
    }
    if (got.length === keys.length) return true
    await Promise.all(got.map((k) => redis.eval(RELEASE, 1, k, token)))
    if (Date.now() >= deadline) return false
    await new Promise((r) => setTimeout(r, opts.pollMs * (0.5 + Math.random())))
  }
}
