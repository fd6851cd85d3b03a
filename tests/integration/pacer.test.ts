// The shared pacer on real Redis, with two pacer instances on their own
// connections standing for two worker processes. Every assertion is on the
// grant times the pacer itself recorded (Redis's clock), never on how long
// the test took.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import type { PaceRequest } from '../../src/domain/pacing'
import { type PaceLimits, PLATFORM_LIMITS, RedisPacer } from '../../src/infra/pacer'
import { deleteRunKeys, openTestContext } from '../fixtures/context'

let ctx: AppContext
beforeAll(async () => {
  ctx = await openTestContext()
})
afterAll(() => ctx.close())
beforeEach(() => deleteRunKeys(ctx))

/** Two "processes": one pacer each, on separate Redis connections. */
function twoPacers(limits: PaceLimits = PLATFORM_LIMITS) {
  return [new RedisPacer(ctx.redis.duplicate(), limits), new RedisPacer(ctx.redis.duplicate(), limits)] as const
}

interface Grant {
  pacer: number
  chat: string
  at: number
}

/** `senders` loops per pacer, each taking grants for its own requests until `total` grants were made in all. */
async function run(pacers: readonly RedisPacer[], senders: number, total: number, request: (pacer: number, sender: number, n: number) => PaceRequest) {
  const grants: Grant[] = []
  await Promise.all(
    pacers.flatMap((pacer, p) =>
      Array.from({ length: senders }, async (_, s) => {
        for (let n = 0; grants.length < total; n++) {
          const req = request(p, s, n)
          const { at } = await pacer.acquire(req)
          grants.push({ pacer: p, chat: req.chat, at })
        }
      }),
    ),
  )
  return grants
}

/** The most grants that fall in any window of `windowMs` (a window (t - windowMs, t] ending at each grant). */
function busiestWindow(times: number[], windowMs: number): number {
  const t = [...times].sort((a, b) => a - b)
  let most = 0
  for (let i = 0, start = 0; i < t.length; i++) {
    while (t[i]! - t[start]! >= windowMs) start++
    most = Math.max(most, i - start + 1)
  }
  return most
}

describe('pacer shared by two processes', () => {
  it('keeps Telegram under 30 messages per second overall, together', async () => {
    const pacers = twoPacers()
    const { limit, windowMs } = PLATFORM_LIMITS.TELEGRAM.global
    // 8 senders per process, each to its own run of chats (a chat is never sent to twice in a row)
    const grants = await run(pacers, 8, 3 * limit, (p, s, n) => ({ platform: 'TELEGRAM', chat: `${p}-${s}-${n}` }))
    expect(busiestWindow(grants.map((g) => g.at), windowMs)).toBe(limit)
    // both processes took part, and the limit above held for the two together
    // (how the slots split between them depends on scheduling, so it is not asserted)
    expect(new Set(grants.map((g) => g.pacer))).toEqual(new Set([0, 1]))
  })

  it('keeps each Telegram chat at one message per window, and a group at its per-minute limit', async () => {
    const limits: PaceLimits = {
      ...PLATFORM_LIMITS,
      TELEGRAM: { global: { limit: 100, windowMs: 1000 }, perChat: { limit: 1, windowMs: 150 }, group: { limit: 3, windowMs: 900 } },
    }
    const pacers = twoPacers(limits)
    // every sender of both processes writes to the same private chat, then to the same group
    const toChat = await run(pacers, 3, 6, () => ({ platform: 'TELEGRAM', chat: '4242' }))
    expect(busiestWindow(toChat.map((g) => g.at), 150)).toBe(1)
    const toGroup = await run(pacers, 3, 7, () => ({ platform: 'TELEGRAM', chat: '-1001' }))
    expect(busiestWindow(toGroup.map((g) => g.at), 150)).toBe(1)
    expect(busiestWindow(toGroup.map((g) => g.at), 900)).toBe(3)
  })

  it('keeps Discord under 50 requests per second, a channel at 5 per window, and DM-channel opening in its own bucket', async () => {
    const limits: PaceLimits = {
      ...PLATFORM_LIMITS,
      DISCORD: { global: { limit: 50, windowMs: 1000 }, perChat: { limit: 5, windowMs: 1000 }, routes: { 'dm-channel': { limit: 4, windowMs: 1000 } } },
    }
    const pacers = twoPacers(limits)
    const all = await run(pacers, 10, 120, (p, s, n) => ({ platform: 'DISCORD', chat: `c${p}-${s}-${n}` }))
    expect(busiestWindow(all.map((g) => g.at), 1000)).toBe(50)
    const channel = await run(pacers, 3, 11, () => ({ platform: 'DISCORD', chat: 'one-channel' }))
    expect(busiestWindow(channel.map((g) => g.at), 1000)).toBe(5)
    const dms = await run(pacers, 3, 9, (p, s, n) => ({ platform: 'DISCORD', chat: `user${p}-${s}-${n}`, route: 'dm-channel' }))
    expect(busiestWindow(dms.map((g) => g.at), 1000)).toBe(4)
  })

  it('holds a platform in every process after one reports a 429, and no other platform', async () => {
    const [a, b] = twoPacers()
    const before = await a.acquire({ platform: 'TELEGRAM', chat: '1' })
    await a.rateLimited({ platform: 'TELEGRAM', retryAfterMs: 1500 })
    // the other process sees the hold at once
    const refused = await b.tryAcquire({ platform: 'TELEGRAM', chat: '2' })
    expect(refused).toMatchObject({ granted: false, reason: 'paused' })
    expect(refused.granted === false && refused.waitMs).toBeGreaterThan(1000)
    expect(await b.heldFor('TELEGRAM')).toBeGreaterThan(0)
    // Discord goes on
    expect(await b.tryAcquire({ platform: 'DISCORD', chat: '2' })).toMatchObject({ granted: true })
    // a shorter retry_after reported meanwhile does not shorten the hold
    await b.rateLimited({ platform: 'TELEGRAM', retryAfterMs: 10 })
    const after = await b.acquire({ platform: 'TELEGRAM', chat: '2' })
    expect(after.at - before.at).toBeGreaterThanOrEqual(1500)
    expect(await a.heldFor('TELEGRAM')).toBe(0)
  })

  it('holds only a route when the 429 named one', async () => {
    const [a, b] = twoPacers()
    await a.rateLimited({ platform: 'DISCORD', route: 'dm-channel', retryAfterMs: 5000 })
    expect(await b.tryAcquire({ platform: 'DISCORD', chat: 'u1', route: 'dm-channel' })).toMatchObject({ granted: false, reason: 'paused' })
    expect(await b.tryAcquire({ platform: 'DISCORD', chat: 'channel-1' })).toMatchObject({ granted: true })
    const controller = new AbortController()
    const waiting = b.acquire({ platform: 'DISCORD', chat: 'u1', route: 'dm-channel' }, { signal: controller.signal })
    controller.abort(new Error('shutting down'))
    await expect(waiting).rejects.toThrow('shutting down')
  })
})
