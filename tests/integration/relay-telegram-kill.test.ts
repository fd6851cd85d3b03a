// The relay's Telegram delivery killed with SIGKILL mid-stream, with the real
// Telegram room adapter against the Telegram simulator: a worker process
// (tests/fixtures/relay-worker.ts) sends web messages into a bound group, is
// killed after a few, and another one carries on: every message arrives in
// order, none is lost (at most the call in flight at the kill is repeated).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import { createRelay } from '../../src/relay'
import { startTelegramSimulator, type TelegramSimulator } from '../fakes/telegram'
import { openTestContext, resetData } from '../fixtures/context'
import { type FixtureProcess, startRelayWorker } from '../fixtures/process'
import { actor, makeCourse, makeStaff, makeStudent } from '../fixtures/factories'

let ctx: AppContext
let sim: TelegramSimulator

beforeAll(async () => {
  // every call takes a while, so that the kill lands between calls of a stream
  sim = await startTelegramSimulator({ limits: false, latencyMs: 60 })
  ctx = await openTestContext()
  await resetData(ctx)
})
afterAll(async () => {
  await ctx?.close()
  await sim?.close()
})

/** Room messages as the group shows them: each bot message holds one or more "Name: text" parts (coalesced bursts). */
function partsIn(groupId: number): string[] {
  return sim.chat(groupId).messages.flatMap((m) => (m.text ?? '').split('\n\n')).map((p) => p.replace(/^Wendy: /, ''))
}

describe('Telegram relay worker killed mid-stream', () => {
  it('a worker killed with SIGKILL and another started: every message reaches the group, in order', async () => {
    const author = await makeStaff(ctx)
    const course = await makeCourse(ctx, author, { slug: 'tg-kill' })
    const group = sim.group({ title: 'Course group' })
    await ctx.domain.rooms.bind(actor(author), course.id, { platform: 'TELEGRAM', chatId: String(group.id) })
    const wendy = await makeStudent(ctx, 'Wendy')
    await ctx.domain.enrolment.enrol(wendy.id, course.slug)
    const room = await ctx.domain.rooms.roomOfCourse(course.id)
    const relay = createRelay(ctx)

    const startWorker = () => startRelayWorker({ RELAY_ADAPTER: 'telegram', TELEGRAM_BOT_TOKEN: sim.token, TELEGRAM_API_ROOT: sim.apiRoot, RECOVERY_MS: '3000' })
    const first = startWorker()
    let second: FixtureProcess | undefined
    try {
      await first.ready
      // fewer than the group's 20 a minute: sent one by one, not coalesced
      const texts = Array.from({ length: 18 }, (_, i) => `k${i}`)
      for (const t of texts) await relay.router.postFromWeb(actor(wendy), room.id, { clientId: t, authorName: 'Wendy', text: t })
      await sim.waitUntil(() => partsIn(group.id).length >= 5)
      first.proc.kill('SIGKILL')
      await first.proc.exited
      expect(partsIn(group.id).length).toBeLessThan(texts.length) // it really died mid-stream
      second = startWorker()
      await second.ready
      await sim.waitUntil(() => texts.every((t) => partsIn(group.id).includes(t)), 30_000)
      const arrived = partsIn(group.id)
      expect(arrived.filter((t, i) => arrived.indexOf(t) === i)).toEqual(texts)
      expect(arrived.length - texts.length).toBeLessThanOrEqual(1)
      // every message went out with the name in bold, as entities
      expect(sim.chat(group.id).messages.every((m) => m.entities?.[0]?.type === 'bold')).toBe(true)
    } finally {
      first.proc.kill('SIGKILL')
      second?.proc.kill('SIGKILL')
      await Promise.all([first.proc.exited, second?.proc.exited])
      await relay.close()
    }
  })
})
