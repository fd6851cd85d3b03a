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
    h = await startDiscordHarness()
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
    expect(hal.dms).toHaveLength(1)
    expectAllAcknowledgedInTime(sim)
  })
})
