// What the Discord bot refuses and what it never does: forged, foreign and
// stale custom_ids get an ephemeral explanation and nothing else; course text
// pings nobody; a failing handler still answers; other bots are not served.
import { ButtonStyle, ComponentType, Routes } from 'discord.js'
import { afterEach, describe, expect, it } from 'vitest'
import { createDiscordRest } from '../../../src/bot/discord/client'
import { DEMO_COURSE_SLUG, DiscordStudent, type DiscordHarness, expectAllAcknowledgedInTime, expectNoMentionsAllowed, startDiscordHarness, textOf } from './harness'

let h: DiscordHarness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

/** Waits until the interaction got its acknowledgement and `count` ephemeral messages for its user. */
async function ephemeralAnswers(h: DiscordHarness, student: DiscordStudent, count: number) {
  return h.sim.waitUntil(() => (student.user.ephemeral.length >= count ? student.user.ephemeral : undefined))
}

describe('discord safety', () => {
  it('a non-enrolled user gets nothing through a forged or someone else’s custom_id', async () => {
    h = await startDiscordHarness()
    const { sim, guild, general, ctx } = h
    const alice = new DiscordStudent(sim, sim.user({ username: 'alice' }))
    const mallory = new DiscordStudent(sim, sim.user({ username: 'mallory' }))
    guild.addMember(alice.user).addMember(mallory.user)
    const course = (await ctx.ports.courses.findCourseBySlug(DEMO_COURSE_SLUG))!
    const [first, second] = await ctx.ports.courses.listCourseOutline(course.id)

    // alice enrols in DMs; her lesson's buttons are signed for her
    const card = (await alice.slash('course', { options: { course: DEMO_COURSE_SLUG } })).reply!
    const [lesson] = await alice.press(card, '✍️ Enrol')

    // a message in the server carrying buttons with forged ids (a real id made up, an unsigned one, garbage)
    const rest = createDiscordRest(sim.apiUrl, sim.token)
    const forged = { next: `n:${first!.id}~AAAAAAAA`, open: `c:${second!.id}`, garbage: '\u0000;DROP' }
    await rest.post(Routes.channelMessages(general.id), {
      body: {
        content: 'buttons',
        components: [{ type: ComponentType.ActionRow, components: Object.entries(forged).map(([label, custom_id]) => ({ type: ComponentType.Button, style: ButtonStyle.Primary, label, custom_id })) }],
      },
    })
    const posted = await sim.waitForMessages({ channel: general, content: 'buttons' })
    for (const id of Object.values(forged)) mallory.user.press(posted[0]!, id)
    // and alice's own Next button, pressed by mallory
    const aliceNext = alice.buttonId(lesson!, /Next/)
    mallory.user.press(lesson!, aliceNext)

    const answers = await ephemeralAnswers(h, mallory, 4)
    // a well-formed id with a wrong signature cannot be told from someone else's: both are "not for you"
    expect(answers.map(textOf).sort()).toEqual([
      'This button is outdated. Run /courses or /next to go on.',
      'This button is outdated. Run /courses or /next to go on.',
      'This button was not made for you. Use /courses.',
      'This button was not made for you. Use /courses.',
    ])
    // nothing else: no DM, no account, no enrolment, no progress
    expect(mallory.dms).toEqual([])
    expect(await ctx.domain.accounts.findByPlatform('DISCORD', mallory.id)).toBeNull()
    expect(alice.dms).toHaveLength(1)
    expectAllAcknowledgedInTime(sim)
  })

  it('@everyone, @here and mention syntax in course text ping no one and show literally', async () => {
    h = await startDiscordHarness()
    const { sim, ctx } = h
    const course = (await ctx.ports.courses.findCourseBySlug(DEMO_COURSE_SLUG))!
    const [first] = await ctx.ports.courses.listCourseOutline(course.id)
    const admin = (await ctx.ports.users.findByEmail(ctx.config.admin.email))!
    const alice = new DiscordStudent(sim, sim.user({ username: 'alice' }))
    const victim = sim.user({ username: 'victim' })
    await ctx.domain.authoring.updateContent({ id: admin.id, role: 'ADMIN' }, first!.id, { body: `Hello @everyone and @here! Ask <@${victim.id}> or <@&${h.guild.botRole.id}>. [click](javascript:alert(1)) **bold**` })

    const card = (await alice.slash('course', { options: { course: DEMO_COURSE_SLUG } })).reply!
    const [lesson] = await alice.press(card, '✍️ Enrol')
    const content = lesson!.message.content
    expect(lesson!.message.mention_everyone).toBe(false)
    expect(lesson!.message.mentions).toEqual([])
    expect(lesson!.message.mention_roles).toEqual([])
    expect(content).toContain('**bold**')
    expect(content).not.toMatch(/(^|[^\\])@everyone/)
    expect(content).not.toMatch(/(^|[^\\])<@/)
    expectNoMentionsAllowed(sim)
  })

  it('a failing handler still answers, ephemeral and localized', async () => {
    h = await startDiscordHarness()
    const { sim } = h
    const boris = new DiscordStudent(sim, sim.user({ username: 'boris', locale: 'ru' }))
    sim.failNext('POST /users/@me/channels', { status: 403, code: 50001, message: 'Missing Access' })
    const card = (await boris.slash('course', { options: { course: DEMO_COURSE_SLUG } })).reply!
    const enrol = boris.user.press(card, boris.buttonId(card, /Записаться/))
    await sim.waitUntil(() => enrol.followUps.length >= 2)
    expect(enrol.followUps.map(textOf).at(-1)).toBe('У нас что-то пошло не так. Попробуйте ещё раз чуть позже.')
    expect(enrol.followUps.at(-1)!.ephemeralTo).toBe(boris.id)
    expectAllAcknowledgedInTime(sim)
  })

  it('other bots are never served', async () => {
    h = await startDiscordHarness()
    const { sim, ctx } = h
    const robot = sim.user({ username: 'robot', bot: true })
    const human = new DiscordStudent(sim, sim.user({ username: 'human' }))
    robot.slash('help')
    await human.slash('help') // handled after the bot's (the bot's got no answer at all)
    expect(sim.interactions.filter((i) => i.record.userId === robot.id && i.acknowledged)).toEqual([])
    expect(await ctx.domain.accounts.findByPlatform('DISCORD', robot.id)).toBeNull()
  })
})
