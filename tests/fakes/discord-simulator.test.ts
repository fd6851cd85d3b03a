import {
  ActionRowBuilder, ButtonBuilder, ButtonStyle, Client, DiscordAPIError, Events, GatewayIntentBits, ModalBuilder, Partials, PermissionFlagsBits,
  REST, Routes, StringSelectMenuBuilder, TextInputBuilder, TextInputStyle, type GuildMember, type Interaction, type Message, type TextChannel,
} from 'discord.js'
import { afterEach, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { startDiscordSimulator, type DiscordSimulatorOptions, type DiscordSimulator, type SimGuild, type SimUser } from './discord'

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

/** The DiscordAPIError a call fails with (discord.js and @discordjs/rest each bring their own class). */
async function apiError(p: Promise<unknown>): Promise<DiscordAPIError> {
  const err = await p.then(() => undefined, (e: unknown) => e)
  expect(err).toMatchObject({ name: expect.stringMatching(/^DiscordAPIError/), code: expect.any(Number) })
  return err as DiscordAPIError
}

/** A guild with one text channel and a member, plus a user to act in it. */
function school(sim: DiscordSimulator): { guild: SimGuild; channelId: string; alice: SimUser } {
  const guild = sim.guild({ name: 'School' })
  const channelId = guild.textChannel({ name: 'general' }).id
  const alice = sim.user({ username: 'alice' })
  guild.addMember(alice)
  return { guild, channelId, alice }
}

/** Resolves with the first event `name` whose args pass `where`. */
function nextEvent<T>(client: Client, name: string, where: (arg: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const listener = (arg: T) => {
      if (!where(arg)) return
      client.off(name, listener)
      resolve(arg)
    }
    client.on(name, listener)
  })
}

/** A real discord.js Client logged in to the simulator; resolves once it is ready. */
async function connect(sim: DiscordSimulator, onInteraction?: (i: Interaction) => unknown, shards?: { shards: number[]; shardCount: number }) {
  const client = new Client({
    intents: INTENTS, partials: [Partials.Channel], rest: { api: sim.apiUrl }, ...shards,
    // no 5-second pause between IDENTIFYs (Discord's max_concurrency rule); the simulator does not enforce it
    ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => undefined }) },
  })
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
        await i.editReply({ content: 'done', files: [{ attachment: Buffer.from('%PDF-1.4'), name: 'lesson.pdf' }] })
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
    expect(hello.reply!.message.content).toBe('hi Bob (ru)')
    expect(hello.reply!.allowedMentions).toEqual({ parse: [] })
    expect(sim.channel(general).contents).toEqual(['hi Bob (ru)'])

    const slow = alice.slash('slow', { channel: general })
    await sim.waitUntil(() => slow.followUps.length === 1)
    expect(slow.ack?.type).toBe(5)
    expect(slow.reply!.message.content).toBe('done')
    expect(slow.reply!.message.attachments.map((a) => a.filename)).toEqual(['lesson.pdf'])
    expect(slow.reply!.message.flags! & 128).toBe(0) // no longer "thinking"
    expect(slow.reply!.ephemeralTo).toBe(alice.id)
    expect(slow.followUps[0]!.message.content).toBe('and more')
    expect(alice.ephemeral.map((m) => m.message.content)).toEqual(['done', 'and more'])

    const inDm = alice.slash('hello', { options: { name: 'me' }, locale: 'en-GB' }) // no channel: the DM with the bot
    await sim.waitUntil(() => inDm.reply)
    expect(inDm.record.interaction).toMatchObject({ user: { id: alice.id }, context: 1 })
    expect(inDm.record.interaction).not.toHaveProperty('member')
    expect(sim.dm(alice).contents).toEqual(['hi me (en-GB)'])
    expect(sim.ackReport()).toMatchObject({ total: 3, acknowledged: 3, unacknowledged: [] })
  })
})

describe('discord simulator: components, messages and members', () => {
  it('a button press updates the message (callback 7) and a select is answered with deferUpdate + editReply', async () => {
    const sim = await setup()
    const { channelId, alice } = school(sim)
    const client = await connect(sim, async (i) => {
      if (i.isButton()) await i.update({ content: `pressed ${i.customId}`, components: [] })
      if (i.isStringSelectMenu()) {
        await i.deferUpdate()
        await i.editReply({ content: `chose ${i.values.join(',')}`, components: [] })
      }
    })
    const channel = client.channels.cache.get(channelId) as TextChannel
    const sent = await channel.send({
      content: 'Pick one',
      components: [new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder().setCustomId('next').setLabel('Next').setStyle(ButtonStyle.Primary),
        new ButtonBuilder().setURL('https://example.org').setLabel('Docs').setStyle(ButtonStyle.Link),
      )],
    })
    const [message] = await sim.waitForMessages({ channel: channelId, content: 'Pick one' })
    expect(message!.message.components).toHaveLength(1)
    const press = alice.press(message!, 'Next')
    await sim.waitUntil(() => press.acknowledged)
    expect(press.ack!.type).toBe(7)
    expect(sim.channel(channelId).fromBot.map((m) => [m.message.id, m.message.content, m.message.components?.length]))
      .toEqual([[sent.id, 'pressed next', 0]])
    expect(() => alice.press(message!, 'Next')).toThrow(/no button/)

    const menu = await channel.send({
      content: 'Course?',
      components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
        new StringSelectMenuBuilder().setCustomId('course').addOptions({ label: 'Rust', value: 'c1' }, { label: 'Go', value: 'c2' }),
      )],
    })
    const choice = alice.select(sim.state.findMessage(channelId, menu.id)!, 'course', ['Go'])
    await sim.waitUntil(() => choice.reply?.message.content === 'chose c2')
    expect(choice.ack!.type).toBe(6)
  })

  it('delivers MESSAGE_CREATE / UPDATE / DELETE (guild and DM) and GUILD_MEMBER_ADD / REMOVE', async () => {
    const sim = await setup()
    const { guild, channelId, alice } = school(sim)
    const client = await connect(sim)
    const said = nextEvent<Message>(client, Events.MessageCreate, (m) => m.author.id === alice.id)
    alice.say('hello <@' + sim.bot.id + '>', { channel: channelId })
    const m = await said
    expect(m.content).toBe(`hello <@${sim.bot.id}>`)
    expect(m.guildId).toBe(guild.id)
    expect(m.mentions.users.has(sim.bot.id)).toBe(true)

    const stored = sim.state.findMessage(channelId, m.id)!
    const updated = nextEvent<Message>(client, Events.MessageUpdate, (old) => old.id === m.id)
    alice.edit(stored, 'hello again')
    await updated
    expect((client.channels.cache.get(channelId) as TextChannel).messages.cache.get(m.id)?.content).toBe('hello again')
    const deleted = nextEvent<Message>(client, Events.MessageDelete)
    alice.delete(stored)
    expect((await deleted).id).toBe(m.id)
    expect(sim.channel(channelId).deleted.map((x) => x.message.content)).toEqual(['hello again'])

    const dm = nextEvent<Message>(client, Events.MessageCreate, (x) => x.channel.isDMBased())
    alice.say('in private')
    expect((await dm).content).toBe('in private')

    const bob = sim.user({ username: 'bob' })
    const joined = nextEvent<GuildMember>(client, Events.GuildMemberAdd)
    guild.join(bob)
    expect((await joined).id).toBe(bob.id)
    const left = nextEvent<GuildMember>(client, Events.GuildMemberRemove)
    guild.leave(bob)
    expect((await left).id).toBe(bob.id)
  })

  it('sends a DM with an attachment whose CDN URL can be read and reused; closed DMs give 50007', async () => {
    const sim = await setup()
    const { alice } = school(sim)
    const client = await connect(sim)
    const user = await client.users.fetch(alice.id)
    const sent = await user.send({ content: 'Lesson 1', files: [{ attachment: Buffer.from('lesson notes'), name: 'notes.txt' }], allowedMentions: { parse: [] } })
    const url = sent.attachments.first()!.url
    expect(url.startsWith(sim.baseUrl)).toBe(true)
    expect(await (await fetch(url)).text()).toBe('lesson notes')
    await user.send({ embeds: [{ title: 'Again', image: { url } }] })
    const [first, second] = await sim.waitForMessages({ dmOf: alice, count: 2 })
    expect(first!.message.attachments.map((a) => [a.filename, a.size])).toEqual([['notes.txt', 12]])
    expect(first!.allowedMentions).toEqual({ parse: [] })
    expect(second!.message.embeds[0]).toMatchObject({ title: 'Again', image: { url } })

    alice.closeDms()
    const err = await apiError(user.send('more'))
    expect(err.code).toBe(50007)
    expect(err.status).toBe(403)
    expect(sim.dm(alice).fromBot).toHaveLength(2)
  })

  it('adds and removes a course role; a role above the bot is refused with 50013', async () => {
    const sim = await setup()
    const { guild, alice } = school(sim)
    const student = guild.role({ name: 'Rust students' })
    const admin = guild.role({ name: 'Admins', position: 200 })
    const client = await connect(sim)
    const member = await client.guilds.cache.get(guild.id)!.members.fetch(alice.id)
    await member.roles.add(student.id)
    expect(guild.rolesOf(alice)).toEqual([student.id])
    await member.roles.remove(student.id)
    expect(guild.rolesOf(alice)).toEqual([])
    expect((await apiError(member.roles.add(admin.id))).code).toBe(50013)
    expect((await apiError(client.guilds.cache.get(guild.id)!.members.fetch(sim.user().id))).code).toBe(10007)
  })

  it('executes a channel webhook with a username and avatar, then edits and deletes its message', async () => {
    const sim = await setup()
    const { channelId } = school(sim)
    const client = await connect(sim)
    const channel = client.channels.cache.get(channelId) as TextChannel
    const hook = await channel.createWebhook({ name: 'Room bridge' })
    expect((await channel.fetchWebhooks()).map((w) => w.id)).toEqual([hook.id])
    const seen = nextEvent<Message>(client, Events.MessageCreate, (m) => m.webhookId === hook.id)
    const sent = await hook.send({ content: 'hi from Telegram', username: 'Alice (Telegram)', avatarURL: 'https://example.org/a.png' })
    expect(sent.author.username).toBe('Alice (Telegram)')
    expect((await seen).content).toBe('hi from Telegram')
    const [stored] = await sim.waitForMessages({ channel: channelId, fromBot: false, where: (m) => m.via === 'webhook' })
    expect(stored!.message.author).toMatchObject({ username: 'Alice (Telegram)', avatar: 'https://example.org/a.png' })
    await hook.editMessage(sent.id, 'edited')
    expect(sim.state.findMessage(channelId, sent.id)!.message.content).toBe('edited')
    await hook.deleteMessage(sent.id)
    expect(sim.channel(channelId).deleted.map((m) => m.message.id)).toEqual([sent.id])
  })
})

describe('discord simulator: channel permission overwrites', () => {
  it("computes Discord's channel permissions from overwrites: @everyone denied, a role allowed, a member's own overwrite last", async () => {
    const sim = await setup()
    const { guild, channelId, alice } = school(sim)
    const students = guild.role({ name: 'Students' })
    const bob = sim.user({ username: 'bob' })
    guild.addMember(bob, { roles: [students] })
    const client = await connect(sim)
    const channel = client.channels.cache.get(channelId) as TextChannel
    const updated = nextEvent(client, Events.ChannelUpdate)
    const V = PermissionFlagsBits.ViewChannel
    await channel.permissionOverwrites.edit(client.user!.id, { ViewChannel: true, SendMessages: true })
    await channel.permissionOverwrites.edit(students.id, { ViewChannel: true })
    await channel.permissionOverwrites.edit(guild.id, { ViewChannel: false })
    await updated
    expect(guild.canView(alice, channelId)).toBe(false)
    expect(guild.canView(bob, channelId)).toBe(true)
    expect(guild.canView(guild.record.ownerId, channelId)).toBe(true) // the owner bypasses overwrites
    expect(guild.permissionsIn(alice, channelId)).toBe(0n) // no ViewChannel: nothing else counts
    expect(() => alice.say('hi', { channel: channelId })).toThrow(/cannot write/)
    // a member overwrite wins over the role's allow
    await channel.permissionOverwrites.edit(bob.id, { ViewChannel: false })
    expect(guild.canView(bob, channelId)).toBe(false)
    await channel.permissionOverwrites.delete(bob.id)
    expect(guild.canView(bob, channelId)).toBe(true)
    // discord.js sees the same overwrites
    expect((client.channels.cache.get(channelId) as TextChannel).permissionsFor(guild.id)?.has(V)).toBe(false)

    // only bits the bot has, known types and overwrites; without its own overwrite the bot is locked out too (50001)
    const rest = new REST({ api: sim.apiUrl }).setToken(sim.token)
    const refusedBits = await apiError(rest.put(Routes.channelPermission(channelId, alice.id), { body: { type: 1, allow: String(PermissionFlagsBits.Administrator), deny: '0' } }))
    expect(refusedBits.code).toBe(50013) // only bits the bot has
    expect((await apiError(rest.put(Routes.channelPermission(channelId, alice.id), { body: { type: 7, allow: '0', deny: '0' } }))).code).toBe(50035)
    expect((await apiError(rest.delete(Routes.channelPermission(channelId, '123456789012345678')))).code).toBe(10009)
    await rest.delete(Routes.channelPermission(channelId, client.user!.id))
    expect(guild.canView(sim.bot.id, channelId)).toBe(false)
    expect((await apiError(rest.post(Routes.channelMessages(channelId), { body: { content: 'hello?' } }))).code).toBe(50001)
  })
})

describe('discord simulator: autocomplete, modals, follow-up rules', () => {
  it('answers autocomplete (callback 8), opens a modal (9) and reads the submitted fields', async () => {
    const sim = await setup()
    const { channelId, alice } = school(sim)
    const client = await connect(sim, async (i) => {
      if (i.isAutocomplete()) {
        const typed = i.options.getFocused()
        await i.respond(['Rust', 'Ruby', 'Go'].filter((t) => t.toLowerCase().startsWith(typed)).map((t) => ({ name: t, value: t })))
      } else if (i.isChatInputCommand()) {
        await i.showModal(new ModalBuilder().setCustomId('feedback').setTitle('Feedback').addComponents(
          new ActionRowBuilder<TextInputBuilder>().addComponents(new TextInputBuilder().setCustomId('text').setLabel('Your words').setStyle(TextInputStyle.Short)),
        ))
      } else if (i.isModalSubmit()) {
        await i.reply({ content: `thanks: ${i.fields.getTextInputValue('text')}`, flags: 64, withResponse: true })
      }
    })
    await client.application!.commands.set([
      { name: 'course', description: 'Open a course', options: [{ type: 3, name: 'title', description: 'Title', autocomplete: true }] },
    ])
    const typing = alice.autocomplete('course', 'title', 'ru', { channel: channelId })
    await sim.waitUntil(() => typing.acknowledged)
    expect(typing.ack!.type).toBe(8)
    expect(typing.callbackData).toEqual({ choices: [{ name: 'Rust', value: 'Rust' }, { name: 'Ruby', value: 'Ruby' }] })

    const opened = alice.slash('course', { channel: channelId })
    await sim.waitUntil(() => opened.acknowledged)
    expect(opened.ack!.type).toBe(9)
    const submitted = alice.submitModal(opened, { text: 'great course' })
    await sim.waitUntil(() => submitted.reply)
    expect(submitted.reply!.message.content).toBe('thanks: great course')
    expect(submitted.reply!.ephemeralTo).toBe(alice.id)
    expect(sim.channel(channelId).visibleTo(sim.user().id)).toEqual([])
  })

  it('refuses follow-ups before any acknowledgement (10015) and after the 15-minute token life (50027)', async () => {
    const sim = await setup()
    const { channelId, alice } = school(sim)
    const client = await connect(sim)
    await client.application!.commands.set([{ name: 'ping', description: 'Ping' }])
    const rest = new REST({ api: sim.apiUrl })
    const i = alice.slash('ping', { channel: channelId })
    const followUp = () => rest.post(Routes.webhook(sim.applicationId, i.token), { body: { content: 'later' }, auth: false })
    expect((await apiError(followUp())).code).toBe(10015)
    await rest.post(Routes.interactionCallback(i.id, i.token), { body: { type: 5 }, auth: false })
    await followUp()
    sim.clock.advance(15 * 60 * 1000 + 1)
    expect((await apiError(followUp())).code).toBe(50027)
    expect(i.followUps.map((m) => m.message.content)).toEqual(['later'])
  })
})

describe('discord simulator: intents and identify', () => {
  it('strips guild message content without the MessageContent intent (DMs and mentions keep it)', async () => {
    const sim = await setup()
    const { channelId, alice } = school(sim)
    const client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
      partials: [Partials.Channel], rest: { api: sim.apiUrl },
    })
    cleanups.push(() => client.destroy())
    const ready = new Promise<void>((r) => client.once(Events.ClientReady, () => r()))
    await client.login(sim.token)
    await ready
    const contents: string[] = []
    const three = new Promise<void>((resolve) => client.on(Events.MessageCreate, (m) => {
      contents.push(m.content)
      if (contents.length === 3) resolve()
    }))
    alice.say('plain chatter', { channel: channelId })
    alice.say(`hey <@${sim.bot.id}>`, { channel: channelId })
    alice.say('private words')
    await three
    expect(contents).toEqual(['', `hey <@${sim.bot.id}>`, 'private words'])
  })

  it('closes the gateway with 4004 on a wrong token and 4014 on privileged intents the app lacks', async () => {
    const sim = await setup({ privilegedIntents: 0 })
    const close = (payload: object) => new Promise<number>((resolve) => {
      const ws = new WebSocket(`${sim.gatewayUrl}?v=10&encoding=json`)
      ws.on('message', (data) => {
        if ((JSON.parse(String(data)) as { op: number }).op === 10) ws.send(JSON.stringify({ op: 2, d: payload }))
      })
      ws.on('close', (code) => resolve(code))
    })
    expect(await close({ token: 'wrong', intents: 1, properties: {} })).toBe(4004)
    expect(await close({ token: sim.token, intents: 1 << 15, properties: {} })).toBe(4014)
    expect(await close({ token: sim.token, intents: 1, shard: [2, 2], properties: {} })).toBe(4010)
    expect(sim.sessions).toHaveLength(0)
  })
})

describe('discord simulator: protocol errors', () => {
  it('registers valid commands (global and guild) and refuses invalid ones with 50035 and the errors tree', async () => {
    const sim = await setup()
    const { guild } = school(sim)
    const client = await connect(sim)
    const ok = await client.application!.commands.set([{
      name: 'courses', description: 'Browse courses', nameLocalizations: { ru: 'курсы' }, descriptionLocalizations: { ru: 'Курсы', 'en-US': 'Courses' },
      options: [{ type: 3, name: 'title', description: 'Title', required: true, autocomplete: true }, { type: 4, name: 'page', description: 'Page' }],
    }])
    expect(ok.map((c) => c.name)).toEqual(['courses'])
    expect(sim.commands().map((c) => c.name_localizations)).toEqual([{ ru: 'курсы' }])
    await client.application!.commands.set([{ name: 'dev', description: 'Dev only' }], guild.id)
    expect(sim.commands(guild).map((c) => c.name)).toEqual(['dev'])

    const err = await apiError(client.application!.commands.set([
      { name: 'ok', description: 'fine' },
      {
        name: 'Bad Name', description: '', nameLocalizations: { xx: 'x' } as Record<string, string>,
        options: [{ type: 3, name: 'a', description: 'a' }, { type: 3, name: 'b', description: 'b', required: true }],
      },
    ]))
    expect(err.status).toBe(400)
    expect(err.code).toBe(50035)
    const tree = (err.rawError as { errors: Record<string, any> }).errors
    expect(tree['1'].name._errors[0].code).toBe('APPLICATION_COMMAND_INVALID_NAME')
    expect(tree['1'].description._errors[0].code).toBe('BASE_TYPE_BAD_LENGTH')
    expect(tree['1'].name_localizations.xx._errors[0].code).toBe('ENUM_TYPE_COERCE')
    expect(tree['1'].options._errors[0].code).toBe('APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID')
    expect(tree['0']).toBeUndefined()
    expect(sim.commands().map((c) => c.name)).toEqual(['courses']) // nothing replaced

    const tooMany = Array.from({ length: 26 }, (_, i) => ({ type: 3, name: `o${i}`, description: 'x' }))
    expect((await apiError(client.application!.commands.create({ name: 'big', description: 'x', options: tooMany }))).code).toBe(50035)
  })

  it('refuses a callback after the 3-second deadline (10062) and a second acknowledgement (40060)', async () => {
    const sim = await setup()
    const { channelId, alice } = school(sim)
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    let entered!: () => void
    const inHandler = new Promise<void>((r) => (entered = r))
    let lateError!: (e: unknown) => void
    const refused = new Promise<unknown>((r) => (lateError = r))
    const client = await connect(sim, async (i) => {
      if (!i.isChatInputCommand()) return
      entered()
      await gate
      await i.reply('too late').catch(lateError)
    })
    await client.application!.commands.set([{ name: 'late', description: 'Answers late' }])
    const late = alice.slash('late', { channel: channelId })
    await inHandler
    sim.clock.advance(3001) // the bot is stuck past Discord's deadline
    release()
    await sim.waitUntil(() => late.record.callbacks.length === 1)
    expect(late.acknowledged).toBe(false)
    expect(late.record.callbacks[0]).toMatchObject({ status: 404, code: 10062 })
    expect(late.record.callbacks[0]!.latencyMs).toBeGreaterThan(3000)
    expect(((await refused) as DiscordAPIError).code).toBe(10062)
    expect(sim.ackReport().unacknowledged.map((r) => r.id)).toEqual([late.id])

    // a second acknowledgement, e.g. from another process holding the same token
    client.removeAllListeners(Events.InteractionCreate)
    const twice = alice.slash('late', { channel: channelId })
    const rest = new REST({ api: sim.apiUrl })
    const route = Routes.interactionCallback(twice.id, twice.token)
    const body = { type: 4, data: { content: 'first' } }
    await rest.post(route, { body, auth: false })
    expect((await apiError(rest.post(route, { body, auth: false }))).code).toBe(40060)
    expect(twice.record.callbacks.map((c) => c.status)).toEqual([204, 400])
    expect(twice.reply!.message.content).toBe('first')
  })

  it('rejects a wrong token (401), unknown ids (10003 / 10008 / 10013), hidden (50001) and read-only (50013) channels', async () => {
    const sim = await setup()
    const { guild, channelId } = school(sim)
    const wrong = new REST({ api: sim.apiUrl }).setToken('not-the-token')
    expect((await apiError(wrong.get(Routes.user('@me')))).status).toBe(401)
    const rest = new REST({ api: sim.apiUrl }).setToken(sim.token)
    expect((await apiError(rest.get(Routes.channel('123456789012345678')))).code).toBe(10003)
    expect((await apiError(rest.get(Routes.channelMessage(channelId, '123456789012345678')))).code).toBe(10008)
    expect((await apiError(rest.post(Routes.userChannels(), { body: { recipient_id: '123456789012345678' } }))).code).toBe(10013)
    expect((await apiError(rest.post(Routes.channelMessages(channelId), { body: { content: 'x'.repeat(2001) } }))).code).toBe(50035)
    expect((await apiError(rest.post(Routes.channelMessages(channelId), { body: {} }))).code).toBe(50006)
    const hidden = guild.textChannel({ botAccess: 'none' }).id
    const readOnly = guild.textChannel({ botAccess: 'read' }).id
    expect((await apiError(rest.post(Routes.channelMessages(hidden), { body: { content: 'x' } }))).code).toBe(50001)
    expect((await apiError(rest.post(Routes.channelMessages(readOnly), { body: { content: 'x' } }))).code).toBe(50013)
    expect(sim.callsTo('POST /channels/:channel_id/messages').map((c) => c.code)).toEqual([50035, 50006, 50001, 50013])
  })
})

describe('discord simulator: rate limits', () => {
  it('a forced 429 is waited out by discord.js and the message is delivered once', async () => {
    const sim = await setup()
    const { channelId } = school(sim)
    const client = await connect(sim)
    sim.forceRateLimit({ route: 'POST /channels/:channel_id/messages', retryAfter: 0.3 })
    const channel = client.channels.cache.get(channelId) as TextChannel
    await channel.send('exactly once')
    expect(sim.channel(channelId).contents).toEqual(['exactly once'])
    expect(sim.rateLimitHits).toHaveLength(1)
    expect(sim.rateLimitHits[0]).toMatchObject({ method: 'POST', global: false, retryAfter: 0.3 })
    expect(sim.callsTo('POST /channels/:channel_id/messages').map((c) => c.status)).toEqual([429, 200])

    sim.failNext('POST /channels/', { status: 502 }) // a gateway hiccup: discord.js retries 5xx
    await channel.send('after a 502')
    expect(sim.channel(channelId).contents).toEqual(['exactly once', 'after a 502'])
    expect(sim.callsTo('POST /channels/:channel_id/messages').map((c) => c.status)).toEqual([429, 200, 502, 200])
  })

  it('discord.js follows a tiny bucket from the headers: every message arrives, in order, without a 429', async () => {
    const sim = await setup({ limits: { routes: { 'POST /channels/:channel_id/messages': { limit: 2, windowMs: 300 } } } })
    const { channelId } = school(sim)
    const client = await connect(sim)
    const channel = client.channels.cache.get(channelId) as TextChannel
    await Promise.all(['1', '2', '3', '4', '5'].map((n) => channel.send(n)))
    expect(sim.channel(channelId).contents).toEqual(['1', '2', '3', '4', '5'])
    expect(sim.rateLimitHits).toEqual([])
    const sends = sim.callsTo('POST /channels/:channel_id/messages')
    expect(sends[4]!.at - sends[0]!.at).toBeGreaterThanOrEqual(500) // two full windows waited
  })

  it('sends Discord headers per bucket, and 429s with retry_after when a bucket or the global limit is spent', async () => {
    const sim = await setup({ limits: { globalPerSecond: 1000, routes: { 'POST /channels/:channel_id/messages': { limit: 2, windowMs: 60_000 } } } })
    const { guild, channelId } = school(sim)
    const other = guild.textChannel().id
    const post = (channel: string) => fetch(`${sim.apiUrl}/v10/channels/${channel}/messages`, {
      method: 'POST', headers: { authorization: `Bot ${sim.token}`, 'content-type': 'application/json' }, body: '{"content":"x"}',
    })
    const first = await post(channelId)
    expect(first.headers.get('x-ratelimit-limit')).toBe('2')
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1')
    expect(Number(first.headers.get('x-ratelimit-reset-after'))).toBeGreaterThan(59)
    const bucket = first.headers.get('x-ratelimit-bucket')
    await post(channelId)
    const limited = await post(channelId)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('x-ratelimit-scope')).toBe('user')
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(59)
    expect(await limited.json()).toMatchObject({ message: 'You are being rate limited.', global: false })
    // another channel is another bucket (major parameter), with the same bucket hash
    const elsewhere = await post(other)
    expect(elsewhere.status).toBe(200)
    expect(elsewhere.headers.get('x-ratelimit-bucket')).toBe(bucket)

    sim.setLimits({ globalPerSecond: 2 })
    const statuses: number[] = []
    let global: Response | undefined
    for (let i = 0; i < 3; i++) {
      const r = await fetch(`${sim.apiUrl}/v10/users/@me`, { headers: { authorization: `Bot ${sim.token}` } })
      statuses.push(r.status)
      if (r.status === 429) global = r
    }
    expect(statuses).toEqual([200, 200, 429])
    expect(global!.headers.get('x-ratelimit-global')).toBe('true')
    expect(global!.headers.get('x-ratelimit-scope')).toBe('global')
    expect(await global!.json()).toMatchObject({ global: true })
    expect(sim.rateLimitHits.map((h) => h.global)).toEqual([false, true])
  })
})

describe('discord simulator: shards and sessions', () => {
  it('routes each guild to the shard that owns it and DMs to shard 0', async () => {
    const sim = await setup({ recommendedShards: 2 })
    const a = sim.guild({ name: 'A', shard: [0, 2] })
    const b = sim.guild({ name: 'B', shard: [1, 2] })
    const chanB = b.textChannel().id
    const alice = sim.user({ username: 'alice' })
    b.addMember(alice)
    const seen: string[] = []
    const shard0 = await connect(sim, () => seen.push('shard0'), { shards: [0], shardCount: 2 })
    const shard1 = await connect(sim, (i) => {
      seen.push('shard1')
      if (i.isChatInputCommand()) return i.reply('from shard 1')
    }, { shards: [1], shardCount: 2 })
    expect([...shard0.guilds.cache.keys()]).toEqual([a.id])
    expect([...shard1.guilds.cache.keys()]).toEqual([b.id])
    await shard1.application!.commands.set([{ name: 'where', description: 'Which shard' }])
    const i = alice.slash('where', { channel: chanB })
    await sim.waitUntil(() => i.reply)
    expect(seen).toEqual(['shard1'])
    const dmSeen = nextEvent<Message>(shard0, Events.MessageCreate)
    alice.say('dm')
    expect((await dmSeen).content).toBe('dm')
    expect(sim.sessions.map((s) => s.shard)).toEqual([[0, 2], [1, 2]])
  })

  it('INVALID_SESSION makes discord.js identify again; the new session gets READY and the guilds', async () => {
    const sim = await setup()
    const { guild } = school(sim)
    const client = await connect(sim)
    const readyAgain = nextEvent<number>(client, Events.ShardReady)
    sim.gateway.invalidate(0)
    expect(await readyAgain).toBe(0)
    expect(sim.sessions).toHaveLength(2)
    expect(sim.sessions[1]!.events.map((e) => e.t)).toEqual(['READY', 'GUILD_CREATE'])
    expect(sim.sessions[0]!.resumable).toBe(false)
    expect(client.guilds.cache.has(guild.id)).toBe(true)
  })

  it('a dropped connection resumes and replays the events it missed', async () => {
    const sim = await setup()
    const { channelId, alice } = school(sim)
    const client = await connect(sim)
    const received = nextEvent<Message>(client, Events.MessageCreate)
    sim.gateway.disconnect(0)
    await sim.waitUntil(() => !sim.sessions[0]!.connected)
    alice.say('while away', { channel: channelId })
    await sim.waitUntil(() => sim.sessions[0]!.resumes === 1 && sim.sessions[0]!.connected)
    expect((await received).content).toBe('while away')
    expect(sim.sessions).toHaveLength(1) // resumed, not identified again
    expect(sim.sessions[0]!.events.map((e) => e.t)).toEqual(['READY', 'GUILD_CREATE', 'MESSAGE_CREATE', 'RESUMED'])
  })
})
