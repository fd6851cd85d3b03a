// The course chat room on Discord: the real discord role (gateway + REST)
// against the Discord simulator, the real api role's web room over a
// WebSocket, the relay's BullMQ delivery through the Discord room adapter, on
// real PostgreSQL and Redis. An author binds a channel with /bind channel; it
// is then private to the course's role and bridged with the web room.
import { REST, Routes } from 'discord.js'
import { afterEach, describe, expect, it } from 'vitest'
import { startApiRole } from '../../../src/api/server'
import { discordRoomAdapter, startDiscordClient } from '../../../src/bot/discord/role'
import type { User } from '../../../src/domain'
import { startRelayDelivery } from '../../../src/relay'
import type { RunningRole } from '../../../src/roles/types'
import { type ChannelView, type MessageRecord, PERMISSIONS } from '../../fakes/discord'
import { openTestContext } from '../../fixtures/context'
import { bindDiscordChannel, linkDiscordAccount, shownOnDiscord } from '../../fixtures/course-chat'
import { makeStudent } from '../../fixtures/factories'
import { waitFor } from '../../fixtures/wait'
import { connectWebRoom, type WebRoomClient, webSignIn } from '../../fixtures/web-room-client'
import { DEMO_COURSE_SLUG, type DiscordHarness, DiscordStudent, expectAllAcknowledgedInTime, startDiscordHarness, textOf } from './harness'

let h: DiscordHarness | undefined
const stops: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop()
  await h?.close()
  h = undefined
})

/** The demo course's room in #sql-chat, bound by its author; Gina enrolled on Discord, Wendy on the web; the worker role delivers. */
async function boundRoom() {
  h = await startDiscordHarness({ env: { PORT: '0' }, worker: true })
  const { sim, guild, general, ctx } = h
  const api = await startApiRole(ctx)
  stops.push(() => api.stop())
  const base = `http://127.0.0.1:${api.port}`
  const teachers = guild.role({ name: 'Teachers', permissions: PERMISSIONS.ManageChannels | PERMISSIONS.ManageRoles })
  const students = guild.role({ name: 'SQL students' })
  const chat = guild.textChannel({ name: 'sql-chat' })

  // the course's author (the seeded admin owns the demo course) links Discord
  const admin = (await ctx.ports.users.findByEmail(ctx.config.admin.email))!
  const author = new DiscordStudent(sim, sim.user({ username: 'author', globalName: 'Prof Ada' }))
  guild.addMember(author.user, { roles: [teachers] })
  await linkDiscordAccount(ctx, admin.id, author)
  expect(await bindDiscordChannel(author, { commands: general, chat, slug: DEMO_COURSE_SLUG, role: students })).toBe('This channel is now the chat room of **Introduction to SQL**: messages go to Telegram and the web and back. Only the role SQL students (and you) can see it.')

  const gina = new DiscordStudent(sim, sim.user({ username: 'gina', globalName: 'Gina' }))
  guild.addMember(gina.user)
  await gina.slash('enrol', { channel: general, options: { course: DEMO_COURSE_SLUG } })
  await sim.waitUntil(() => guild.canView(gina.user, chat))

  const wendy = await makeStudent(ctx, 'Wendy')
  await ctx.domain.enrolment.enrol(wendy.id, DEMO_COURSE_SLUG)
  const web = await openWeb(base, wendy)
  return { sim, guild, general, ctx, chat, author, gina, wendy, web, base, students, admin }

  async function openWeb(at: string, user: User): Promise<WebRoomClient> {
    const client = connectWebRoom(at, DEMO_COURSE_SLUG, await webSignIn(ctx, at, user.id, DEMO_COURSE_SLUG))
    stops.push(async () => client.ws.close())
    await waitFor(() => client.opened, { what: 'the web socket' })
    return client
  }
}

/** Messages our relay webhook posted in the channel, current versions. */
function relayed(chat: ChannelView): MessageRecord[] {
  return chat.messages.filter((m) => m.via === 'webhook')
}

describe('discord course chat room', () => {
  it('bridges a bound channel and the web room both ways: names, inert mentions and markup, replies, edits, deletes, files, no loops', async () => {
    const { sim, guild, chat, gina, web, ctx } = await boundRoom()

    // the channel is the course's: hidden from @everyone, visible to the role, the author and the bot
    const stranger = sim.user({ username: 'stranger' })
    guild.addMember(stranger)
    expect(guild.canView(stranger, chat)).toBe(false)
    expect(() => stranger.say('hi', { channel: chat })).toThrow(/cannot write/)
    expect(guild.canView(sim.bot.id, chat)).toBe(true)

    // Discord -> web, with the member's name
    const hello = gina.user.say('Hello **web**', { channel: chat })
    const arrived = await waitFor(() => web.frames.find((f) => f.type === 'message'), { what: 'the Discord message on the web' })
    expect(arrived.message).toMatchObject({ text: 'Hello **web**', author: { name: 'Gina' }, platform: 'DISCORD' })

    // web -> Discord through the channel webhook: Wendy's name, nobody pinged, markup shown as typed
    const hostile = '@everyone <script>alert(1)</script> **bold** <@&123>'
    web.post('w1', hostile)
    const [copy] = await sim.waitForMessages({ channel: chat, fromBot: false, where: (m) => m.via === 'webhook' })
    expect(copy!.message.author.username).toBe('Wendy · web')
    expect(copy!.allowedMentions).toEqual({ parse: [] })
    expect(copy!.message.mention_everyone).toBe(false)
    expect(copy!.message.mention_roles).toEqual([])
    expect(shownOnDiscord(copy!.message.content)).toBe(hostile) // reads as typed once Discord drops the escapes
    expect(copy!.message.content).toContain('\\*\\*bold\\*\\*') // never bold
    expect(copy!.message.content).toMatch(/^@\u200deveryone /) // mentions carry a joiner

    // Gina answers the copy (once the relay recorded it): on the web it is a reply to Wendy's message
    const wendyMessage = web.frames.find((f) => f.type === 'message' && f.message.platform === 'WEB').message
    await waitFor(async () => (await ctx.db.prisma.roomMessageCopy.count()) === 1, { what: 'the copy in the message-id map' })
    gina.user.say('Answer to Wendy', { channel: chat, replyTo: copy })
    const answer = await waitFor(() => web.frames.find((f) => f.type === 'message' && f.message.text === 'Answer to Wendy'), { what: 'the reply on the web' })
    expect(answer.message.replyToId).toBe(wendyMessage.id)
    // Wendy answers Gina's original: on Discord the copy starts with a link to it
    web.post('w2', 'Answer to Gina', arrived.message.id)
    const [reply] = await sim.waitForMessages({ channel: chat, fromBot: false, where: (m) => m.via === 'webhook' && m.message.content.includes('Answer to Gina') })
    expect(reply!.message.content.split('\n')[0]).toBe(`-# ↪ ${sim.baseUrl}/channels/${guild.id}/${chat.id}/${hello.id}`)

    // edits and deletes, both ways
    gina.user.edit(hello, 'Hello, edited')
    await waitFor(() => web.frames.find((f) => f.type === 'edited' && f.message.text === 'Hello, edited'), { what: 'the edit on the web' })
    web.ws.send(JSON.stringify({ type: 'edit', id: wendyMessage.id, text: 'calm now' }))
    await sim.waitUntil(() => chat.messages.find((m) => m.message.id === copy!.message.id)?.message.content === 'calm now')
    gina.user.delete(hello)
    await waitFor(() => web.frames.find((f) => f.type === 'deleted' && f.id === arrived.message.id), { what: 'the delete on the web' })
    web.ws.send(JSON.stringify({ type: 'delete', id: wendyMessage.id }))
    await sim.waitUntil(() => chat.deleted.some((m) => m.message.id === copy!.message.id))

    // a file: its name, size and URL reach the room; the adapter fetches it from the URL and uploads it elsewhere
    const bytes = new TextEncoder().encode('SELECT 1;\n')
    gina.user.say('my notes', { channel: chat, files: [{ filename: 'notes.sql', bytes, contentType: 'text/plain' }] })
    const withFile = await waitFor(() => web.frames.find((f) => f.type === 'message' && f.message.text === 'my notes'), { what: 'the file message' })
    expect(withFile.message).toMatchObject({ kind: 'file', placeholder: '[file: notes.sql, 10 B]' })
    const stored = (await ctx.domain.rooms.getMessage(withFile.message.id))!
    const adapter = discordRoomAdapter(ctx)
    expect(new TextDecoder().decode(await adapter.fetchFile!(stored.attachments[0]!))).toBe('SELECT 1;\n')
    const binding = (await ctx.domain.rooms.bindingFor('DISCORD', chat.id))!
    await adapter.send(binding, {
      parts: [{ roomMessageId: 1, authorName: 'Tom', originPlatform: 'TELEGRAM', text: 'a photo', entities: [], attachments: [], files: [{ name: 'cat.png', kind: 'photo', mimeType: 'image/png', data: new Uint8Array([137, 80, 78, 71]) }] }],
      replyToPlatformMessageId: null,
    })
    const [photo] = await sim.waitForMessages({ channel: chat, fromBot: false, where: (m) => m.via === 'webhook' && m.message.attachments.length > 0 })
    expect(photo!.message).toMatchObject({ content: 'a photo', author: { username: 'Tom · Telegram' }, attachments: [{ filename: 'cat.png', size: 4 }] })

    // a sticker becomes a placeholder
    gina.user.say('', { channel: chat, sticker: 'wave' })
    await waitFor(() => web.frames.find((f) => f.type === 'message' && f.message.kind === 'sticker'), { what: 'the sticker' })

    // nothing our webhook posted came back into the room: the room holds what people wrote, once each
    const history = await ctx.db.prisma.roomMessage.findMany({ orderBy: { id: 'asc' } })
    expect(history.map((m) => [m.originPlatform, m.authorName, m.kind])).toEqual([
      ['DISCORD', 'Gina', 'text'], ['WEB', 'Wendy', 'text'], ['DISCORD', 'Gina', 'text'], ['WEB', 'Wendy', 'text'], ['DISCORD', 'Gina', 'file'], ['DISCORD', 'Gina', 'sticker'],
    ])
    const webhookMessageIds = new Set([...relayed(chat), ...chat.deleted.filter((m) => m.via === 'webhook')].map((m) => m.message.id))
    expect(history.filter((m) => webhookMessageIds.has(m.originMessageId))).toEqual([])
    expect(relayed(chat).every((m) => m.message.webhook_id === binding.webhookId)).toBe(true)
    expectAllAcknowledgedInTime(sim)
  })

  it('refuses /bind channel without Manage Channels or to a non-author, and changes nothing then', async () => {
    h = await startDiscordHarness()
    const { sim, guild, ctx } = h
    const chat = guild.textChannel({ name: 'lobby' })
    const teachers = guild.role({ name: 'Teachers', permissions: PERMISSIONS.ManageChannels | PERMISSIONS.ManageRoles })
    const students = guild.role({ name: 'SQL students' })
    expect(sim.commands().find((c) => c.name === 'bind')?.default_member_permissions).toBe(String(PERMISSIONS.ManageChannels))

    // a channel manager who is no author of the course
    const mod = new DiscordStudent(sim, sim.user({ username: 'mod' }))
    guild.addMember(mod.user, { roles: [teachers] })
    const notAuthor = await mod.slash('bind channel', { channel: chat, options: { course: DEMO_COURSE_SLUG } })
    expect(textOf(notAuthor.reply)).toBe("Only the course's authors can bind it.")

    // the author, without Manage Channels in this server (a server may show the command to anyone)
    const admin = (await ctx.ports.users.findByEmail(ctx.config.admin.email))!
    const author = new DiscordStudent(sim, sim.user({ username: 'author' }))
    guild.addMember(author.user)
    const { code } = await ctx.domain.accounts.issueLinkCode(admin.id)
    await author.slash('link', { options: { code } })
    await author.slash('lang', { options: { language: 'en' } })
    const noPermission = await author.slash('bind channel', { channel: chat, options: { course: DEMO_COURSE_SLUG } })
    expect(textOf(noPermission.reply)).toBe('You need the Manage Channels permission.')

    // with it, but the course has no role here yet: the room would be visible to nobody
    guild.giveRole(author.user, teachers)
    const noRole = await author.slash('bind channel', { channel: chat, options: { course: DEMO_COURSE_SLUG } })
    expect(textOf(noRole.reply)).toContain('First give the students of **Introduction to SQL** a role in this server with /bind role')

    expect(await ctx.db.prisma.roomBinding.count()).toBe(0)
    expect(sim.callsTo(/^(POST \/channels\/\d+\/webhooks|PUT \/channels)/)).toEqual([])
    expect(guild.canView(mod.user, chat)).toBe(true) // nothing hidden

    // bound, then unbound by the author: the webhook goes, the binding too
    await author.slash('bind role', { channel: chat, options: { course: DEMO_COURSE_SLUG, role: students.id } })
    await author.slash('bind channel', { channel: chat, options: { course: DEMO_COURSE_SLUG } })
    expect(guild.canView(mod.user, chat)).toBe(false)
    expect(sim.state.webhooks.size).toBe(1)
    guild.giveRole(mod.user, students)
    const modUnbind = await mod.slash('unbind', { channel: chat })
    expect(textOf(modUnbind.reply)).toBe("Only the course's authors can bind it.")
    const unbound = await author.slash('unbind', { channel: chat })
    expect(textOf(unbound.reply)).toBe('This channel is no longer a course chat room. Its permissions stay as they are.')
    expect(await ctx.db.prisma.roomBinding.count()).toBe(0)
    expect(sim.state.webhooks.size).toBe(0)
    expectAllAcknowledgedInTime(sim)
  })

  it('Discord down for a while, then back: every web message arrives in the channel, in order', async () => {
    const { sim, chat, web } = await boundRoom()
    sim.failNext('POST /webhooks/:webhook_id/:webhook_token', { status: 502, message: 'Bad Gateway' }, 5)
    const texts = Array.from({ length: 8 }, (_, i) => `during the outage ${i}`)
    for (const [i, t] of texts.entries()) web.post(`o${i}`, t)
    await sim.waitForMessages({ channel: chat, fromBot: false, where: (m) => m.via === 'webhook', count: texts.length }, 60_000)
    expect(relayed(chat).map((m) => m.message.content)).toEqual(texts)
    expect(sim.callsTo('POST /webhooks/:webhook_id/:webhook_token').filter((c) => c.status === 502)).toHaveLength(5)
  })

  it('two relay processes (two discord roles, two delivery workers): each message once on each side, nothing echoed back', async () => {
    const { sim, chat, gina, web, ctx } = await boundRoom()
    const second = await openTestContext({ DISCORD_TOKEN: sim.token, DISCORD_APPLICATION_ID: sim.applicationId, DISCORD_API_URL: sim.apiUrl })
    stops.push(() => second.close())
    const role2: RunningRole = await startDiscordClient(second)
    stops.push(() => role2.stop())
    const delivery2 = await startRelayDelivery(second, [discordRoomAdapter(second)])
    stops.push(() => delivery2.close())
    await sim.waitForSessions(2)

    for (let i = 0; i < 5; i++) gina.user.say(`from discord ${i}`, { channel: chat })
    for (let i = 0; i < 5; i++) web.post(`t${i}`, `from the web ${i}`)
    await sim.waitForMessages({ channel: chat, fromBot: false, where: (m) => m.via === 'webhook', count: 5 }, 20_000)
    await waitFor(() => web.texts().filter((t) => t.startsWith('from discord')).length === 5, { what: 'the Discord messages on the web' })
    // a marker through both sides: whatever either process would have echoed came before it
    gina.user.say('marker', { channel: chat })
    await waitFor(() => web.texts().includes('marker'), { what: 'the marker' })
    web.post('m', 'web marker')
    await sim.waitForMessages({ channel: chat, fromBot: false, where: (m) => m.via === 'webhook' && m.message.content.includes('web marker') })
    gina.user.say('marker 2', { channel: chat })
    await waitFor(() => web.texts().includes('marker 2'), { what: 'the second marker' })

    expect(relayed(chat).map((m) => m.message.content).sort()).toEqual([...Array.from({ length: 5 }, (_, i) => `from the web ${i}`), 'web marker'].sort())
    expect(web.texts().filter((t) => t.startsWith('from discord')).sort()).toEqual(Array.from({ length: 5 }, (_, i) => `from discord ${i}`))
    expect(await ctx.db.prisma.roomMessage.count()).toBe(13)
  })

  it('course authors moderate from Discord (delete everywhere, mute: told once, unmute); /web gives a one-time link to the room', async () => {
    const { sim, chat, author, gina, web, ctx, base } = await boundRoom()
    /** Runs a message context menu command and waits for its answer. */
    const menu = async (who: DiscordStudent, name: string, target: MessageRecord | ReturnType<typeof gina.user.say>) => {
      const i = who.user.messageCommand(name, target)
      await sim.waitUntil(() => (i.reply?.message.content ? i : undefined))
      return textOf(i.reply)
    }

    // a web message's copy, deleted everywhere from Discord by the author
    web.post('s1', 'spam from the web')
    const [copy] = await sim.waitForMessages({ channel: chat, fromBot: false, where: (m) => m.via === 'webhook' })
    await waitFor(async () => (await ctx.db.prisma.roomMessageCopy.count()) === 1, { what: 'the copy recorded' })
    const spam = web.frames.find((f) => f.type === 'message' && f.message.text === 'spam from the web').message
    expect(await menu(gina, 'Delete everywhere', copy!)).toBe("Only the course's authors can do that in its chat.")
    expect(await menu(author, 'Delete everywhere', copy!)).toBe('Deleted everywhere: here, in Telegram and on the web.')
    await waitFor(() => web.frames.find((f) => f.type === 'deleted' && f.id === spam.id), { what: 'the delete on the web' })
    await sim.waitUntil(() => chat.deleted.some((m) => m.message.id === copy!.message.id))

    // a Discord original, deleted everywhere: the bot removes it here too
    const rude = gina.user.say('rude words', { channel: chat })
    const rudeOnWeb = await waitFor(() => web.frames.find((f) => f.type === 'message' && f.message.text === 'rude words'), { what: 'the message on the web' })
    await menu(author, 'Delete everywhere', rude)
    await sim.waitUntil(() => chat.deleted.some((m) => m.message.id === rude.id))
    await waitFor(() => web.frames.find((f) => f.type === 'deleted' && f.id === rudeOnWeb.message.id), { what: 'the delete on the web' })

    // muted: her messages stay on Discord only, she is told why once, in her DMs
    const again = gina.user.say('I take it back', { channel: chat })
    await waitFor(() => web.texts().includes('I take it back'), { what: 'her message on the web' })
    expect(await menu(author, 'Mute in course chat', again)).toBe("Gina is muted in this course's chat: their messages are not passed on.")
    gina.user.say('muted 1', { channel: chat })
    const [notice] = await sim.waitForMessages({ dmOf: gina.user, where: (m) => !m.interactionId && /muted/.test(m.message.content) })
    expect(notice!.message.content).toBe("You are muted in this course's chat: your messages there are not passed on.")
    gina.user.say('muted 2', { channel: chat })
    author.user.say('marker', { channel: chat })
    await waitFor(() => web.texts().includes('marker'), { what: 'the marker' })
    expect(web.texts()).not.toContain('muted 1')
    expect(web.texts()).not.toContain('muted 2')
    expect(gina.dms.filter((m) => /muted/.test(m.message.content))).toHaveLength(1)
    expect(await menu(author, 'Unmute in course chat', again)).toBe('Gina can write in this course\'s chat again.')
    const back = gina.user.say('back again', { channel: chat })
    const backOnWeb = await waitFor(() => web.frames.find((f) => f.type === 'message' && f.message.text === 'back again'), { what: 'her message after the unmute' })

    // the adapter removes a member's original too (a delete carried from another side): not a webhook message, so with Manage Messages
    await discordRoomAdapter(ctx).delete((await ctx.domain.rooms.bindingFor('DISCORD', chat.id))!, back.id)
    await sim.waitUntil(() => chat.deleted.some((m) => m.message.id === back.id))
    await waitFor(() => web.frames.find((f) => f.type === 'deleted' && f.id === backOnWeb.message.id), { what: 'that delete on the web' })

    // a moderation bot purges two messages at once (MESSAGE_DELETE_BULK): both leave the web room
    const purge = [gina.user.say('flood 1', { channel: chat }), gina.user.say('flood 2', { channel: chat })]
    await waitFor(() => web.texts().includes('flood 2') && web.texts().includes('flood 1'), { what: 'the flood on the web' })
    const floodIds = web.frames.filter((f) => f.type === 'message' && /^flood/.test(f.message.text)).map((f) => f.message.id)
    await new REST({ api: sim.apiUrl }).setToken(sim.token).post(Routes.channelBulkDelete(chat.id), { body: { messages: purge.map((m) => m.id) } })
    await waitFor(() => floodIds.every((id) => web.frames.some((f) => f.type === 'deleted' && f.id === id)), { what: 'both deletes on the web' })

    // /web in the room's channel: an ephemeral link button to this course's room, good once
    const link = await gina.slash('web', { channel: chat })
    expect(link.reply!.message.flags! & 64).toBe(64)
    expect(textOf(link.reply)).toContain('it works once, for 10 minutes')
    const button = (link.reply!.message.components as any)[0].components[0]
    expect(button.url).toMatch(new RegExp(`^${ctx.config.publicUrl}/auth/web\\?token=[\\w-]{43}&next=%2Frooms%2F${DEMO_COURSE_SLUG}$`))
    const path = button.url.slice(ctx.config.publicUrl.length)
    const first = await fetch(`${base}${path}`, { redirect: 'manual' })
    expect(first.status).toBe(303)
    expect(first.headers.get('location')).toBe(`/rooms/${DEMO_COURSE_SLUG}`)
    expect((await fetch(`${base}${path}`, { redirect: 'manual' })).status).toBe(410)
    expectAllAcknowledgedInTime(sim)
  })
})
