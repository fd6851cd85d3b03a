// Course roles: an author binds the course to a server role with /bind; students
// get it when they enrol as members, when they join later, and lose it on /leave.
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_BOT_PERMISSIONS, PERMISSIONS } from '../../fakes/discord'
import { DEMO_COURSE_SLUG, DiscordStudent, type DiscordHarness, expectAllAcknowledgedInTime, startDiscordHarness, textOf } from './harness'

let h: DiscordHarness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

describe('discord course roles', () => {
  it('binds a course to a role; enrolment and joining grant it, leaving removes it', async () => {
    h = await startDiscordHarness({ worker: true })
    const { sim, guild, general, ctx } = h
    guild.setBotPermissions(DEFAULT_BOT_PERMISSIONS | PERMISSIONS.ManageRoles)
    const mods = guild.role({ name: 'Mods', permissions: PERMISSIONS.ManageRoles })
    const students = guild.role({ name: 'SQL students' })

    // the course's author (the seeded admin owns the demo course) links Discord, then binds
    const admin = (await ctx.ports.users.findByEmail(ctx.config.admin.email))!
    const author = new DiscordStudent(sim, sim.user({ username: 'author' }))
    guild.addMember(author.user, { roles: [mods] })
    const { code } = await ctx.domain.accounts.issueLinkCode(admin.id)
    await author.slash('link', { options: { code } })
    const lang = await author.slash('lang', { options: { language: 'en' } }) // the admin's profile said ru
    expect(textOf(lang.reply)).toBe('Language set: English.')

    // a moderator who is not an author may not
    const mod = new DiscordStudent(sim, sim.user({ username: 'mod' }))
    guild.addMember(mod.user, { roles: [mods] })
    const refused = await mod.slash('bind role', { channel: general, options: { course: DEMO_COURSE_SLUG, role: students.id } })
    expect(textOf(refused.reply)).toBe("Only the course's authors can bind it.")

    const bound = await author.slash('bind role', { channel: general, options: { course: DEMO_COURSE_SLUG, role: students.id } })
    expect(textOf(bound.reply)).toBe('Students of **Introduction to SQL** now get the role SQL students in this server.')

    // a member enrols: the role at once
    const gina = new DiscordStudent(sim, sim.user({ username: 'gina' }))
    guild.addMember(gina.user)
    await gina.slash('enrol', { channel: general, options: { course: DEMO_COURSE_SLUG } })
    await sim.waitUntil(() => guild.rolesOf(gina.user)?.includes(students.id))

    // enrolled in DMs before joining: the role when joining
    const hal = new DiscordStudent(sim, sim.user({ username: 'hal' }))
    await hal.slash('enrol', { options: { course: DEMO_COURSE_SLUG } })
    guild.join(hal.user)
    await sim.waitUntil(() => guild.rolesOf(hal.user)?.includes(students.id))

    // leaving the course takes it away
    const left = await gina.slash('leave', { channel: general, options: { course: DEMO_COURSE_SLUG } })
    expect(textOf(left.reply)).toBe('You left **Introduction to SQL**. Your progress is kept if you come back.')
    await sim.waitUntil(() => !guild.rolesOf(gina.user)?.includes(students.id))

    // hal's enrolment went on although he was no member then (Discord said "unknown member")
    await sim.waitUntil(() => hal.dms.length > 0)
    expect(hal.dms).toHaveLength(1)
    expectAllAcknowledgedInTime(sim)
  })

  it('students enrolled on Telegram or through the API get the role (and lose it on leaving); binding a role gives it to the students a course already has', async () => {
    h = await startDiscordHarness({ worker: true })
    const { sim, guild, general, ctx } = h
    const mods = guild.role({ name: 'Mods', permissions: PERMISSIONS.ManageRoles })
    const students = guild.role({ name: 'SQL students' })
    const admin = (await ctx.ports.users.findByEmail(ctx.config.admin.email))!

    // Tess enrolled on Telegram before the course had a role here, then linked her Discord account
    const tess = sim.user({ username: 'tess' })
    guild.addMember(tess)
    const { user: tessUser } = await ctx.domain.accounts.registerFromPlatform({ platform: 'TELEGRAM', externalId: '7001', displayName: 'Tess' })
    await ctx.domain.enrolment.enrol(tessUser.id, DEMO_COURSE_SLUG, 'TELEGRAM')
    const tessDiscord = new DiscordStudent(sim, tess)
    const { code: tessCode } = await ctx.domain.accounts.issueLinkCode(tessUser.id)
    await tessDiscord.slash('link', { options: { code: tessCode } })
    // Olga has a Discord account but is enrolled in nothing
    const olga = new DiscordStudent(sim, sim.user({ username: 'olga' }))
    guild.addMember(olga.user)
    await olga.slash('courses')

    // binding the role: the course's existing students get it, nobody else
    const author = new DiscordStudent(sim, sim.user({ username: 'author' }))
    guild.addMember(author.user, { roles: [mods] })
    const { code } = await ctx.domain.accounts.issueLinkCode(admin.id)
    await author.slash('link', { options: { code } })
    await author.slash('bind role', { channel: general, options: { course: DEMO_COURSE_SLUG, role: students.id } })
    await sim.waitUntil(() => guild.rolesOf(tess)?.includes(students.id), 15_000)

    // Paul enrols through the API (no Discord command): the role follows
    const paul = sim.user({ username: 'paul' })
    guild.addMember(paul)
    const paulDiscord = new DiscordStudent(sim, paul)
    await paulDiscord.slash('courses') // registers his Discord account
    const paulUser = (await ctx.domain.accounts.findByPlatform('DISCORD', paul.id))!
    await ctx.domain.enrolment.enrol(paulUser.id, DEMO_COURSE_SLUG, 'WEB')
    await sim.waitUntil(() => guild.rolesOf(paul)?.includes(students.id), 15_000)

    // Tess leaves on Telegram: the role goes
    await ctx.domain.enrolment.unenrol(tessUser.id, DEMO_COURSE_SLUG)
    await sim.waitUntil(() => !guild.rolesOf(tess)?.includes(students.id), 15_000)
    expect(guild.rolesOf(olga.user)).toEqual([])
  })
})
