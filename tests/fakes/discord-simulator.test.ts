import { Client, Events, GatewayIntentBits, Partials, type Interaction } from 'discord.js'
import { afterEach, describe, expect, it } from 'vitest'
import { startDiscordSimulator, type DiscordSimulatorOptions, type DiscordSimulator } from './discord'

const cleanups: (() => Promise<unknown> | unknown)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

const INTENTS = [
  GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers, GatewayIntentBits.GuildMessages,
  GatewayIntentBits.DirectMessages, GatewayIntentBits.MessageContent,
]

async function setup(options: DiscordSimulatorOptions = {}) {
  const sim = await startDiscordSimulator(options)
  cleanups.push(() => sim.close())
  return sim
}

/** A real discord.js Client logged in to the simulator; resolves once it is ready. */
async function connect(sim: DiscordSimulator, onInteraction?: (i: Interaction) => unknown) {
  const client = new Client({ intents: INTENTS, partials: [Partials.Channel], rest: { api: sim.apiUrl } })
  cleanups.push(() => client.destroy())
  if (onInteraction) client.on(Events.InteractionCreate, (i) => void Promise.resolve(onInteraction(i)).catch(() => undefined))
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()))
  await client.login(sim.token)
  await ready
  return client
}

describe('discord simulator: gateway and interactions', () => {
  it('logs a real Client in: READY, then GUILD_CREATE fills the guild cache', async () => {
    const sim = await setup()
    const guild = sim.guild({ name: 'School', locale: 'ru' })
    const general = guild.textChannel({ name: 'general' })
    const alice = sim.user({ username: 'alice' })
    guild.addMember(alice)
    const client = await connect(sim)
    expect(client.user?.id).toBe(sim.bot.id)
    expect(client.application?.id).toBe(sim.applicationId)
    const cached = client.guilds.cache.get(guild.id)
    expect(cached?.name).toBe('School')
    expect(cached?.preferredLocale).toBe('ru')
    expect(cached?.channels.cache.get(general.id)?.name).toBe('general')
    expect(cached?.members.cache.has(alice.id)).toBe(true)
    expect(sim.sessions).toHaveLength(1)
    expect(sim.sessions[0]).toMatchObject({ shard: [0, 1], connected: true })
  })

  it('answers a slash command with a reply and with a deferred reply + follow-up', async () => {
    const sim = await setup()
    const guild = sim.guild()
    const general = guild.textChannel()
    const alice = sim.user({ username: 'alice', locale: 'ru' })
    guild.addMember(alice)
    const client = await connect(sim, async (i) => {
      if (!i.isChatInputCommand()) return
      if (i.commandName === 'hello') await i.reply({ content: `hi ${i.options.getString('name')} (${i.locale})`, allowedMentions: { parse: [] } })
      if (i.commandName === 'slow') {
        await i.deferReply({ flags: 64 })
        await i.editReply('done')
        await i.followUp({ content: 'and more', flags: 64 })
      }
    })
    await client.application!.commands.set([
      { name: 'hello', description: 'Say hello', options: [{ type: 3, name: 'name', description: 'Who', required: true }] },
      { name: 'slow', description: 'Takes a while' },
    ])
    const hello = alice.slash('hello', { channel: general, options: { name: 'Bob' } })
    await sim.waitUntil(() => hello.reply)
    expect(hello.ack).toMatchObject({ type: 4, status: 204 })
    expect(hello.ack!.latencyMs).toBeLessThan(3000)
    expect(hello.reply!.message.content).toBe('hi Bob (ru)')
    expect(hello.reply!.allowedMentions).toEqual({ parse: [] })
    expect(sim.channel(general).contents).toEqual(['hi Bob (ru)'])

    const slow = alice.slash('slow', { channel: general })
    await sim.waitUntil(() => slow.followUps.length === 1)
    expect(slow.ack?.type).toBe(5)
    expect(slow.reply!.message.content).toBe('done')
    expect(slow.reply!.message.flags! & 128).toBe(0) // no longer "thinking"
    expect(slow.reply!.ephemeralTo).toBe(alice.id)
    expect(slow.followUps[0]!.message.content).toBe('and more')
    expect(alice.ephemeral.map((m) => m.message.content)).toEqual(['done', 'and more'])
    expect(sim.ackReport()).toMatchObject({ total: 2, acknowledged: 2, unacknowledged: [] })
  })
})
