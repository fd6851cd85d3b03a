// Lessons reach Discord students whatever happens: rate limits are waited out
// (nothing lost, nothing twice), closed DMs get the lesson here with a line on
// how to open them, linked accounts continue where they left off on Telegram,
// and a worker job sends a lesson with no interaction at all.
import { afterEach, describe, expect, it } from 'vitest'
import { discordMessenger } from '../../../src/bot/discord/role'
import { eventually } from '../harness'
import { startWorkerRole } from '../../../src/jobs/worker'
import { DEMO_COURSE_SLUG, DiscordStudent, type DiscordHarness, expectAllAcknowledgedInTime, startDiscordHarness, textOf } from './harness'

let h: DiscordHarness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

describe('discord delivery', () => {
  it('a 429 is waited out and no lesson is lost or sent twice', async () => {
    h = await startDiscordHarness({ sim: { limits: { globalPerSecond: 50, routes: { 'POST /channels/:channel_id/messages': { limit: 1, windowMs: 250 } } } } })
    const { sim } = h
    const alice = new DiscordStudent(sim, sim.user({ username: 'alice' }))
    const card = (await alice.slash('course', { options: { course: DEMO_COURSE_SLUG } })).reply!
    // on top of the tiny bucket, the next two sends get a 429 whatever the counters say
    sim.forceRateLimit({ route: 'POST /channels/:channel_id/messages', retryAfter: 0.3 }, 2)
    let [lesson] = await alice.press(card, '✍️ Enrol')
    const titles = [lesson!.message.content.split('\n')[1]]
    for (let i = 0; i < 5; i++) {
      ;[lesson] = await alice.press(lesson!, /Next/)
      titles.push(lesson!.message.content.split('\n')[1])
    }
    expect(sim.rateLimitHits.length).toBeGreaterThanOrEqual(2)
    expect(titles).toEqual(['**Tables and rows**', '**How SELECT reads a table**', '**SQL in 100 seconds**', '**WHERE and ORDER BY**', '**Cheat sheet**', '**Sorting results**'])
    expect(alice.dms).toHaveLength(6)
    expectAllAcknowledgedInTime(sim)
  })

  it('closed DMs: the lesson comes here, ephemeral, after a line saying how to open them', async () => {
    h = await startDiscordHarness()
    const { sim, guild, general } = h
    const carol = new DiscordStudent(sim, sim.user({ username: 'carol', dmsOpen: false }))
    guild.addMember(carol.user)
    const enrol = carol.user.slash('enrol', { channel: general, options: { course: DEMO_COURSE_SLUG } })
    await sim.waitUntil(() => enrol.followUps.length >= 2)
    expect(textOf(enrol.reply)).toBe('You are enrolled in **Introduction to SQL**. Here is your first lesson.')
    expect(textOf(enrol.followUps[0])).toMatch(/^I cannot write to you in DMs\. To get lessons there, allow direct messages/)
    expect(textOf(enrol.followUps[1])).toContain('**Tables and rows**')
    expect(enrol.followUps.every((m) => m.ephemeralTo === carol.id)).toBe(true)
    expect(carol.dms).toEqual([])
    expectAllAcknowledgedInTime(sim)
  })

  it('a student who linked accounts and finished module 1 on Telegram gets module 2 first on Discord', async () => {
    h = await startDiscordHarness()
    const { sim, ctx } = h
    const { domain } = ctx
    // on Telegram: enrolled, module 1 done, a link code asked for with /link
    const { user: tg } = await domain.accounts.registerFromPlatform({ platform: 'TELEGRAM', externalId: '777001', displayName: 'Dana', languageCode: 'en' })
    const actor = { id: tg.id, role: tg.role }
    const { course } = await domain.enrolment.enrol(tg.id, DEMO_COURSE_SLUG, 'TELEGRAM')
    const outline = await ctx.ports.courses.listCourseOutline(course.id)
    const module1 = outline.filter((c) => c.moduleId === outline[0]!.moduleId)
    for (const c of module1) await domain.progress.complete(actor, c.id, { source: 'TELEGRAM' })
    const { code } = await domain.accounts.issueLinkCode(tg.id)

    const dana = new DiscordStudent(sim, sim.user({ username: 'dana' }))
    const linked = await dana.slash('link', { options: { code } })
    expect(textOf(linked.reply)).toBe('✅ Accounts linked. Your courses and progress from both platforms are together now.')
    await dana.slash('next')
    const [first] = await dana.waitForDms(1)
    expect(first!.message.content).toContain('*Module 2/3 · Filtering and sorting · lesson 4 of 6*\n**WHERE and ORDER BY**')
    expect((await domain.accounts.findByPlatform('DISCORD', dana.id))?.id).toBe(tg.id)

    // the other way round: a code made on Discord, redeemed on Telegram
    const erin = new DiscordStudent(sim, sim.user({ username: 'erin' }))
    const issued = textOf((await erin.slash('link')).reply)
    const erinCode = /`([A-Z0-9]{8})`/.exec(issued)?.[1]
    expect(issued).toContain('Telegram')
    const { user: erinTg } = await domain.accounts.registerFromPlatform({ platform: 'TELEGRAM', externalId: '777002', displayName: 'Erin' })
    const survivor = await domain.accounts.redeemLinkCode(erinCode!, erinTg.id)
    expect((await ctx.ports.users.listAccounts(survivor.id)).map((a) => a.platform).sort()).toEqual(['DISCORD', 'TELEGRAM'])
    expectAllAcknowledgedInTime(sim)
  })

  it('a worker job sends a lesson to a Discord student through the Messenger (no interaction)', async () => {
    h = await startDiscordHarness()
    const { sim, ctx } = h
    const frank = new DiscordStudent(sim, sim.user({ username: 'frank' }))
    const { user } = await ctx.domain.accounts.registerFromPlatform({ platform: 'DISCORD', externalId: frank.id, displayName: 'Frank', languageCode: 'ru' })
    const { course } = await ctx.domain.enrolment.enrol(user.id, DEMO_COURSE_SLUG, 'DISCORD')
    const image = (await ctx.ports.courses.listCourseOutline(course.id)).find((c) => c.kind === 'IMAGE')!
    const worker = await startWorkerRole(ctx, { messengers: { DISCORD: discordMessenger(ctx) } })
    const jobs = ctx.ports.jobs
    try {
      const interactionsBefore = sim.interactions.length
      await jobs.enqueue('lesson.send', { userId: user.id, contentId: image.id, platform: 'DISCORD' })
      const [lesson] = await frank.waitForDms(1)
      expect(lesson!.message.content).toContain('**How SELECT reads a table**')
      expect(lesson!.message.content).toContain('Модуль 1/3') // the student's locale
      expect(lesson!.message.attachments.map((a) => a.filename)).toEqual(['select-diagram.png'])
      expect(sim.interactions.length).toBe(interactionsBefore)
      await eventually(async () => expect(await ctx.ports.platformFiles.find(image.id, 'DISCORD')).not.toBeNull())
      // a second send reuses the CDN URL instead of uploading again
      await jobs.enqueue('lesson.send', { userId: user.id, contentId: image.id, platform: 'DISCORD' })
      const [, again] = await frank.waitForDms(2)
      expect(again!.message.attachments).toEqual([])
      expect(again!.message.embeds[0]?.image?.url).toBe(lesson!.message.attachments[0]!.url)
    } finally {
      await worker.stop()
    }
  })

  it('a long lesson is split into messages within 2000 characters, escapes included, in order', async () => {
    h = await startDiscordHarness()
    const { sim, ctx } = h
    const course = (await ctx.ports.courses.findCourseBySlug(DEMO_COURSE_SLUG))!
    const [first] = await ctx.ports.courses.listCourseOutline(course.id)
    const admin = (await ctx.ports.users.findByEmail(ctx.config.admin.email))!
    // paragraphs full of characters Discord Markdown must escape (each costs two characters once escaped)
    const paragraphs = Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1}: ${'x|y <z> #t [a] '.repeat(35)}`.trim())
    await ctx.domain.authoring.updateContent({ id: admin.id, role: 'ADMIN' }, first!.id, { body: paragraphs.join('\n\n') })
    const kim = new DiscordStudent(sim, sim.user({ username: 'kim' }))
    await kim.slash('enrol', { options: { course: DEMO_COURSE_SLUG } })
    const sent = await sim.waitUntil(() => (kim.dms.at(-1) && kim.buttons(kim.dms.at(-1)!).includes('Next ▶') ? kim.dms : undefined))
    expect(sent.length).toBeGreaterThanOrEqual(4)
    for (const m of sent) expect(m.message.content.length).toBeLessThanOrEqual(2000)
    const all = sent.map((m) => m.message.content).join('\n\n')
    for (const [i] of paragraphs.entries()) expect(all).toContain(`Paragraph ${i + 1}: x\\|y \\<z\\> \\#t \\[a\\]`)
    expect(all.indexOf('Paragraph 12:')).toBeGreaterThan(all.indexOf('Paragraph 2:'))
    // the buttons are under the last message only
    expect(sent.slice(0, -1).every((m) => kim.buttons(m).length === 0)).toBe(true)
  })
})
