// Drip schedules end to end, on both simulators with the real bots and two
// worker roles, under a controllable clock: a scheduled module is locked (each
// bot says on which day it opens), and when it opens, each student gets one
// "module open" card on the platform(s) they use: a Telegram student on
// Telegram, a Discord student on Discord, a linked student on both; no second
// run or second worker sends it again. A student's /deliver choice is then
// honoured by an announcement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deployCommands } from '../../src/bot/discord/deploy-commands'
import { discordMessenger, startDiscordClient } from '../../src/bot/discord/role'
import { startTelegramRole } from '../../src/bot/telegram/role'
import { telegramMessenger } from '../../src/bot/telegram/runtime'
import type { AppContext } from '../../src/context'
import { type RunningWorker, startWorkerRole } from '../../src/jobs/worker'
import type { RunningRole } from '../../src/roles/types'
import { startDiscordSimulator, type DiscordSimulator } from '../fakes/discord'
import { startTelegramSimulator, type TelegramSimulator } from '../fakes/telegram'
import { TestClock, withClock } from '../fixtures/clock'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, makeStaff, text } from '../fixtures/factories'
import { until } from '../fixtures/until'
import { DiscordStudent, textOf as discordText } from './discord/harness'
import { Student, textOf } from './harness'

const ENROLLED_AT = new Date('2026-11-29T22:30:00Z')
const clock = new TestClock('2026-11-30T10:00:00Z')

let tg: TelegramSimulator
let dc: DiscordSimulator
let base: AppContext
let app: AppContext
const roles: RunningRole[] = []
/** The linked student of the first test, for the second. */
let lenaShared: { id: number; tg: Student; dcId: string; courseId: number } | undefined
const workers: RunningWorker[] = []

beforeAll(async () => {
  tg = await startTelegramSimulator({ limits: false })
  dc = await startDiscordSimulator({ limits: false })
  base = await openTestContext({
    TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot,
    DISCORD_TOKEN: dc.token, DISCORD_APPLICATION_ID: dc.applicationId, DISCORD_API_URL: dc.apiUrl,
  })
  await resetData(base)
  app = withClock(base, clock)
  await deployCommands(app.config.discord)
  dc.guild({ name: 'School' })
  roles.push(await startTelegramRole(app, { webhookServedHere: false }))
  roles.push(await startDiscordClient(app))
  for (let i = 0; i < 2; i++) workers.push(await startWorkerRole(app, { messengers: { TELEGRAM: telegramMessenger(app), DISCORD: discordMessenger(app) } }))
})
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()))
  for (const role of roles.reverse()) await role.stop()
  await base?.jobs.queue.obliterate({ force: true })
  await tg?.close()
  await dc?.close()
  await base?.close()
})

async function jobState(id: string): Promise<string> {
  return (await base.jobs.queue.getJobState(id)) ?? 'missing'
}

async function enrolAt(userId: number, slug: string) {
  const { enrollment } = await app.domain.enrolment.enrol(userId, slug, null)
  await app.db.prisma.enrollment.update({ where: { id: enrollment.id }, data: { enrolledAt: ENROLLED_AT } })
}

describe('drip modules on Telegram and Discord', () => {
  it('are locked until their day, then delivered once to each student on their platforms', async () => {
    const author = await makeStaff(app)
    const course = await makeCourse(app, author, {
      title: 'SQL',
      modules: [
        { title: 'Basics', contents: [text('Hello')] },
        { title: 'Joins', contents: [text('Inner join')] },
      ],
    })
    const [, joins] = course.moduleIds as [number, number]
    const [hello] = course.contentIds as [number]
    await app.domain.authoring.updateModule(actor(author), joins, { opensDaysAfterEnrolment: 2 })

    // Tanya on Telegram, Dima on Discord, Lena on both (linked); all in Moscow
    const tanya = new Student(tg, tg.user({ first_name: 'Tanya', language_code: 'en' }))
    const dima = new DiscordStudent(dc, dc.user({ username: 'dima' }))
    const lenaTg = tg.user({ first_name: 'Lena', language_code: 'en' })
    const lenaDc = dc.user({ username: 'lena' })
    const register = (platform: 'TELEGRAM' | 'DISCORD', externalId: string, name: string) =>
      app.domain.accounts.registerFromPlatform({ platform, externalId, displayName: name, languageCode: 'en' }).then((r) => r.user)
    const tanyaUser = await register('TELEGRAM', String(tanya.id), 'Tanya')
    const dimaUser = await register('DISCORD', dima.id, 'Dima')
    const lena = await register('TELEGRAM', String(lenaTg.id), 'Lena')
    const lenaOnDiscord = await register('DISCORD', lenaDc.id, 'Lena')
    await app.domain.accounts.redeemLinkCode((await app.domain.accounts.issueLinkCode(lena.id)).code, lenaOnDiscord.id)
    for (const u of [tanyaUser, dimaUser, lena]) {
      await app.ports.users.updateProfile(u.id, { timezone: 'Europe/Moscow' })
      await enrolAt(u.id, course.slug)
    }

    // locked: Telegram's Next after the last lesson of Basics says when Joins opens
    const [card] = await tanya.say(`/start course-${course.slug}`)
    const [lesson] = await tanya.press(card!, /Continue/)
    expect(textOf(lesson!)).toContain('Hello')
    const [lockedTg] = await tanya.press(lesson!, 'Next ▶')
    expect(textOf(lockedTg!)).toBe('🔒 The module Joins opens on 2 December.')
    // Discord: /next once Basics is done says the same in the DM
    await app.domain.progress.complete(actor(dimaUser), hello)
    await dima.slash('next')
    const [lockedDc] = await dima.waitForDms(1)
    expect(discordText(lockedDc)).toContain('🔒 The module **Joins** opens on 2 December.')

    // its day comes: the job (scheduled in both workers) and a direct run race for it
    clock.set('2026-12-01T22:31:00Z')
    await Promise.all([app.ports.jobs.enqueue('drip.release', {}, { key: 'now' }), app.domain.drip.releaseDue()])
    const drip = await until(
      () => app.db.prisma.delivery.findMany({ where: { kind: 'DRIP' }, include: { recipients: true } }),
      (ds) => ds.length > 0 && ds.every((d) => d.recipients.length > 0 && d.recipients.every((r) => r.status === 'SENT')),
      'the drip delivery to be sent',
    )
    // a second run (and the job again) finds nothing new: no second delivery, so nothing can be sent twice
    await app.ports.jobs.enqueue('drip.release', {}, { key: 'again' })
    expect(await app.domain.drip.releaseDue()).toEqual({ released: 0, deliveries: 0 })
    for (const key of ['now', 'again']) await until(() => jobState(`drip.release@${key}`), (s) => s === 'completed', `the ${key} drip job`)
    expect(await app.db.prisma.moduleRelease.count()).toBe(3)
    expect(await app.db.prisma.delivery.count({ where: { kind: 'DRIP' } })).toBe(1)
    expect(drip).toHaveLength(1)
    expect(drip[0]!.recipients.map((r) => `${r.userId}:${r.platform}`).sort()).toEqual(
      [`${tanyaUser.id}:TELEGRAM`, `${dimaUser.id}:DISCORD`, `${lena.id}:TELEGRAM`, `${lena.id}:DISCORD`].sort(),
    )

    const opened = '🔓 The module Joins of SQL is open now.'
    const tgCards = (id: number) => tg.chat(id).messages.filter((m) => textOf(m) === opened)
    expect(tgCards(tanya.id)).toHaveLength(1)
    expect(tgCards(lenaTg.id)).toHaveLength(1)
    const dcCards = (user: typeof lenaDc) => dc.dm(user).messages.filter((m) => discordText(m).includes('is open now'))
    expect(dcCards(dima.user)).toHaveLength(1)
    expect(dcCards(lenaDc)).toHaveLength(1)
    expect(discordText(dcCards(lenaDc)[0])).toContain('🔓 The module **Joins** of **SQL** is open now.')

    // the card's button starts the module
    const [first] = await tanya.press(tgCards(tanya.id)[0]!, '▶️ Start the module')
    expect(textOf(first!)).toContain('Inner join')
    lenaShared = { id: lena.id, tg: new Student(tg, lenaTg), dcId: lenaDc.id, courseId: course.id }
  })

  it('honours a student’s /deliver choice in an announcement', async () => {
    const lena = lenaShared!
    const lenaTg = lena.tg

    const [menu] = await lenaTg.say('/deliver')
    expect(lenaTg.buttons(menu!)).toEqual(['✅ Telegram and Discord', 'Telegram only', 'Discord only'])
    await lenaTg.pressEdit(menu!, 'Telegram only', /will reach you: on Telegram only/)
    expect((await app.ports.users.findById(lena.id))!.profile!.deliveryPlatforms).toBe('TELEGRAM_ONLY')

    const admin = await makeStaff(app, 'ADMIN')
    const delivery = await app.domain.delivery.announce(actor(admin), lena.courseId, { body: 'Exam on **Friday**' })
    const done = await until(
      () => app.domain.delivery.progress(actor(admin), delivery.id),
      (d) => d.status === 'SENDING' && d.counts.pending === 0,
      'the announcement to be sent',
    )
    // Tanya (Telegram), Dima (Discord), Lena on Telegram only
    expect(done.counts).toMatchObject({ total: 3, sent: 3 })
    const rows = await app.db.prisma.deliveryRecipient.findMany({ where: { deliveryId: delivery.id, userId: lena.id } })
    expect(rows.map((r) => r.platform)).toEqual(['TELEGRAM'])
    await until(() => Promise.resolve(lenaTg.messages.filter((m) => textOf(m) === 'Exam on Friday')), (m) => m.length === 1, 'Lena’s announcement')
    expect(dc.dm(lena.dcId).messages.filter((m) => discordText(m).includes('Exam'))).toEqual([])

    // on Discord she turns it back to both: the same profile choice
    const back = await new DiscordStudent(dc, dc.user({ id: lena.dcId })).slash('deliver', { options: { to: 'EVERY_LINKED' } })
    expect(discordText(back.reply)).toContain('will reach you: on every linked account (Telegram and Discord)')
    expect((await app.ports.users.findById(lena.id))!.profile!.deliveryPlatforms).toBe('EVERY_LINKED')
  })
})
