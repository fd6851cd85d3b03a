// Announcements through the delivery ledger on real PostgreSQL and Redis, with
// two BullMQ workers and the shared pacer. The platforms are recording
// Messengers (the bots' own messengers arrive with the Discord issue).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import { createDomain, ForbiddenError, type Messenger, type Messengers, NotFoundError, PlatformRateLimitedError, type Recipient, type SendReceipt, UnreachableError, ValidationError } from '../../src/domain'
import { SEND_LEASE_MS, STALE_AFTER_MS } from '../../src/domain/delivery.service'
import type { MessagePlan } from '../../src/domain/delivery/plan'
import { type MessagingPlatform, profileFor } from '../../src/domain/delivery/profile'
import { plainText } from '../../src/domain/delivery/rich-text'
import { type RunningWorker, startWorkerRole } from '../../src/jobs/worker'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, makeStaff, makeStudent } from '../fixtures/factories'
import { until } from '../fixtures/until'

/** What both platforms were sent; chats can be made to refuse (blocked) or the platform to answer 429 a few times. */
class SendLog {
  sent: Array<{ platform: MessagingPlatform; chatId: string; text: string }> = []
  blocked = new Set<string>()
  rateLimits = 0
  rateLimited = 0
  /** How many times each (platform, chat) got a notice. */
  tally(): Map<string, number> {
    const m = new Map<string, number>()
    for (const s of this.sent) m.set(`${s.platform}:${s.chatId}`, (m.get(`${s.platform}:${s.chatId}`) ?? 0) + 1)
    return m
  }
}

/** A Messenger that records instead of calling a platform (the bots' own messengers come with the Discord issue). */
class RecordingMessenger implements Messenger {
  readonly profile
  constructor(
    readonly platform: MessagingPlatform,
    private readonly log: SendLog,
  ) {
    this.profile = profileFor(platform)
  }
  async send(to: Recipient, plan: MessagePlan): Promise<SendReceipt> {
    if (this.log.blocked.has(to.chatId)) throw new UnreachableError(to.platform, to.chatId, 'blocked')
    if (this.log.rateLimits > 0) {
      this.log.rateLimits--
      this.log.rateLimited++
      throw new PlatformRateLimitedError(to.platform, 200)
    }
    const text = plan.messages.map((m) => ('blocks' in m ? plainText(m.blocks) : '')).join('\n')
    this.log.sent.push({ platform: to.platform, chatId: to.chatId, text })
    return { platform: to.platform, chatId: to.chatId, messageIds: [String(this.log.sent.length)] }
  }
}

let ctx: AppContext
let messenger: SendLog
let messengers: Messengers
let app: AppContext
const workers: RunningWorker[] = []


beforeAll(async () => {
  ctx = await openTestContext()
})
beforeEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()))
  await ctx.jobs.queue.obliterate({ force: true })
  await resetData(ctx)
  messenger = new SendLog()
  messengers = { TELEGRAM: new RecordingMessenger('TELEGRAM', messenger), DISCORD: new RecordingMessenger('DISCORD', messenger) }
  app = ctx
})
afterAll(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()))
  await ctx.jobs.queue.obliterate({ force: true })
  await ctx.close()
})

/** A course with `telegram` students on Telegram only and `both` linked on Telegram and Discord, plus a left and an outside student. */
async function courseWithStudents(spec: { telegram: number; both: number }) {
  const author = await makeStaff(ctx)
  const course = await makeCourse(ctx, author)
  const students = []
  for (let i = 0; i < spec.telegram + spec.both; i++) {
    const s = await makeStudent(ctx)
    if (i >= spec.telegram) await ctx.db.prisma.platformAccount.create({ data: { userId: s.id, platform: 'DISCORD', externalId: `d${s.id}` } })
    await ctx.domain.enrolment.enrol(s.id, course.slug, 'TELEGRAM')
    students.push(s)
  }
  const left = await makeStudent(ctx)
  await ctx.domain.enrolment.enrol(left.id, course.slug)
  await ctx.domain.enrolment.unenrol(left.id, course.slug)
  await makeStudent(ctx) // not enrolled
  return { author, course, students, left }
}

async function twoWorkers() {
  workers.push(await startWorkerRole(app, { messengers }), await startWorkerRole(app, { messengers }))
}

const finished = (id: number) => until(() => app.domain.delivery.progress({ id: 0, role: 'ADMIN' }, id), (d) => d.status === 'SENDING' && d.counts.pending === 0, `delivery ${id} to finish`)

describe('announcements', () => {
  it('reach every actively enrolled student once on each linked platform, with two workers', async () => {
    const { author, course, students, left } = await courseWithStudents({ telegram: 12, both: 6 })
    await twoWorkers()
    const delivery = await app.domain.delivery.announce(actor(author), course.id, { body: '**Exam** moved to _Friday_' })
    const done = await finished(delivery.id)
    expect(done.counts).toEqual({ total: 24, pending: 0, sent: 24, failed: 0, unreachable: 0, cancelled: 0 })
    const tally = messenger.tally()
    expect(tally.size).toBe(24)
    expect([...tally.values()].every((n) => n === 1)).toBe(true)
    expect(messenger.sent.filter((s) => s.platform === 'DISCORD').map((s) => s.chatId).sort()).toEqual(students.slice(12).map((s) => `d${s.id}`).sort())
    expect(messenger.sent.some((s) => s.chatId === String(left.id))).toBe(false)
    expect(messenger.sent[0]!.text).toBe('Exam moved to Friday')
    // the fan-out is idempotent: running it again sends nothing more
    await app.domain.delivery.expand(delivery.id)
    expect((await app.domain.delivery.progress(actor(author), delivery.id)).counts.sent).toBe(24)
  })

  it('skips and counts a user who blocked the bot, until they write to it again', async () => {
    const { author, course, students } = await courseWithStudents({ telegram: 3, both: 0 })
    const blocked = students[1]!
    const chat = (await ctx.ports.users.listAccounts(blocked.id))[0]!.externalId
    messenger.blocked.add(chat)
    await twoWorkers()
    const first = await app.domain.delivery.announce(actor(author), course.id, { body: 'One' })
    expect((await finished(first.id)).counts).toMatchObject({ sent: 2, unreachable: 1 })
    // next time they are not even tried
    messenger.blocked.clear()
    const second = await app.domain.delivery.announce(actor(author), course.id, { body: 'Two' })
    expect((await finished(second.id)).counts).toMatchObject({ sent: 2, unreachable: 1 })
    expect(messenger.sent.filter((s) => s.chatId === chat)).toEqual([])
    // they write to the bot: reachable again
    await ctx.domain.accounts.registerFromPlatform({ platform: 'TELEGRAM', externalId: chat, displayName: 'Back again' })
    const third = await app.domain.delivery.announce(actor(author), course.id, { body: 'Three' })
    expect((await finished(third.id)).counts).toMatchObject({ sent: 3, unreachable: 0 })
    expect(messenger.sent.filter((s) => s.chatId === chat).map((s) => s.text)).toEqual(['Three'])
  })

  it('waits out a storm of 429s in every worker and loses nothing', async () => {
    const { author, course } = await courseWithStudents({ telegram: 10, both: 0 })
    messenger.rateLimits = 8
    await twoWorkers()
    const delivery = await app.domain.delivery.announce(actor(author), course.id, { body: 'Storm' })
    expect((await finished(delivery.id)).counts).toMatchObject({ sent: 10, failed: 0, pending: 0 })
    expect(messenger.rateLimited).toBe(8)
    expect([...messenger.tally().values()]).toEqual(Array(10).fill(1))
  })

  it('sends again only a row whose worker died, after its lease ran out', async () => {
    const { author, course } = await courseWithStudents({ telegram: 2, both: 0 })
    let now = new Date()
    const clock = { now: () => now }
    const domain = createDomain({ ...ctx.ports, clock })
    const delivery = await domain.delivery.announce(actor(author), course.id, { body: 'Crash test' })
    await domain.delivery.expand(delivery.id)
    const rows = await ctx.db.prisma.deliveryRecipient.findMany({ where: { deliveryId: delivery.id }, orderBy: { id: 'asc' } })
    // a worker claims the first row and is killed (kill -9) before it finishes
    expect(await ctx.ports.deliveries.claim(rows[0]!.id, now, new Date(now.getTime() + SEND_LEASE_MS))).not.toBeNull()
    expect(await domain.delivery.send(rows[1]!.id, { messengers, lastAttempt: false })).toBe('sent')
    // the restarted worker finds the first row in flight: not sent again while the lease lives
    expect(await domain.delivery.send(rows[0]!.id, { messengers, lastAttempt: false })).toBe('skipped')
    expect(await domain.delivery.recoverLeases()).toBe(0)
    now = new Date(now.getTime() + SEND_LEASE_MS + 1)
    expect(await domain.delivery.recoverLeases()).toBe(1)
    expect(await domain.delivery.send(rows[0]!.id, { messengers, lastAttempt: false })).toBe('sent')
    expect(await domain.delivery.send(rows[1]!.id, { messengers, lastAttempt: false })).toBe('skipped')
    expect([...messenger.tally().values()]).toEqual([1, 1])
    const row = await ctx.db.prisma.deliveryRecipient.findUniqueOrThrow({ where: { id: rows[0]!.id } })
    expect(row).toMatchObject({ status: 'SENT', attempts: 2, platformMessageId: expect.any(String) })
  })

  it('queues again the work Redis lost (restarted without its data)', async () => {
    const { author, course } = await courseWithStudents({ telegram: 3, both: 0 })
    let now = new Date()
    const domain = createDomain({ ...ctx.ports, clock: { now: () => now } })
    const expanded = await domain.delivery.announce(actor(author), course.id, { body: 'Fanned out' })
    await domain.delivery.expand(expanded.id)
    const queued = await domain.delivery.announce(actor(author), course.id, { body: 'Never fanned out' })
    await ctx.jobs.queue.obliterate({ force: true }) // the jobs are gone
    expect(await domain.delivery.recoverLost()).toEqual({ fanOuts: 0, sends: 0 }) // too recent to tell
    now = new Date(now.getTime() + STALE_AFTER_MS + 1000)
    expect(await domain.delivery.recoverLost()).toEqual({ fanOuts: 1, sends: 3 })
    expect(await domain.delivery.recoverLost()).toEqual({ fanOuts: 1, sends: 3 }) // the same jobs: nothing added
    expect((await ctx.jobs.queue.getWaiting()).length).toBe(4)
    await twoWorkers()
    expect((await finished(expanded.id)).counts).toMatchObject({ sent: 3 })
    expect((await finished(queued.id)).counts).toMatchObject({ sent: 3 })
  })

  it('cancels what has not been sent', async () => {
    const { author, course } = await courseWithStudents({ telegram: 4, both: 1 })
    const delivery = await app.domain.delivery.announce(actor(author), course.id, { body: 'Never mind' })
    await app.domain.delivery.expand(delivery.id) // no worker runs: nothing is sent yet
    expect(await app.domain.delivery.cancel(actor(author), delivery.id)).toBe(6)
    await twoWorkers()
    // the queued sends run and find nothing to send
    const sends = await until(
      async () => (await ctx.jobs.queue.getCompleted()).filter((j) => j.name === 'delivery.send'),
      (jobs) => jobs.length === 6,
      'the six sends to run',
    )
    expect(sends.map((j) => j.returnvalue)).toEqual(Array(6).fill('skipped'))
    expect(messenger.sent).toEqual([])
    expect((await app.domain.delivery.progress(actor(author), delivery.id)).counts).toEqual({ total: 6, pending: 0, sent: 0, failed: 0, unreachable: 0, cancelled: 6 })
  })

  it('keeps pending recipients when a student links two accounts (one user is merged into the other)', async () => {
    const { author, course, students } = await courseWithStudents({ telegram: 2, both: 0 })
    const onDiscord = (await ctx.domain.accounts.registerFromPlatform({ platform: 'DISCORD', externalId: 'd-merge', displayName: 'Same person' })).user
    const delivery = await app.domain.delivery.announce(actor(author), course.id, { body: 'Before the merge' })
    await app.domain.delivery.expand(delivery.id)
    expect(await ctx.ports.users.merge(students[0]!.id, onDiscord.id)).toBe(true)
    const rows = await ctx.db.prisma.deliveryRecipient.findMany({ where: { deliveryId: delivery.id }, orderBy: { id: 'asc' } })
    expect(rows.map((r) => [r.userId, r.platform, r.status])).toEqual([
      [onDiscord.id, 'TELEGRAM', 'PENDING'],
      [students[1]!.id, 'TELEGRAM', 'PENDING'],
    ])
  })

  it('lets only the course authors and admins announce, and checks the Markdown', async () => {
    const { author, course, students } = await courseWithStudents({ telegram: 1, both: 0 })
    const stranger = await makeStaff(ctx)
    const admin = await makeStaff(ctx, 'ADMIN')
    const d = app.domain.delivery
    await expect(d.announce(actor(stranger), course.id, { body: 'Hi' })).rejects.toThrow(NotFoundError)
    await expect(d.announce(actor(students[0]!), course.id, { body: 'Hi' })).rejects.toThrow(ForbiddenError)
    await expect(d.announce(actor(author), course.id, { body: '   ' })).rejects.toThrow(ValidationError)
    await expect(d.announce(actor(author), course.id, { body: '[ ](https://example.test)' })).rejects.toThrow(/no text/)
    await expect(d.announce(actor(author), course.id, { body: 'x'.repeat(4001) })).rejects.toThrow(/at most 4000/)
    await expect(d.announce(actor(author), course.id, { body: 'x'.repeat(1100), imagePath: 'a.png' })).rejects.toThrow(/at most 1024/)
    await expect(d.announce(actor(author), course.id, { body: 'Hi', imagePath: '../../etc/passwd' })).rejects.toThrow(/stored upload/)
    const ok = await d.announce(actor(admin), course.id, { body: 'From the admin' })
    await expect(d.progress(actor(stranger), ok.id)).rejects.toThrow(NotFoundError)
    await expect(d.cancel(actor(stranger), ok.id)).rejects.toThrow(NotFoundError)
    expect((await d.list(actor(author), course.id)).map((x) => x.body)).toEqual(['From the admin'])
  })
})
