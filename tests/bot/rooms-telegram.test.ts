// Course chat rooms in Telegram groups, end to end: the real telegram role
// (long polling against the Telegram simulator), the real api role (web room
// over a WebSocket), the real worker role delivering the relay through the
// Telegram room adapter, on the test PostgreSQL and Redis.
import type { Message } from 'grammy/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApiRole } from '../../src/api/server'
import { telegramRoomAdapter } from '../../src/bot/telegram/runtime'
import type { User } from '../../src/domain'
import { startWorkerRole } from '../../src/jobs/worker'
import type { RunningRole } from '../../src/roles/types'
import type { SimGroup, SimUser } from '../fakes/telegram'
import { makeCourse, makeStaff, makeStudent } from '../fixtures/factories'
import { bindTelegramGroup, copyInGroup, groupCommand, linkTelegramAccount } from '../fixtures/course-chat'
import { waitFor } from '../fixtures/wait'
import { connectWebRoom, type WebRoomClient, webSignIn } from '../fixtures/web-room-client'
import { type Harness, Student, startHarness, textOf } from './harness'

let h: Harness
let base: string
const extra: RunningRole[] = []

beforeAll(async () => {
  h = await startHarness({ seed: false })
  const api = await startApiRole(h.ctx)
  base = `http://127.0.0.1:${api.port}`
  extra.push(api, await startWorkerRole(h.ctx, { chatAdapters: [telegramRoomAdapter(h.ctx)] }))
})
afterAll(async () => {
  for (const role of extra.reverse()) await role.stop()
  await h?.close()
})

let seq = 0
interface World {
  slug: string
  author: User
  authorTg: SimUser
  group: SimGroup
  sam: SimUser
  samUser: User
  web: User
}

/** A published course, its author linked to a Telegram account, a bound supergroup, an enrolled Telegram student (Sam) and an enrolled web student (Wendy). */
async function world(): Promise<World> {
  const { ctx, sim } = h
  const slug = `tg-room-${++seq}`
  const author = await makeStaff(ctx)
  await makeCourse(ctx, author, { slug, title: `Room <b>${seq}</b>` })
  const authorTg = sim.user({ first_name: 'Anna', language_code: 'en' })
  await linkTelegram(author, authorTg)
  const group = sim.group({ title: `Course ${seq}` })
  group.addMember(authorTg, 'administrator')
  await bind(group, authorTg, slug)
  const sam = sim.user({ first_name: 'Sam', language_code: 'en' })
  const samUser = await makeStudent(ctx, 'Sam', String(sam.id))
  await ctx.domain.enrolment.enrol(samUser.id, slug)
  group.addMember(sam)
  const web = await makeStudent(ctx, 'Wendy')
  await ctx.domain.enrolment.enrol(web.id, slug)
  return { slug, author, authorTg, group, sam, samUser, web }
}

const command = (group: SimGroup, user: SimUser, text: string, opts: { replyTo?: Message } = {}) => groupCommand(h.sim, group, user, text, opts)
const bind = (group: SimGroup, user: SimUser, slug: string) => bindTelegramGroup(h.sim, group, user, slug)
const linkTelegram = (staff: User, tg: SimUser) => linkTelegramAccount(h.ctx, staff.id, tg)
const inGroup = (group: SimGroup, text: string | RegExp) => copyInGroup(h.ctx, h.sim, group, text)

async function webClient(user: User, slug: string): Promise<WebRoomClient> {
  const client = connectWebRoom(base, slug, await webSignIn(h.ctx, base, user.id, slug))
  await waitFor(() => client.opened, { what: 'the socket open' })
  return client
}

const frame = (c: WebRoomClient, type: string, where: (f: any) => boolean = () => true) =>
  waitFor(() => c.frames.find((f) => f.type === type && where(f)), { what: `a ${type} frame` })

const sendCallsTo = (chatId: number) => h.sim.calls.filter((c) => /^send/i.test(c.method) && String((c.params as any).chat_id) === String(chatId))

describe('Telegram group bound to a course room', () => {
  it('/bind by someone who is not an author of the course is refused; unknown accounts are told to link first; the bot must be an administrator', async () => {
    const { slug, sam, group, authorTg } = await world()
    const other = h.sim.group({ title: 'Random group' })
    expect(textOf(await command(other, sam, `/bind ${slug}`))).toBe("Only the course's authors can bind or unbind its chat.")
    const stranger = h.sim.user({ first_name: 'Stranger', language_code: 'en' })
    expect(textOf(await command(other, stranger, `/bind ${slug}`))).toMatch(/^I do not know your account yet/)
    expect(await h.ctx.domain.rooms.bindingFor('TELEGRAM', String(other.id))).toBeNull()
    // in the bound group a student cannot unbind it either
    expect(textOf(await command(group, sam, '/unbind'))).toBe("Only the course's authors can bind or unbind its chat.")
    // the author, in a group where the bot is not an administrator
    const plain = h.sim.group({ title: 'Bot is a member' }).setBotStatus('member')
    expect(textOf(await command(plain, authorTg, `/bind ${slug}`))).toBe('Make me an administrator of this group first (I need: administrator).')
    expect(textOf(await command(plain, authorTg, '/bind'))).toBe("Bind this group to a course's chat: /bind course-slug (course authors only).")
    expect(await h.ctx.domain.rooms.bindingFor('TELEGRAM', String(plain.id))).toBeNull()
  })

  it('a group message reaches the web room; a web message reaches the group with the name in bold; replies and edits go both ways', async () => {
    const { slug, group, sam, web } = await world()
    const wendy = await webClient(web, slug)

    const original = group.send(sam, 'Hello from Telegram')
    const arrived = await frame(wendy, 'message', (f) => f.message.text === 'Hello from Telegram')
    expect(arrived.message).toMatchObject({ author: { name: 'Sam' }, platform: 'TELEGRAM' })

    wendy.ws.send(JSON.stringify({ type: 'post', clientId: 'w1', text: 'Hi from the web' }))
    const copy = await inGroup(group, 'Wendy: Hi from the web')
    expect(copy.entities).toEqual([{ type: 'bold', offset: 0, length: 5 }])
    expect(sendCallsTo(group.id).every((c) => !('parse_mode' in (c.params as any)))).toBe(true)
    const webId = (await frame(wendy, 'ack', (f) => f.clientId === 'w1')).id

    // Sam answers the copy in Telegram: on the web it answers Wendy's message
    group.send(sam, 'Answer to Wendy', { replyTo: copy })
    const answer = await frame(wendy, 'message', (f) => f.message.text === 'Answer to Wendy')
    expect(answer.message.replyToId).toBe(webId)
    // Wendy answers Sam's original on the web: in Telegram it replies to Sam's message itself
    wendy.ws.send(JSON.stringify({ type: 'post', clientId: 'w2', text: 'Got it', replyToId: arrived.message.id }))
    const reply = await inGroup(group, 'Wendy: Got it')
    expect(reply.reply_to_message?.message_id).toBe(original.message_id)

    // edits both ways
    sam.editText(original, 'Hello from Telegram (edited)')
    const edited = await frame(wendy, 'edited', (f) => f.message.id === arrived.message.id)
    expect(edited.message.text).toBe('Hello from Telegram (edited)')
    wendy.ws.send(JSON.stringify({ type: 'edit', id: webId, text: 'Hi from the web, edited' }))
    await h.sim.waitUntil(() => h.sim.chat(group.id).messages.find((m) => m.message_id === copy.message_id && textOf(m) === 'Wendy: Hi from the web, edited'))
    wendy.ws.close()
  })

  it('/delete by the author as a reply deletes the message everywhere; a student may not; /mute tells the member once', async () => {
    const { slug, group, sam, authorTg, web } = await world()
    const wendy = await webClient(web, slug)
    const doomed = group.send(sam, 'delete me')
    const relayed = await frame(wendy, 'message', (f) => f.message.text === 'delete me')
    wendy.ws.send(JSON.stringify({ type: 'post', clientId: 'w1', text: 'from the web' }))
    const copy = await inGroup(group, 'Wendy: from the web')

    // a student's /delete of someone else's message is refused
    expect(textOf(await command(group, sam, '/delete', { replyTo: copy }))).toBe("Only the course's authors can do that.")
    expect(textOf(await command(group, authorTg, '/delete'))).toBe('Reply to the message you mean with this command.')

    // the author deletes Sam's original: gone on the web and in the group
    group.send(authorTg, '/delete', { replyTo: doomed })
    await frame(wendy, 'deleted', (f) => f.id === relayed.message.id)
    await h.sim.waitUntil(() => h.sim.chat(group.id).deleted.some((m) => m.message_id === doomed.message_id))
    // and the copy of a web message: the relay deletes our copy in the group
    group.send(authorTg, '/delete', { replyTo: copy })
    await frame(wendy, 'deleted', (f) => f.id !== relayed.message.id)
    await h.sim.waitUntil(() => h.sim.chat(group.id).deleted.some((m) => m.message_id === copy.message_id))

    // mute: Sam is told once, his messages stay out of the room
    const target = group.send(sam, 'noise')
    await frame(wendy, 'message', (f) => f.message.text === 'noise')
    expect(textOf(await command(group, authorTg, '/mute off topic', { replyTo: target }))).toBe('Sam is muted in this course chat: their messages are not passed on.')
    expect(textOf(await command(group, sam, 'more noise'))).toBe('Sam, you are muted in this course chat (off topic): your messages are not passed on to the web room and Discord.')
    group.send(sam, 'even more noise')
    group.send(authorTg, 'marker after the noise')
    await frame(wendy, 'message', (f) => f.message.text === 'marker after the noise')
    expect(wendy.frames.filter((f) => f.type === 'message' && /^(even more |more )?noise$/.test(f.message.text)).map((f) => f.message.text)).toEqual(['noise'])
    expect(h.sim.chat(group.id).messages.filter((m) => /you are muted/.test(textOf(m)))).toHaveLength(1)
    expect(textOf(await command(group, authorTg, '/unmute', { replyTo: target }))).toBe('Sam may write in the course chat again.')
    wendy.ws.close()
  })

  it('hostile text arrives inert: no parse_mode, entities only, mentions neutralised; Telegram markup reaches the web as text', async () => {
    const { slug, group, sam, web } = await world()
    const wendy = await webClient(web, slug)
    const hostile = '@everyone <script>alert(1)</script> <b>bold?</b> *md*'
    wendy.ws.send(JSON.stringify({ type: 'post', clientId: 'h1', text: hostile }))
    const copy = await inGroup(group, /^Wendy: /)
    expect(textOf(copy)).toBe(`Wendy: @\u200deveryone <script>alert(1)</script> <b>bold?</b> *md*`)
    expect(copy.entities).toEqual([{ type: 'bold', offset: 0, length: 5 }])
    const call = sendCallsTo(group.id).find((c) => String((c.params as any).text).includes('alert'))!
    expect(call.params).not.toHaveProperty('parse_mode')
    group.send(sam, hostile)
    const arrived = await frame(wendy, 'message', (f) => f.message.platform === 'TELEGRAM')
    expect(arrived.message.text).toBe(hostile)
    wendy.ws.close()
  })

  it('a photo reaches the web as a photo and another bound group as a re-uploaded photo with its caption; a sticker as a placeholder', async () => {
    const { slug, group, sam, authorTg, web } = await world()
    const second = h.sim.group({ title: 'Second group' })
    second.addMember(authorTg, 'administrator')
    await bind(second, authorTg, slug)
    const wendy = await webClient(web, slug)
    const bytes = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFElEQVR4nGP4z8DAAMIM/////w8AH+4F+7C4l8kAAAAASUVORK5CYII=', 'base64'))
    group.sendPhoto(sam, { bytes, caption: 'my cat' })
    const onWeb = await frame(wendy, 'message', (f) => f.message.kind === 'photo')
    expect(onWeb.message).toMatchObject({ text: 'my cat', placeholder: expect.stringMatching(/^\[photo: photo\.jpg, \d+ B\]$/) })
    const carried = await h.sim.waitFor((m) => m.chat.id === second.id && m.photo !== undefined)
    expect(carried.caption).toBe('Sam: my cat')
    expect(carried.caption_entities).toEqual([{ type: 'bold', offset: 0, length: 3 }])
    const file = h.sim.state.files.get(carried.photo!.at(-1)!.file_id)!
    expect(Buffer.from(file.bytes)).toEqual(Buffer.from(bytes))

    group.sendSticker(sam)
    await inGroup(second, 'Sam: [sticker]')
    const sticker = await frame(wendy, 'message', (f) => f.message.kind === 'sticker')
    expect(sticker.message.placeholder).toBe('[sticker]')
    wendy.ws.close()
  })

  it('join requests: an enrolled student asking through /chat is approved, a stranger declined; leaving the course removes the student', async () => {
    const { slug, group, samUser } = await world()
    const { sim, ctx } = h
    // a student enrolled already asks for the course groups in private chat
    const sam = sim.user({ id: Number((await ctx.ports.users.listAccounts(samUser.id)).find((a) => a.platform === 'TELEGRAM')!.externalId) })
    group.addMember(sam, 'left')
    sam.sendText('/chat')
    const offer = await sim.waitFor((m) => m.chat.id === sam.id && /has a Telegram group/.test(textOf(m)))
    const url = (offer.reply_markup!.inline_keyboard[0]![0] as { url: string }).url
    const link = sim.chat(group.id).inviteLinks.find((l) => l.invite_link === url)!
    expect(link.creates_join_request).toBe(true)
    group.requestJoin(sam, { inviteLink: url })
    await sim.waitForCall('approveChatJoinRequest', (c) => (c.params as any).user_id === sam.id)
    expect(group.memberStatus(sam)).toBe('member')

    const stranger = sim.user({ first_name: 'Mallory', language_code: 'en' })
    group.requestJoin(stranger, { inviteLink: url })
    await sim.waitForCall('declineChatJoinRequest', (c) => (c.params as any).user_id === stranger.id)
    expect(group.memberStatus(stranger)).toBe('left')
    await sim.waitFor((m) => m.chat.id === stranger.id && /could not let you into the course chat/.test(textOf(m)))

    // Sam leaves the course (on the web, say): the worker takes him out of the group
    await ctx.domain.enrolment.unenrol(samUser.id, slug)
    await sim.waitForCall('unbanChatMember', (c) => (c.params as any).user_id === sam.id)
    expect(group.memberStatus(sam)).toBe('left')
    expect(sim.callsTo('banChatMember').filter((c) => (c.params as any).user_id === sam.id)).toHaveLength(1)
  })

  it('enrolling in the bot offers the course group; the join request through it is approved', async () => {
    const { slug, group } = await world()
    const newcomer = new Student(h.sim, h.sim.user({ first_name: 'Nina', language_code: 'en' }))
    const [card] = await newcomer.say(`/start course-${slug}`)
    await newcomer.press(card!, /Enrol/, 0)
    const offer = await h.sim.waitFor((m) => m.chat.id === newcomer.id && /has a Telegram group/.test(textOf(m)))
    const url = (offer.reply_markup!.inline_keyboard[0]![0] as { url: string }).url
    expect(h.sim.chat(group.id).inviteLinks.some((l) => l.invite_link === url && l.creates_join_request)).toBe(true)
    group.requestJoin(newcomer.user, { inviteLink: url })
    await h.sim.waitForCall('approveChatJoinRequest', (c) => (c.params as any).user_id === newcomer.id)
  })

  it('a bound basic group upgraded to a supergroup stays the course chat under its new id', async () => {
    const { slug, authorTg, sam, web } = await world()
    const basic = h.sim.group({ title: 'Basic group', type: 'group', id: -(4_000 + seq) })
    basic.addMember(authorTg, 'administrator')
    basic.addMember(sam)
    await bind(basic, authorTg, slug)
    const upgraded = basic.migrateToSupergroup()
    const { rooms } = h.ctx.domain
    await waitFor(async () => (await rooms.bindingFor('TELEGRAM', String(upgraded.id))) !== null && (await rooms.bindingFor('TELEGRAM', String(basic.id))) === null, { what: 'the binding moved' })
    const wendy = await webClient(web, slug)
    upgraded.send(sam, 'from the supergroup')
    await frame(wendy, 'message', (f) => f.message.text === 'from the supergroup')
    wendy.ws.send(JSON.stringify({ type: 'post', clientId: 'm1', text: 'to the supergroup' }))
    await inGroup(upgraded, 'Wendy: to the supergroup')
    wendy.ws.close()
  })

  it('/web gives a one-time sign-in link to the room, without a link preview', async () => {
    const { slug, sam } = await world()
    sam.sendText(`/web ${slug}`)
    const answer = await h.sim.waitFor((m) => m.chat.id === sam.id && /sign-in link/.test(textOf(m)))
    const call = h.sim.callsTo('sendMessage').find((c) => (c.params as any).chat_id === sam.id && /auth\/web/.test(String((c.params as any).text)))!
    expect((call.params as any).link_preview_options).toEqual({ is_disabled: true })
    const url = new URL(/http\S+/.exec(textOf(answer))![0])
    expect(url.origin).toBe(h.ctx.config.publicUrl)
    const res = await fetch(`${base}${url.pathname}${url.search}`, { redirect: 'manual' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe(`/rooms/${slug}`)
    sam.sendText('/web no-such-course')
    await h.sim.waitFor((m) => m.chat.id === sam.id && /cannot open the chat of "no-such-course"/.test(textOf(m)))
  })
})
