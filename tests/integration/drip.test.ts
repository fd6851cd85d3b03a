// Drip schedules on real PostgreSQL and Redis with a controllable clock: a
// scheduled module is locked (the flow and the API say when it opens), opens
// at its time in the student's time zone, and is recorded as released once,
// whatever the number of runs or workers; its delivery goes to the platforms
// the student chose.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApi } from '../../src/api'
import type { AppContext } from '../../src/context'
import { TELEGRAM_PROFILE } from '../../src/domain/delivery/profile'
import { plainText } from '../../src/domain/delivery/rich-text'
import { translator } from '../../src/i18n/translator'
import { TestClock, withClock } from '../fixtures/clock'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, makeStaff, makeStudent, text, tokenFor } from '../fixtures/factories'

let base: AppContext
beforeAll(async () => {
  base = await openTestContext()
})
afterAll(() => base?.close())
beforeEach(() => resetData(base))

const ENROLLED_AT = new Date('2026-11-29T22:30:00Z')

/** A course of three modules: open at once, 2 days after enrolment, on 3 December; a Moscow student enrolled at ENROLLED_AT. */
async function world(clock: TestClock) {
  const app = withClock(base, clock)
  const author = await makeStaff(app)
  const course = await makeCourse(app, author, {
    modules: [
      { title: 'Basics', contents: [text('Hello')] },
      { title: 'Joins', contents: [text('Inner join')] },
      { title: 'Windows', contents: [text('Over')] },
    ],
  })
  const [basics, joins, windows] = course.moduleIds as [number, number, number]
  await app.domain.authoring.updateModule(actor(author), joins, { opensDaysAfterEnrolment: 2 })
  await app.domain.authoring.updateModule(actor(author), windows, { opensOnDate: '2026-12-03' })
  const student = await makeStudent(app, 'Masha')
  await app.ports.users.updateProfile(student.id, { timezone: 'Europe/Moscow', locale: 'en' })
  await enrolAt(app, student.id, course.slug, ENROLLED_AT)
  return { app, author, course, student, modules: { basics, joins, windows } }
}

async function enrolAt(app: AppContext, userId: number, slug: string, at: Date) {
  const { enrollment } = await app.domain.enrolment.enrol(userId, slug, 'TELEGRAM')
  await app.db.prisma.enrollment.update({ where: { id: enrollment.id }, data: { enrolledAt: at } })
}

const view = { profile: TELEGRAM_PROFILE, t: translator().forLocale('en') }
const planText = (plan: { messages: Array<{ type: string; blocks?: unknown }> }) =>
  plan.messages.map((m) => ('blocks' in m ? plainText(m.blocks as never) : '')).join('\n')

describe('drip schedules', () => {
  it('keeps a module locked until its time and says when it opens, in the flow and the API', async () => {
    const clock = new TestClock('2026-11-30T10:00:00Z')
    const { app, course, student, modules } = await world(clock)
    const me = actor(student)

    const locked = await app.domain.flow.openModule(me, modules.joins, view)
    expect(locked.kind).toBe('module-locked')
    // 2 days after 01:30 on 30 November, Moscow time
    expect(planText(locked.plan)).toBe('🔒 The module Joins opens on 2 December.')
    const dated = await app.domain.flow.openModule(me, modules.windows, view)
    expect(planText(dated.plan)).toBe('🔒 The module Windows opens on 3 December.')
    // the lesson after the last one of Basics is in Joins: Next says when Joins opens
    const [hello] = course.contentIds as [number]
    const next = await app.domain.flow.next(me, hello, view)
    expect(next.kind).toBe('module-locked')
    // the contents mark the locked modules
    const contents = await app.domain.flow.contents(me, course.id, view)
    expect(contents.plan.messages.at(-1)!.buttons.flat().map((b) => b.label).slice(0, 3)).toEqual(['1. Basics', '🔒 2. Joins', '🔒 3. Windows'])

    const api = createApi({ domain: app.domain, files: app.files, logger: app.logger, health: [], publicUrl: 'http://localhost:3000' })
    const get = (path: string, token?: string) =>
      api.handle(new Request(`http://localhost${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })).then(async (r) => ({ status: r.status, json: (await r.json()) as any }))
    const token = await tokenFor(app, student)
    const outline = await get(`/api/courses/${course.slug}`, token)
    expect(outline.status).toBe(200)
    expect(outline.json.modules.map((m: any) => [m.title, m.locked, m.opensAt, m.schedule])).toEqual([
      ['Basics', false, null, null],
      ['Joins', true, '2026-12-01T22:30:00.000Z', { daysAfterEnrolment: 2, onDate: null }],
      ['Windows', true, '2026-12-02T21:00:00.000Z', { daysAfterEnrolment: null, onDate: '2026-12-03' }],
    ])
    // without a token: the schedule, nobody's lock
    expect((await get(`/api/courses/${course.slug}`)).json.modules.map((m: any) => m.locked)).toEqual([false, false, false])
    const refused = await get(`/api/modules/${modules.joins}`, token)
    expect(refused.status).toBe(403)
    expect(refused.json).toMatchObject({ error: 'module_locked', details: { module: modules.joins, opensAt: '2026-12-01T22:30:00.000Z' } })

    // at its time it opens
    clock.set('2026-12-01T22:30:00Z')
    expect((await app.domain.flow.openModule(me, modules.joins, view)).kind).toBe('lesson')
    expect((await get(`/api/modules/${modules.joins}`, token)).status).toBe(200)
  })

  it('opens a dated module at midnight in the student’s time zone, not in UTC', async () => {
    const clock = new TestClock('2026-12-02T20:59:59Z')
    const { app, student, modules } = await world(clock)
    const berliner = await makeStudent(app, 'Hans')
    await app.ports.users.updateProfile(berliner.id, { timezone: 'Europe/Berlin', locale: 'en' })
    const { slug } = (await app.ports.courses.findCourseById((await app.ports.courses.findModule(modules.windows))!.courseId))!
    await enrolAt(app, berliner.id, slug, ENROLLED_AT)

    expect((await app.domain.flow.openModule(actor(student), modules.windows, view)).kind).toBe('module-locked')
    clock.set('2026-12-02T21:00:00Z') // midnight in Moscow, 22:00 in Berlin
    expect((await app.domain.flow.openModule(actor(student), modules.windows, view)).kind).toBe('lesson')
    expect((await app.domain.flow.openModule(actor(berliner), modules.windows, view)).kind).toBe('module-locked')
    clock.set('2026-12-02T23:00:00Z')
    expect((await app.domain.flow.openModule(actor(berliner), modules.windows, view)).kind).toBe('lesson')
  })

  it('records each released module once per student, with two workers and on the next run', async () => {
    const clock = new TestClock('2026-11-30T10:00:00Z')
    const { app, student, modules } = await world(clock)
    expect(await app.domain.drip.releaseDue()).toEqual({ released: 0, deliveries: 0 })

    clock.set('2026-12-01T22:31:00Z')
    // two workers run the job at the same moment
    const other = withClock(base, clock)
    const runs = await Promise.all([app.domain.drip.releaseDue(), other.domain.drip.releaseDue()])
    expect(runs.reduce((n, r) => n + r.released, 0)).toBe(1)
    expect(runs.reduce((n, r) => n + r.deliveries, 0)).toBe(1)
    expect(await app.domain.drip.releaseDue()).toEqual({ released: 0, deliveries: 0 })

    const releases = await app.db.prisma.moduleRelease.findMany({ include: { delivery: true } })
    expect(releases).toHaveLength(1)
    expect(releases[0]).toMatchObject({ moduleId: modules.joins, userId: student.id, opensAt: new Date('2026-12-01T22:30:00Z') })
    expect(releases[0]!.delivery).toMatchObject({ kind: 'DRIP', moduleId: modules.joins })

    // the fan-out lists only that student, on the platforms they chose
    expect(await app.domain.delivery.expand(releases[0]!.deliveryId!)).toMatchObject({ recipients: 1, queued: 1 })

    // the dated module, a day later
    clock.set('2026-12-02T21:00:00Z')
    expect(await app.domain.drip.releaseDue()).toEqual({ released: 1, deliveries: 1 })
  })

  it('records a module already open at enrolment without announcing it', async () => {
    const clock = new TestClock('2026-12-05T10:00:00Z')
    const { app, course } = await world(clock)
    const late = await makeStudent(app, 'Late')
    await enrolAt(app, late.id, course.slug, new Date('2026-12-05T09:00:00Z'))
    const run = await app.domain.drip.releaseDue()
    // Masha: Joins and Windows opened after her enrolment (announced, one delivery per module); Late: Windows was open already
    expect(run).toEqual({ released: 3, deliveries: 2 })
    const silent = await app.db.prisma.moduleRelease.findMany({ where: { userId: late.id } })
    expect(silent.map((r) => r.deliveryId)).toEqual([null])
  })
})

describe('delivery platforms', () => {
  it('send reminders and announcements to the accounts a student chose, and never to none', async () => {
    const clock = new TestClock('2026-12-10T10:00:00Z')
    const { app, author, course, student } = await world(clock)
    // Masha links a Discord account and wants Discord only; Oleg has only Telegram but asks for Discord only
    const discord = await app.domain.accounts.registerFromPlatform({ platform: 'DISCORD', externalId: '900001', displayName: 'Masha' })
    await app.domain.accounts.redeemLinkCode((await app.domain.accounts.issueLinkCode(student.id)).code, discord.user.id)
    await app.domain.accounts.setDeliveryPlatforms(student.id, 'DISCORD_ONLY')
    const oleg = await makeStudent(app, 'Oleg')
    await app.domain.accounts.setDeliveryPlatforms(oleg.id, 'DISCORD_ONLY')
    await enrolAt(app, oleg.id, course.slug, ENROLLED_AT)
    const platformsOf = async (deliveryId: number) =>
      (await app.db.prisma.deliveryRecipient.findMany({ where: { deliveryId }, orderBy: { userId: 'asc' } })).map((r) => `${r.userId === oleg.id ? 'Oleg' : 'Masha'}:${r.platform}`)

    await app.domain.authoring.updateCourse(actor(author), course.id, { remindAfterDays: 3 })
    await app.domain.reminders.run()
    const reminder = (await app.db.prisma.delivery.findFirstOrThrow({ where: { kind: 'REMINDER' } })).id
    expect(await platformsOf(reminder)).toEqual(['Masha:DISCORD', 'Oleg:TELEGRAM'])

    const announcement = await app.domain.delivery.announce(actor(author), course.id, { body: 'Hello' })
    await app.domain.delivery.expand(announcement.id)
    expect(await platformsOf(announcement.id)).toEqual(['Masha:DISCORD', 'Oleg:TELEGRAM'])
    await expect(app.domain.accounts.setDeliveryPlatforms(oleg.id, 'NOWHERE')).rejects.toThrow(/must be one of/)
  })
})
