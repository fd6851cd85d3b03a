// Plain text in the bot's DM: the bot says how to use it (slash commands), once
// in a while, in the writer's language, and the writer is reachable again.
import { afterEach, describe, expect, it } from 'vitest'
import { DiscordStudent, type DiscordHarness, startDiscordHarness } from './harness'

let h: DiscordHarness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

const hintsOf = (student: DiscordStudent) => student.dms.filter((m) => m.message.content.includes('/courses'))

describe('plain text in the DM', () => {
  it('is answered with the command hint once, and makes a student who had closed DMs reachable again', async () => {
    h = await startDiscordHarness()
    const { sim, ctx } = h
    const kim = new DiscordStudent(sim, sim.user({ username: 'kim', locale: 'ru' }))
    const lang = await kim.slash('lang', { options: { language: 'ru' } })
    expect(lang.reply).toBeDefined()
    const { user } = await ctx.domain.accounts.registerFromPlatform({ platform: 'DISCORD', externalId: kim.user.id, displayName: 'kim' })
    await ctx.ports.deliveries.markUnreachable('DISCORD', kim.user.id, new Date())
    const unreachable = async () => (await ctx.db.prisma.platformAccount.findFirstOrThrow({ where: { userId: user.id, platform: 'DISCORD' } })).unreachableSince

    expect(await unreachable()).not.toBeNull()
    kim.user.say('привет')
    await sim.waitUntil(() => hintsOf(kim).length === 1)
    expect(hintsOf(kim)[0]!.message.content).toContain('слэш-команды')
    expect(hintsOf(kim)[0]!.allowedMentions).toEqual({ parse: [] })
    expect(await unreachable()).toBeNull()

    // more lines within the period get no second hint; a command answered after them still works
    kim.user.say('@everyone <b>hello</b>')
    kim.user.say('are you there?')
    const help = await kim.slash('help')
    expect(help.reply?.message.content).toContain('/courses')
    expect(hintsOf(kim)).toHaveLength(1)
  })
})
