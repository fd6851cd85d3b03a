// Reminders in the domain on real PostgreSQL and Redis, on a controllable
// clock: what counts as activity, who is never due, a reminder that stopped
// being due before its turn, and the course setting's rules. (The sends on both
// simulators and the buttons: tests/bot/reminders.test.ts.)
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import { createDomain, type Domain, type Messenger, type Messengers } from '../../src/domain'
import { TELEGRAM_PROFILE } from '../../src/domain/delivery/profile'
import { translator } from '../../src/i18n/translator'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, makeStaff, makeStudent, makeTwoModuleCourse, text } from '../fixtures/factories'

const DAY = 24 * 3600_000
const view = { profile: TELEGRAM_PROFILE, t: translator().forLocale('en') }

let ctx: AppContext
let now: Date
let domain: Domain
beforeAll(async () => {
  ctx = await openTestContext()
})
afterAll(() => ctx.close())
beforeEach(async () => {
  await resetData(ctx)
  now = new Date()
  domain = createDomain({ ...ctx.ports, clock: { now: () => now } })
})

const later = (days: number) => new Date(now.getTime() + days * DAY)
const lastActivity = async (userId: number, courseId: number) =>
  (await ctx.db.prisma.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId, courseId } } })).lastActivityAt

/** A Messenger that must not be called: the reminder is no longer due. */
const untouchable = (): Messengers => {
  const m: Messenger = {
    platform: 'TELEGRAM',
    profile: TELEGRAM_PROFILE,
    send: () => Promise.reject(new Error('a reminder that is no longer due was sent')),
  }
  return { TELEGRAM: m }
}

describe('activity', () => {
  it('is noted when the student opens, completes or answers a lesson, not when the worker pushes one', async () => {
    const { student, course, ids } = await makeTwoModuleCourse(ctx, { enrol: true })
    expect(await lastActivity(student.id, course.id)).toBeNull()
    const t1 = (now = later(1))
    await domain.flow.open(actor(student), ids.read, view)
    expect(await lastActivity(student.id, course.id)).toEqual(t1)
    now = later(1)
    await domain.flow.open(actor(student), ids.second, view, { pushed: true })
    expect(await lastActivity(student.id, course.id)).toEqual(t1)
    const t3 = (now = later(1))
    await domain.flow.next(actor(student), ids.read, view)
    expect(await lastActivity(student.id, course.id)).toEqual(t3)
    const t4 = (now = later(1))
    await domain.flow.answerQuiz(actor(student), ids.pick, 0, view)
    expect(await lastActivity(student.id, course.id)).toEqual(t4)
  })
})

describe('who is due', () => {
  it('nobody of a course without a period or unpublished, nor a student who left', async () => {
    const author = await makeStaff(ctx)
    const silent = await makeCourse(ctx, author, { slug: 'silent' })
    const draft = await makeCourse(ctx, author, { slug: 'draft', published: false })
    const left = await makeCourse(ctx, author, { slug: 'left' })
    await ctx.domain.authoring.updateCourse(actor(author), draft.id, { remindAfterDays: 1 })
    await ctx.domain.authoring.updateCourse(actor(author), left.id, { remindAfterDays: 1 })
    const student = await makeStudent(ctx)
    for (const slug of ['silent', 'left']) await ctx.domain.enrolment.enrol(student.id, slug, 'TELEGRAM')
    await ctx.db.prisma.course.update({ where: { id: draft.id }, data: { published: true } })
    await ctx.domain.enrolment.enrol(student.id, 'draft', 'TELEGRAM')
    await ctx.db.prisma.course.update({ where: { id: draft.id }, data: { published: false } })
    await ctx.domain.enrolment.unenrol(student.id, 'left')
    now = later(30)
    expect(await domain.reminders.run()).toEqual({ courses: 1, deliveries: 0, students: 0, queued: 0 })
    expect(await ctx.db.prisma.delivery.count()).toBe(0)
  })

  it('a web-only student (no Telegram or Discord account) is not claimed, and no empty delivery is recorded', async () => {
    const author = await makeStaff(ctx)
    const course = await makeCourse(ctx, author, { slug: 'web-only' })
    await ctx.domain.authoring.updateCourse(actor(author), course.id, { remindAfterDays: 1 })
    const web = await ctx.db.prisma.user.create({ data: { accounts: { create: { platform: 'WEB', externalId: 'web-1' } } } })
    await ctx.domain.enrolment.enrol(web.id, 'web-only', 'WEB')
    now = later(3)
    expect(await domain.reminders.run()).toEqual({ courses: 1, deliveries: 0, students: 0, queued: 0 })
    expect(await ctx.db.prisma.delivery.count()).toBe(0)
    // once reachable by a bot, they are due
    await ctx.db.prisma.platformAccount.create({ data: { userId: web.id, platform: 'TELEGRAM', externalId: '424242' } })
    expect(await domain.reminders.run()).toMatchObject({ deliveries: 1, students: 1, queued: 1 })
  })

  it('a student who did every lesson released so far is not reminded while the next module is locked (drip), and is once it opens', async () => {
    const author = await makeStaff(ctx)
    const course = await makeCourse(ctx, author, { slug: 'drip', modules: [{ contents: [text('Open one'), text('Open two')] }, { contents: [text('Later')] }] })
    await ctx.domain.authoring.updateCourse(actor(author), course.id, { remindAfterDays: 2 })
    await ctx.domain.authoring.updateModule(actor(author), course.moduleIds[1]!, { opensDaysAfterEnrolment: 10 })
    const caughtUp = await makeStudent(ctx)
    const behind = await makeStudent(ctx)
    for (const s of [caughtUp, behind]) await ctx.domain.enrolment.enrol(s.id, 'drip', 'TELEGRAM')
    for (const id of course.contentIds.slice(0, 2)) await domain.progress.complete(actor(caughtUp), id)
    await domain.progress.complete(actor(behind), course.contentIds[0]!)
    now = later(3)
    expect(await domain.reminders.run()).toMatchObject({ deliveries: 1, students: 1, queued: 1 })
    const [row] = await ctx.db.prisma.deliveryRecipient.findMany()
    expect(row!.userId).toBe(behind.id)
    // the student behind catches up before the send: the next lesson is locked, nothing to continue
    await domain.progress.complete(actor(behind), course.contentIds[1]!)
    expect(await domain.delivery.send(row!.id, { messengers: untouchable(), lastAttempt: false, translator: translator() })).toBe('skipped')
    expect(await ctx.db.prisma.deliveryRecipient.findUniqueOrThrow({ where: { id: row!.id } })).toMatchObject({ status: 'CANCELLED', lastError: 'no longer due' })
    // the module opens on day 10: both are inactive since and get the reminder
    now = later(8)
    expect(await domain.reminders.run()).toMatchObject({ deliveries: 1, students: 2, queued: 2 })
    const plan = await domain.reminders.planFor({ userId: caughtUp.id, courseId: course.id }, view)
    expect(JSON.stringify(plan)).toContain('next up: ","marks":[]},{"text":"Later"')
  })

  it('a reminder that stopped being due before its turn is not sent (finished, or turned off meanwhile)', async () => {
    const author = await makeStaff(ctx)
    const course = await makeCourse(ctx, author, { slug: 'short', modules: [{ contents: [text('Only')] }] })
    await ctx.domain.authoring.updateCourse(actor(author), course.id, { remindAfterDays: 2 })
    const finisher = await makeStudent(ctx)
    const quitter = await makeStudent(ctx)
    for (const s of [finisher, quitter]) await ctx.domain.enrolment.enrol(s.id, 'short', 'TELEGRAM')
    now = later(3)
    expect(await domain.reminders.run()).toMatchObject({ deliveries: 1, students: 2, queued: 2 })
    const rows = await ctx.db.prisma.deliveryRecipient.findMany({ orderBy: { userId: 'asc' } })
    expect(rows.map((r) => [r.userId, r.status])).toEqual([
      [finisher.id, 'PENDING'],
      [quitter.id, 'PENDING'],
    ])
    await domain.progress.complete(actor(finisher), course.contentIds[0]!)
    await domain.reminders.setEnabled(quitter.id, false)
    for (const r of rows) expect(await domain.delivery.send(r.id, { messengers: untouchable(), lastAttempt: false, translator: translator() })).toBe('skipped')
    const after = await ctx.db.prisma.deliveryRecipient.findMany({ orderBy: { userId: 'asc' } })
    expect(after.map((r) => [r.status, r.lastError])).toEqual([
      ['CANCELLED', 'no longer due'],
      ['CANCELLED', 'no longer due'],
    ])
  })
})

describe('linking two accounts', () => {
  it('keeps the later activity and reminder of a course both were in, and reminders off if either turned them off', async () => {
    const author = await makeStaff(ctx)
    const course = await makeCourse(ctx, author, { slug: 'both' })
    const tg = await makeStudent(ctx)
    const { user: dc } = await ctx.domain.accounts.registerFromPlatform({ platform: 'DISCORD', externalId: '8800', displayName: 'Dee' })
    for (const s of [tg, dc]) await ctx.domain.enrolment.enrol(s.id, 'both', 'TELEGRAM')
    const active = (now = later(3))
    await domain.flow.open(actor(dc), course.contentIds[0]!, view)
    await domain.reminders.setEnabled(dc.id, false)
    const { code } = await ctx.domain.accounts.issueLinkCode(tg.id)
    const merged = await ctx.domain.accounts.redeemLinkCode(code, dc.id)
    expect(await lastActivity(merged.id, course.id)).toEqual(active)
    expect(await domain.reminders.enabled(merged.id)).toBe(false)
  })
})

describe('the course setting', () => {
  it('takes a whole number of days from 1 to 365, or nothing', async () => {
    const author = await makeStaff(ctx)
    const course = await makeCourse(ctx, author)
    for (const bad of [0, -3, 366, 1.5, Number.NaN])
      await expect(ctx.domain.authoring.updateCourse(actor(author), course.id, { remindAfterDays: bad })).rejects.toMatchObject({
        code: 'invalid',
        details: { field: 'remindAfterDays' },
      })
    expect((await ctx.domain.authoring.updateCourse(actor(author), course.id, { remindAfterDays: 365 })).remindAfterDays).toBe(365)
    expect((await ctx.domain.authoring.updateCourse(actor(author), course.id, { remindAfterDays: null })).remindAfterDays).toBeNull()
  })
})
