// One course room on all three sides at once: a Telegram group and a Discord
// channel bound by the course's author with the bots' own /bind commands, and
// the web room. The real telegram role (long polling against the Telegram
// simulator), discord role (gateway + REST against the Discord simulator), api
// role (a WebSocket client in the web room) and worker role (delivering
// through both room adapters and the Discord course roles, the adapters that
// main.ts chatAdapters() builds with both bots configured), on real PostgreSQL and
// Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApiRole } from '../../src/api/server'
import { deployCommands } from '../../src/bot/discord/deploy-commands'
import { discordRoleGateway, discordRoomAdapter, startDiscordClient } from '../../src/bot/discord/role'
import { telegramRoomAdapter } from '../../src/bot/telegram/runtime'
import { startWorkerRole } from '../../src/jobs/worker'
import type { RunningRole } from '../../src/roles/types'
import { type ChannelView, type DiscordSimulator, type MessageRecord, PERMISSIONS, type SimGuild, startDiscordSimulator } from '../fakes/discord'
import type { SimGroup, SimUser } from '../fakes/telegram'
import {
  bindDiscordChannel, bindTelegramGroup, copyInChannel, copyInGroup, linkDiscordAccount, linkTelegramAccount, shownOnDiscord,
} from '../fixtures/course-chat'
import { makeCourse, makeStaff, makeStudent } from '../fixtures/factories'
import { waitFor } from '../fixtures/wait'
import { connectWebRoom, type WebRoomClient, webSignIn } from '../fixtures/web-room-client'
import { DiscordStudent } from './discord/harness'
import { type Harness, startHarness, textOf } from './harness'

let h: Harness
let dc: DiscordSimulator
let guild: SimGuild
let general: ChannelView
let base: string
let authorId: number
let authorTg: SimUser
let authorDc: DiscordStudent
const extra: RunningRole[] = []
const sockets: WebRoomClient[] = []

beforeAll(async () => {
  dc = await startDiscordSimulator({ limits: false })
  h = await startHarness({ seed: false, env: { DISCORD_TOKEN: dc.token, DISCORD_APPLICATION_ID: dc.applicationId, DISCORD_API_URL: dc.apiUrl, PORT: '0' } })
  const { ctx, sim } = h
  await deployCommands(ctx.config.discord)
  guild = dc.guild({ name: 'School' })
  general = guild.textChannel({ name: 'general' })
  extra.push(await startDiscordClient(ctx))
  const api = await startApiRole(ctx)
  base = `http://127.0.0.1:${api.port}`
  extra.push(api, await startWorkerRole(ctx, { courseRoles: discordRoleGateway(ctx), chatAdapters: [telegramRoomAdapter(ctx), discordRoomAdapter(ctx)] }))

  // the course author, with a Telegram and a Discord account linked to their staff account
  const author = await makeStaff(ctx)
  authorId = author.id
  authorTg = sim.user({ first_name: 'Anna', language_code: 'en' })
  await linkTelegramAccount(ctx, author.id, authorTg)
  const teachers = guild.role({ name: 'Teachers', permissions: PERMISSIONS.ManageChannels | PERMISSIONS.ManageRoles })
  authorDc = new DiscordStudent(dc, dc.user({ username: 'anna', globalName: 'Prof Anna' }))
  guild.addMember(authorDc.user, { roles: [teachers] })
  await linkDiscordAccount(ctx, author.id, authorDc)
})
afterAll(async () => {
  for (const s of sockets) s.ws.close()
  for (const role of extra.reverse()) await role.stop()
  await h?.close()
  await dc?.close()
})

let seq = 0

/**
 * A published course whose room is bound by its author to a Telegram group
 * and a Discord channel; Sam enrolled on Telegram (in the group), Gina on
 * Discord (`/enrol`: the course role shows her the channel), Wendy on the web
 * with the room open.
 */
async function world() {
  const { ctx, sim } = h
  const slug = `three-way-${++seq}`
  const author = (await ctx.ports.users.findById(authorId))!
  await makeCourse(ctx, author, { slug, title: `Three-way ${seq}` })

  const group = sim.group({ title: `Course ${seq}` })
  group.addMember(authorTg, 'administrator')
  await bindTelegramGroup(sim, group, authorTg, slug)

  const chat = guild.textChannel({ name: `course-${seq}` })
  const students = guild.role({ name: `Course ${seq} students` })
  expect(await bindDiscordChannel(authorDc, { commands: general, chat, slug, role: students })).toMatch(/^This channel is now the chat room of \*\*Three-way \d+\*\*/)

  const sam = sim.user({ first_name: 'Sam', language_code: 'en' })
  const samUser = await makeStudent(ctx, 'Sam', String(sam.id))
  await ctx.domain.enrolment.enrol(samUser.id, slug)
  group.addMember(sam)

  const gina = new DiscordStudent(dc, dc.user({ username: `gina${seq}`, globalName: 'Gina' }))
  guild.addMember(gina.user)
  await gina.slash('enrol', { channel: general, options: { course: slug } })
  await dc.waitUntil(() => guild.canView(gina.user, chat))

  const wendy = await makeStudent(ctx, 'Wendy')
  await ctx.domain.enrolment.enrol(wendy.id, slug)
  const web = connectWebRoom(base, slug, await webSignIn(ctx, base, wendy.id, slug))
  sockets.push(web)
  await waitFor(() => web.opened, { what: 'the web socket open' })
  return { slug, group, chat, sam, gina, web }
}

const onWeb = (web: WebRoomClient, type: string, where: (f: any) => boolean) => waitFor(() => web.frames.find((f) => f.type === type && where(f)), { what: `a ${type} frame on the web` })
const inChannel = (chat: ChannelView, where: (m: MessageRecord) => boolean) => copyInChannel(h.ctx, dc, chat, where)
const inGroup = (group: SimGroup, text: string | RegExp) => copyInGroup(h.ctx, h.sim, group, text)
const sendCallsTo = (group: SimGroup) => h.sim.calls.filter((c) => /^(send|copy)/i.test(c.method) && String((c.params as any).chat_id) === String(group.id))
/** The message in this channel the Discord copy's first line links to (webhooks reply with a link). */
const repliesTo = (m: MessageRecord, chat: ChannelView) => new RegExp(`^-# ↪ ${dc.baseUrl}/channels/${guild.id}/${chat.id}/(\\d+)$`).exec(m.message.content.split('\n')[0]!)?.[1]

describe('a course room bound to a Telegram group and a Discord channel, with the web room', () => {
  it('a message from each side reaches the other two with its author and text', async () => {
    const { group, chat, sam, gina, web } = await world()

    group.send(sam, 'Hello from Telegram')
    const tgOnDiscord = await inChannel(chat, (m) => shownOnDiscord(m.message.content) === 'Hello from Telegram')
    expect(tgOnDiscord.message.author.username).toBe('Sam · Telegram')
    expect((await onWeb(web, 'message', (f) => f.message.text === 'Hello from Telegram')).message).toMatchObject({ author: { name: 'Sam' }, platform: 'TELEGRAM' })

    gina.user.say('Hello from Discord', { channel: chat })
    const dcInGroup = await inGroup(group, 'Gina: Hello from Discord')
    expect(dcInGroup.entities).toEqual([{ type: 'bold', offset: 0, length: 4 }])
    expect((await onWeb(web, 'message', (f) => f.message.text === 'Hello from Discord')).message).toMatchObject({ author: { name: 'Gina' }, platform: 'DISCORD' })

    web.post('w1', 'Hello from the web')
    await inGroup(group, 'Wendy: Hello from the web')
    const webOnDiscord = await inChannel(chat, (m) => shownOnDiscord(m.message.content) === 'Hello from the web')
    expect(webOnDiscord.message.author.username).toBe('Wendy · web')

    // each message exactly once on each side, nothing echoed back into the room
    expect(h.sim.chat(group.id).messages.filter((m) => /^(Gina|Wendy): Hello/.test(textOf(m)))).toHaveLength(2)
    expect(chat.messages.filter((m) => m.via === 'webhook').map((m) => shownOnDiscord(m.message.content))).toEqual(['Hello from Telegram', 'Hello from the web'])
    expect(web.texts()).toEqual(['Hello from Telegram', 'Hello from Discord', 'Hello from the web'])
  })

  it('a reply on Discord to a Telegram message answers that message in the group, and a reply in Telegram to a Discord message links to it on Discord', async () => {
    const { group, chat, sam, gina, web } = await world()

    // Sam writes in Telegram; Gina answers its copy on Discord
    const samsOriginal = group.send(sam, 'Question from Telegram')
    const samsCopy = await inChannel(chat, (m) => shownOnDiscord(m.message.content) === 'Question from Telegram')
    gina.user.say('Answer from Discord', { channel: chat, replyTo: samsCopy })
    const answerInGroup = await inGroup(group, 'Gina: Answer from Discord')
    expect(answerInGroup.reply_to_message?.message_id).toBe(samsOriginal.message_id)
    const question = await onWeb(web, 'message', (f) => f.message.text === 'Question from Telegram')
    expect((await onWeb(web, 'message', (f) => f.message.text === 'Answer from Discord')).message.replyToId).toBe(question.message.id)

    // Gina writes on Discord; Sam answers its copy in Telegram
    const ginasOriginal = gina.user.say('Question from Discord', { channel: chat })
    const ginasCopy = await inGroup(group, 'Gina: Question from Discord')
    group.send(sam, 'Answer from Telegram', { replyTo: ginasCopy })
    const answerOnDiscord = await inChannel(chat, (m) => m.message.content.endsWith('Answer from Telegram'))
    expect(repliesTo(answerOnDiscord, chat)).toBe(ginasOriginal.id)
    const discordQuestion = await onWeb(web, 'message', (f) => f.message.text === 'Question from Discord')
    expect((await onWeb(web, 'message', (f) => f.message.text === 'Answer from Telegram')).message.replyToId).toBe(discordQuestion.message.id)

    // a reply in Telegram to the copy of a Discord message's reply chain stays on the right message too: Sam answers Gina's answer
    group.send(sam, 'Thanks, Gina', { replyTo: answerInGroup })
    const thanks = await inChannel(chat, (m) => m.message.content.endsWith('Thanks, Gina'))
    const ginasAnswer = chat.messages.find((m) => m.via !== 'webhook' && m.message.content === 'Answer from Discord')!
    expect(repliesTo(thanks, chat)).toBe(ginasAnswer.message.id)
  })

  it('an edit in Telegram reaches Discord and the web; a delete everywhere from Discord removes the copies in Telegram and on the web', async () => {
    const { group, chat, sam, gina, web } = await world()

    const original = group.send(sam, 'Draft from Telegram')
    const copy = await inChannel(chat, (m) => shownOnDiscord(m.message.content) === 'Draft from Telegram')
    const arrived = await onWeb(web, 'message', (f) => f.message.text === 'Draft from Telegram')
    sam.editText(original, 'Final from Telegram')
    await dc.waitUntil(() => chat.messages.find((m) => m.message.id === copy.message.id && shownOnDiscord(m.message.content) === 'Final from Telegram'))
    expect((await onWeb(web, 'edited', (f) => f.message.id === arrived.message.id)).message.text).toBe('Final from Telegram')

    // Gina's Discord message, deleted everywhere by the author from Discord's message menu
    const rude = gina.user.say('rude words', { channel: chat })
    const rudeInGroup = await inGroup(group, 'Gina: rude words')
    const rudeOnWeb = await onWeb(web, 'message', (f) => f.message.text === 'rude words')
    const menu = authorDc.user.messageCommand('Delete everywhere', rude)
    await dc.waitUntil(() => (menu.reply?.message.content ? menu : undefined))
    expect(menu.reply?.message.content).toBe('Deleted everywhere: here, in Telegram and on the web.')
    await h.sim.waitUntil(() => h.sim.chat(group.id).deleted.some((m) => m.message_id === rudeInGroup.message_id))
    await onWeb(web, 'deleted', (f) => f.id === rudeOnWeb.message.id)
    await dc.waitUntil(() => chat.deleted.some((m) => m.message.id === rude.id))

    // the Discord copy of Sam's Telegram message, deleted everywhere from Discord: the original goes in the group, and on the web
    const menu2 = authorDc.user.messageCommand('Delete everywhere', copy)
    await dc.waitUntil(() => (menu2.reply?.message.content ? menu2 : undefined))
    await h.sim.waitUntil(() => h.sim.chat(group.id).deleted.some((m) => m.message_id === original.message_id))
    await onWeb(web, 'deleted', (f) => f.id === arrived.message.id)
    await dc.waitUntil(() => chat.deleted.some((m) => m.message.id === copy.message.id))
  })

  it('a photo posted in Telegram arrives on Discord as an attachment with its caption, and back', async () => {
    const { group, chat, sam, gina, web } = await world()
    const bytes = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFElEQVR4nGP4z8DAAMIM/////w8AH+4F+7C4l8kAAAAASUVORK5CYII=', 'base64'))
    group.sendPhoto(sam, { bytes, caption: 'my cat' })
    const carried = await inChannel(chat, (m) => m.message.attachments.length > 0)
    expect(carried.message.author.username).toBe('Sam · Telegram')
    expect(shownOnDiscord(carried.message.content)).toBe('my cat')
    const [attachment] = carried.message.attachments
    expect(attachment).toMatchObject({ size: bytes.length })
    const download = await fetch(attachment!.url)
    expect(Buffer.from(await download.arrayBuffer())).toEqual(Buffer.from(bytes))
    expect((await onWeb(web, 'message', (f) => f.message.kind === 'photo')).message.text).toBe('my cat')

    // and the other way: an image posted on Discord arrives in the group as a photo
    gina.user.say('cat from Discord', { channel: chat, files: [{ filename: 'cat.png', bytes, contentType: 'image/png' }] })
    const photo = await h.sim.waitFor((m) => m.chat.id === group.id && m.photo !== undefined)
    expect(photo.caption).toBe('Gina: cat from Discord')
    expect(Buffer.from(h.sim.state.files.get(photo.photo!.at(-1)!.file_id)!.bytes)).toEqual(Buffer.from(bytes))
  })

  it('`@everyone <b>x</b> <script>` from the web arrives inert in Telegram and on Discord', async () => {
    const { group, chat, web } = await world()
    const hostile = '@everyone <b>x</b> <script>alert(1)</script>'
    web.post('h1', hostile)

    const inTelegram = await inGroup(group, /^Wendy: /)
    expect(textOf(inTelegram)).toBe('Wendy: @\u200deveryone <b>x</b> <script>alert(1)</script>')
    expect(inTelegram.entities).toEqual([{ type: 'bold', offset: 0, length: 5 }])
    const calls = sendCallsTo(group).filter((c) => String((c.params as any).text).includes('alert'))
    expect(calls).toHaveLength(1)
    expect(calls[0]!.params).not.toHaveProperty('parse_mode')

    const onDiscord = await inChannel(chat, (m) => m.message.content.includes('alert'))
    expect(onDiscord.allowedMentions).toEqual({ parse: [] })
    expect(onDiscord.message.mention_everyone).toBe(false)
    // mentions carry a joiner, Markdown is escaped: reads as typed, renders nothing
    expect(onDiscord.message.content).toBe('@\u200deveryone <b\\>x</b\\> <script\\>alert\\(1\\)</script\\>')
    expect(shownOnDiscord(onDiscord.message.content)).toBe(hostile)
  })
})
