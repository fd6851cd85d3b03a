// The sign-in brake on its own (Redis only): attempts are counted atomically
// before the password is checked, so parallel attempts cannot slip past a limit.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import { DeviceCookies, LoginThrottle } from '../../src/admin/auth'
import { deleteRunKeys, openTestContext } from '../fixtures/context'

const LIMITS = { perEmailAndAddress: 3, perEmail: 5, perAddress: 7, perDevice: 4, windowSeconds: 60 }

let ctx: AppContext
let throttle: LoginThrottle

beforeAll(async () => {
  ctx = await openTestContext()
  throttle = new LoginThrottle(ctx.redis.client, LIMITS)
})
afterAll(async () => {
  await deleteRunKeys(ctx)
  await ctx?.close()
})
beforeEach(() => deleteRunKeys(ctx))

/** How many of the parallel attempts were let through, and the waits of the refused ones. */
async function parallel(attempts: Array<[email: string, address: string]>) {
  const waits = await Promise.all(attempts.map(([email, address]) => throttle.reserve(email, address)))
  return { allowed: waits.filter((w) => w === 0).length, refused: waits.filter((w) => w > 0) }
}

const times = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i))

describe('LoginThrottle', () => {
  it('lets through at most the limit of parallel attempts for one email from one address', async () => {
    const { allowed, refused } = await parallel(times(30, () => ['a@example.test', '192.0.2.1']))
    expect(allowed).toBe(LIMITS.perEmailAndAddress)
    expect(refused).toHaveLength(30 - LIMITS.perEmailAndAddress)
    for (const wait of refused) expect(wait).toBeGreaterThan(LIMITS.windowSeconds - 5)
    for (const wait of refused) expect(wait).toBeLessThanOrEqual(LIMITS.windowSeconds)
    // the email is the same however it is typed
    expect(await throttle.reserve(' A@Example.TEST ', '192.0.2.1')).toBeGreaterThan(0)
  })

  it('limits one email across all addresses, and one address across all emails', async () => {
    const email = await parallel(times(30, (i) => ['b@example.test', `192.0.2.${i + 10}`]))
    expect(email.allowed).toBe(LIMITS.perEmail)
    expect(await throttle.reserve('b@example.test', '198.51.100.99')).toBeGreaterThan(0)
    const address = await parallel(times(30, (i) => [`user${i}@example.test`, '203.0.113.5']))
    expect(address.allowed).toBe(LIMITS.perAddress)
    expect(await throttle.reserve('someone-else@example.test', '203.0.113.5')).toBeGreaterThan(0)
  })

  it('does not count refused attempts, and a success gives its attempt back', async () => {
    // locked out for one email: the refused attempts do not use up the address's allowance
    await parallel(times(20, () => ['c@example.test', '192.0.2.50']))
    const others = await parallel(times(10, (i) => [`other${i}@example.test`, '192.0.2.50']))
    expect(others.allowed).toBe(LIMITS.perAddress - LIMITS.perEmailAndAddress)
    // right passwords never lock anyone out
    for (let i = 0; i < 3 * LIMITS.perEmail; i++) {
      expect(await throttle.reserve('d@example.test', '192.0.2.60')).toBe(0)
      await throttle.recordSuccess('d@example.test', '192.0.2.60')
    }
    // a success forgives the failures of that email from that address
    for (let i = 0; i < LIMITS.perEmailAndAddress - 1; i++) expect(await throttle.reserve('e@example.test', '192.0.2.70')).toBe(0)
    expect(await throttle.reserve('e@example.test', '192.0.2.70')).toBe(0)
    await throttle.recordSuccess('e@example.test', '192.0.2.70')
    expect((await parallel(times(10, () => ['e@example.test', '192.0.2.70']))).allowed).toBe(LIMITS.perEmailAndAddress)
  })

  it("counts a known browser's attempts on its own: an email locked for unknown browsers stays open to it", async () => {
    await parallel(times(30, (i) => ['f@example.test', `192.0.2.${100 + i}`]))
    expect(await throttle.reserve('f@example.test', '192.0.2.200')).toBeGreaterThan(0)
    // two browsers that signed in before, from any address
    expect(await throttle.reserve('f@example.test', '192.0.2.200', 'device-1')).toBe(0)
    for (let i = 1; i < LIMITS.perDevice; i++) expect(await throttle.reserve('f@example.test', '192.0.2.201', 'device-1')).toBe(0)
    // one of them guessed too often: locked itself, the other not
    expect(await throttle.reserve('f@example.test', '192.0.2.201', 'device-1')).toBeGreaterThan(0)
    expect(await throttle.reserve('f@example.test', '192.0.2.202', 'device-2')).toBe(0)
  })
})

describe('DeviceCookies', () => {
  it('accepts a cookie only for the email it was issued for, unaltered', () => {
    const devices = new DeviceCookies('a-session-secret-of-at-least-32-chars!')
    const cookie = devices.issue('Author@Example.test')
    const id = devices.verify('author@example.test', cookie)
    expect(id).toBeTruthy()
    expect(devices.verify('other@example.test', cookie)).toBeNull()
    expect(devices.verify('author@example.test', `${id}x.${cookie.split('.')[1]}`)).toBeNull()
    expect(devices.verify('author@example.test', undefined)).toBeNull()
    expect(new DeviceCookies('another-session-secret-of-32-chars-or-more').verify('author@example.test', cookie)).toBeNull()
  })
})
