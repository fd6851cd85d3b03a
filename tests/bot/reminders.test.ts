// Reminders of unfinished courses, end to end on real PostgreSQL and Redis:
// the reminders run (domain, on a controllable clock) records who is due, the
// real worker role sends through both Messengers to the Telegram and Discord
// simulators, and the real bots handle the reminder's buttons and commands.
import type { Message } from 'grammy/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deployCommands } from '../../src/bot/discord/deploy-commands'
import { discordMessenger, startDiscordClient } from '../../src/bot/discord/role'
import { startTelegramRole } from '../../src/bot/telegram/role'
import { telegramMessenger } from '../../src/bot/telegram/runtime'
import type { AppContext } from '../../src/context'
import { createDomain, type Domain, type User } from '../../src/domain'
import { type RunningWorker, startWorkerRole } from '../../src/jobs/worker'
import type { RunningRole } from '../../src/roles/types'
import { type DiscordSimulator, startDiscordSimulator } from '../fakes/discord'
import { startTelegramSimulator, type TelegramSimulator } from '../fakes/telegram'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, makeStaff, text } from '../fixtures/factories'
import { until } from '../fixtures/until'
import { buttonsOf, DiscordStudent, textOf as dcText } from './discord/harness'
import { barrier, Student, textOf } from './harness'

const DAY = 24 * 3600_000

let tg: TelegramSimulator
let dc: DiscordSimulator
let ctx: AppContext
const roles: RunningRole[] = []
let worker: RunningWorker
/** The reminders' clock: the test moves it by days. */
let now = new Date()
let domain: Domain

beforeAll(async () => {
  tg = await startTelegramSimulator({ limits: false })
  dc = await startDiscordSimulator({ limits: false })
  ctx = await openTestContext({
    TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot,
    DISCORD_TOKEN: dc.token, DISCORD_APPLICATION_ID: dc.applicationId, DISCORD_API_URL: dc.apiUrl,
  })
  await resetData(ctx)
  await deployCommands(ctx.config.discord)
  roles.push(await startTelegramRole(ctx, { webhookServedHere: false }))
  roles.push(await startDiscordClient(ctx))
  worker = await startWorkerRole(ctx, { messengers: { TELEGRAM: telegramMessenger(ctx), DISCORD: discordMessenger(ctx) } })
  domain = createDomain({ ...ctx.ports, clock: { now: () => now } })
})

afterAll(async () => {
  await worker?.stop()
  for (const role of roles.reverse()) await role.stop()
  await ctx?.jobs.queue.obliterate({ force: true })
  await ctx?.close()
  await tg?.close()
  await dc?.close()
})

const at = (days: number, start: Date) => new Date(start.getTime() + days * DAY)

async function publishedCourse(slug: string, remindAfterDays: number) {
  const author = await makeStaff(ctx)
  const course = await makeCourse(ctx, author, { slug, title: `Course <${slug}>`, modules: [{ contents: [text('One'), text('Two'), text('Three')] }] })
  await ctx.domain.authoring.updateCourse(actor(author), course.id, { remindAfterDays })
  return course
}

async function telegramStudent(name: string, slug: string): Promise<{ student: Student; user: User }> {
  const student = new Student(tg, tg.user({ first_name: name, language_code: 'en' }))
  const { user } = await ctx.domain.accounts.registerFromPlatform({ platform: 'TELEGRAM', externalId: String(student.id), displayName: name, languageCode: 'en' })
  await ctx.domain.enrolment.enrol(user.id, slug, 'TELEGRAM')
  return { student, user }
}

/** Runs the reminders at `when`; waits until every send they queued went. */
async function remindAt(when: Date, runner: Domain = domain) {
  now = when
  const run = await runner.reminders.run()
  await settle()
  return run
}

async function settle() {
  const rows = await ctx.db.prisma.delivery.findMany({ where: { kind: 'REMINDER' }, select: { id: true } })
  for (const { id } of rows)
    await until(() => ctx.db.prisma.deliveryRecipient.count({ where: { deliveryId: id, status: { in: ['PENDING', 'SENDING'] } } }), (n) => n === 0, `reminder ${id} to be sent`)
}

const reminders = (s: Student): Message[] => s.messages.filter((m) => textOf(m).includes('You have not been to'))

describe('reminders', () => {
  it('go only to inactive students, once per period, in their language, with Continue and Stop buttons that work on both bots', async () => {
    const course = await publishedCourse('sql', 7)
    const t0 = new Date()
    const ann = await telegramStudent('Ann', 'sql') // inactive
    const bob = await telegramStudent('Bob', 'sql') // active
    const cid = await telegramStudent('Cid', 'sql') // finished
    const dan = await telegramStudent('Dan', 'sql') // turned reminders off
    // Eve: Discord, Russian, inactive
    const eveUser = dc.user({ username: 'eve', locale: 'ru' })
    const eve = new DiscordStudent(dc, eveUser)
    const { user: eveAccount } = await ctx.domain.accounts.registerFromPlatform({ platform: 'DISCORD', externalId: eveUser.id, displayName: 'Eve', languageCode: 'ru' })
    await ctx.domain.enrolment.enrol(eveAccount.id, 'sql', 'DISCORD')

    now = at(5, t0)
    await domain.progress.complete(actor(bob.user), course.contentIds[0]!)
    now = t0
    for (const id of course.contentIds) await domain.progress.complete(actor(cid.user), id)
    const [odd] = await dan.student.say('/reminders <b>maybe</b>')
    expect(textOf(odd!)).toBe('Use /reminders on or /reminders off.')
    const [off] = await dan.student.say('/reminders off')
    expect(textOf(off!)).toBe('🔕 Reminders are off. /reminders on turns them back on.')

    // a week later: Ann and Eve are due; Bob was active two days before (t0 + 5), Cid finished, Dan said no
    const first = await remindAt(at(8, t0))
    expect(first).toMatchObject({ deliveries: 1, students: 2, queued: 2 })
    const annReminder = reminders(ann.student)
    expect(annReminder).toHaveLength(1)
    expect(textOf(annReminder[0]!)).toBe('⏰ You have not been to Course <sql> for a while. 0 of 3 lessons done; next up: One.\n░░░░░░░░░░ 0%')
    expect(ann.student.buttons(annReminder[0]!)).toEqual(['Continue ▶', '🔕 Stop reminders'])
    for (const s of [bob, cid, dan]) expect(reminders(s.student)).toEqual([])
    const [eveReminder] = await eve.waitForDms(1)
    expect(dcText(eveReminder)).toBe('⏰ Вы давно не заходили в курс **Course \\<sql\\>**. Пройдено уроков: 0 из 3; следующий — **One**.\n░░░░░░░░░░ 0%')
    expect(buttonsOf(eveReminder!).map((b) => b.label)).toEqual(['Продолжить ▶', '🔕 Не напоминать'])

    // the same period: nothing more
    expect(await remindAt(at(9, t0))).toMatchObject({ deliveries: 0, students: 0 })

    // another period on, still inactive: again (Bob keeps studying meanwhile)
    now = at(12, t0)
    await domain.progress.complete(actor(bob.user), course.contentIds[1]!)
    expect(await remindAt(at(15, t0))).toMatchObject({ deliveries: 1, students: 2 })
    expect(reminders(ann.student)).toHaveLength(2)
    expect(eve.dms).toHaveLength(2)
    for (const s of [bob, cid, dan]) expect(reminders(s.student)).toEqual([])

    // Continue opens the next lesson: Telegram...
    const [lesson] = await ann.student.press(reminders(ann.student)[1]!, 'Continue ▶')
    expect(textOf(lesson!)).toMatch(/^Module 1\/1 · Module 1 · lesson 1 of 3\nOne\n/)
    // ...and Discord (in DMs)
    const [dmLesson] = await eve.press(eve.dms[1]!, /Продолжить/)
    expect(dcText(dmLesson)).toContain('**One**')

    // Stop reminders: Telegram answers and remembers it...
    const [stopped] = await ann.student.press(reminders(ann.student)[1]!, '🔕 Stop reminders')
    expect(textOf(stopped!)).toBe('🔕 Reminders are off. /reminders on turns them back on.')
    // ...Discord too (an ephemeral answer where it was pressed)
    const press = eveUser.press(eve.dms[1]!, eve.buttonId(eve.dms[1]!, /Не напоминать/))
    const answer = await dc.waitUntil(() => press.followUps[0])
    expect(answer.message.content).toBe('🔕 Напоминания выключены. Включить снова — /reminders on.')
    const status = await eve.slash('reminders')
    expect(status.reply?.message.content).toBe('🔕 Напоминания выключены. Включить снова — /reminders on.')

    // both opted out: the next period reminds only Bob (inactive since t0 + 12)
    const annBefore = ann.student.messages.length
    const eveBefore = eve.dms.length
    expect(await remindAt(at(23, t0))).toMatchObject({ deliveries: 1, students: 1 })
    expect(reminders(bob.student)).toHaveLength(1)
    expect(textOf(reminders(bob.student)[0]!)).toContain('2 of 3 lessons done; next up: Three.')
    await barrier(tg, ann.student.user)
    expect(ann.student.messages).toHaveLength(annBefore)
    expect(eve.dms).toHaveLength(eveBefore)

    // and /reminders on turns them back on
    const [on] = await dan.student.say('/reminders on')
    expect(textOf(on!)).toMatch(/^🔔 Reminders are on/)
    expect(await domain.reminders.enabled(dan.user.id)).toBe(true)
  })

  it('are run by the scheduled worker job', async () => {
    const course = await publishedCourse('job', 2)
    const { student, user } = await telegramStudent('Jo', 'job')
    // enrolled three days ago (the worker's clock is the real one)
    await ctx.db.prisma.enrollment.updateMany({ where: { userId: user.id }, data: { enrolledAt: new Date(Date.now() - 3 * DAY) } })
    expect((await ctx.jobs.queue.getJobSchedulers()).map((s) => s.key ?? s.id)).toContain('reminders.run')
    await ctx.ports.jobs.enqueue('reminders.run', {})
    const [reminder] = await tg.waitFor({ chatId: student.id, count: 1 })
    expect(textOf(reminder!)).toMatch(/^⏰ You have not been to Course <job> for a while\. 0 of 3 lessons done; next up: One\./)
    // this course reminds no more (the next test counts runs)
    await ctx.db.prisma.course.update({ where: { id: course.id }, data: { remindAfterDays: null } })
  })

  it('is claimed once when two runs race, and each student gets one message', async () => {
    const course = await publishedCourse('race', 3)
    const students = await Promise.all(['R1', 'R2', 'R3', 'R4', 'R5'].map((n) => telegramStudent(n, 'race')))
    const other = createDomain({ ...ctx.ports, clock: { now: () => now } })
    now = at(4, new Date())
    const runs = await Promise.all([domain.reminders.run(), other.reminders.run(), domain.reminders.run()])
    await settle()
    const raced = runs.map((r) => ({ deliveries: r.deliveries, students: r.students }))
    expect(raced.reduce((n, r) => n + r.deliveries, 0)).toBe(1)
    expect(raced.reduce((n, r) => n + r.students, 0)).toBe(5)
    const deliveries = await ctx.db.prisma.delivery.findMany({ where: { kind: 'REMINDER', courseId: course.id }, include: { recipients: true } })
    expect(deliveries).toHaveLength(1)
    expect(deliveries[0]!.recipients.map((r) => r.status)).toEqual(Array(5).fill('SENT'))
    for (const { student } of students) {
      expect(reminders(student).map((m) => textOf(m).split('\n')[0])).toEqual(['⏰ You have not been to Course <race> for a while. 0 of 3 lessons done; next up: One.'])
    }
  })
})
