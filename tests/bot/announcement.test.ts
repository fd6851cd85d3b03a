// An announcement from an author reaches Telegram students through the real
// TelegramMessenger (grammY's Api) against the Telegram simulator, from two
// worker roles; a student who blocked the bot is counted unreachable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { telegramMessenger } from '../../src/bot/telegram/runtime'
import { type RunningWorker, startWorkerRole } from '../../src/jobs/worker'
import { actor, makeStaff } from '../fixtures/factories'
import { until } from '../fixtures/until'
import { DEMO_COURSE_SLUG, type Harness, startHarness, Student, textOf } from './harness'

let h: Harness
const workers: RunningWorker[] = []

beforeAll(async () => {
  h = await startHarness()
  for (let i = 0; i < 2; i++) workers.push(await startWorkerRole(h.ctx, { messengers: { TELEGRAM: telegramMessenger(h.ctx) } }))
})
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()))
  await h?.ctx.jobs.queue.obliterate({ force: true })
  await h?.close()
})

async function enrolled(name: string) {
  const student = new Student(h.sim, h.sim.user({ first_name: name, language_code: 'en' }))
  const [card] = await student.say(`/start course-${DEMO_COURSE_SLUG}`)
  await student.press(card!, '✍️ Enrol', 2)
  return student
}

describe('announcement on Telegram', () => {
  it('reaches every enrolled student once, formatted, and counts the one who blocked the bot', async () => {
    const students = [await enrolled('Ann'), await enrolled('Bob'), await enrolled('Cid')]
    students[2]!.user.block()
    const before = students.map((s) => s.messages.length)
    const course = (await h.ctx.ports.courses.findCourseBySlug(DEMO_COURSE_SLUG))!
    const admin = await makeStaff(h.ctx, 'ADMIN')
    const delivery = await h.ctx.domain.delivery.announce(actor(admin), course.id, { body: 'Live Q&A **tonight** <b>not bold</b>' })

    const done = await until(
      () => h.ctx.domain.delivery.progress(actor(admin), delivery.id),
      (d) => d.status === 'SENDING' && d.counts.pending === 0,
      'the announcement to finish',
    )
    expect(done.counts).toMatchObject({ total: 3, sent: 2, unreachable: 1, failed: 0 })
    for (const [i, s] of students.slice(0, 2).entries()) {
      const got = (await h.sim.waitFor({ chatId: s.id, count: before[i]! + 1 })).slice(before[i]!)
      expect(got).toHaveLength(1)
      expect(textOf(got[0]!)).toBe('Live Q&A tonight <b>not bold</b>')
      expect(got[0]!.entities?.some((e) => e.type === 'bold')).toBe(true)
    }
    const blocked = await h.ctx.db.prisma.platformAccount.findFirst({ where: { platform: 'TELEGRAM', externalId: String(students[2]!.id) } })
    expect(blocked!.unreachableSince).not.toBeNull()
    // the only refused call is the one to the student who blocked the bot, and it was not retried
    const failed = h.sim.calls.filter((c) => !c.ok && c.status !== 429)
    expect(failed.map((c) => `${c.method} ${c.status}`)).toEqual(['sendMessage 403'])
  })
})
