// The relay on real PostgreSQL, Redis and BullMQ, with recording ChatAdapters
// standing in for the platforms (our own outbound port; the Telegram and Discord
// adapters are tested against their simulators).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { InboundMessage } from '../../src/bridge/message'
import { PermanentDeliveryError, type RoomEvent } from '../../src/bridge/ports'
import { DISCORD_CHANNEL, TELEGRAM_GROUP } from '../../src/bridge/profiles'
import type { AppContext } from '../../src/context'
import type { User } from '../../src/domain'
import { createRelay, type Relay, startRelayDelivery } from '../../src/relay'
import { openTestContext, resetData } from '../fixtures/context'
import { type FixtureProcess, startRelayWorker } from '../fixtures/process'
import { actor, makeCourse, makeStaff } from '../fixtures/factories'
import { RecordingAdapter, rateLimited } from '../fixtures/rooms'
import { waitFor } from '../fixtures/wait'

const TG_CHAT = '-1001'
const DC_CHAT = '2002'
const WEBHOOK = 'wh-1'

let ctx: AppContext
let relay: Relay
let telegram: RecordingAdapter
let discord: RecordingAdapter
let delivery: { close(): Promise<void> } | undefined
let events: RoomEvent[]
let unsubscribe: () => Promise<void>

beforeAll(async () => {
  ctx = await openTestContext()
})
afterAll(() => ctx.close())

beforeEach(async () => {
  await resetData(ctx)
  relay = createRelay(ctx)
  telegram = new RecordingAdapter('TELEGRAM', { maxTextLength: TELEGRAM_GROUP.maxTextLength })
  discord = new RecordingAdapter('DISCORD', DISCORD_CHANNEL)
  events = []
  unsubscribe = await relay.bus.subscribe((e) => events.push(e))
})

afterEach(async () => {
  await delivery?.close()
  delivery = undefined
  await unsubscribe()
  await relay.close()
})

async function startDelivery(adapters = [telegram, discord]) {
  delivery = await startRelayDelivery(ctx, adapters)
}

let seq = 0
/** A bound course with an enrolled Telegram student (Ann) and an enrolled Discord student (Bob). */
async function world() {
  const author = await makeStaff(ctx)
  const course = await makeCourse(ctx, author, { slug: `relay-${++seq}` })
  await ctx.domain.rooms.bind(actor(author), course.id, { platform: 'TELEGRAM', chatId: TG_CHAT })
  await ctx.domain.rooms.bind(actor(author), course.id, { platform: 'DISCORD', chatId: DC_CHAT, webhookId: WEBHOOK, webhookToken: 'secret' })
  const ann = await enrolled('TELEGRAM', '501', 'Ann', course.slug)
  const bob = await enrolled('DISCORD', '601', 'Bob', course.slug)
  const room = await ctx.domain.rooms.roomOfCourse(course.id)
  return { author, course, ann, bob, roomId: room.id }
}

async function enrolled(platform: 'TELEGRAM' | 'DISCORD', externalId: string, name: string, slug: string): Promise<User> {
  const { user } = await ctx.domain.accounts.registerFromPlatform({ platform, externalId, displayName: name })
  await ctx.domain.enrolment.enrol(user.id, slug)
  return user
}

let msgId = 0
const fromTelegram = (text: string, over: Partial<InboundMessage> = {}): InboundMessage => ({
  platform: 'TELEGRAM',
  chatId: TG_CHAT,
  messageId: String(++msgId),
  author: { externalId: '501', displayName: 'Ann' },
  kind: 'text',
  text,
  ...over,
})
const fromDiscord = (text: string, over: Partial<InboundMessage> = {}): InboundMessage => ({
  platform: 'DISCORD',
  chatId: DC_CHAT,
  messageId: `d${++msgId}`,
  author: { externalId: '601', displayName: 'Bob' },
  kind: 'text',
  text,
  ...over,
})

describe('relay', () => {
  it('stores a Telegram message once, shows it live on the web and sends it to Discord only, name and text intact', async () => {
    const { roomId } = await world()
    await startDelivery()
    const result = await relay.router.inbound(fromTelegram('Hello from Telegram'))
    expect(result.status).toBe('relayed')
    await waitFor(() => discord.sends().length === 1, { what: 'the Discord copy' })
    const part = discord.sends()[0]!.message!.parts[0]!
    expect(part).toMatchObject({ authorName: 'Ann', text: 'Hello from Telegram', originPlatform: 'TELEGRAM' })
    await waitFor(() => events.some((e) => e.type === 'message' && e.message.text === 'Hello from Telegram'), { what: 'the web event' })
    expect(telegram.calls).toEqual([])
    const history = await ctx.domain.rooms.history(actor((await ctx.domain.accounts.findByPlatform('TELEGRAM', '501'))!), roomId)
    expect(history).toHaveLength(1)
  })

  it('carries a reply to the right message on each side, then an edit and a delete', async () => {
    await world()
    await startDelivery()
    const original = await relay.router.inbound(fromDiscord('Question?'))
    await waitFor(async () => (await ctx.db.prisma.roomMessageCopy.count()) === 1, { what: 'the Telegram copy recorded' })
    const copyId = telegram.sends()[0]!.platformMessageId
    // Ann answers the copy in Telegram: on Discord the answer replies to Bob's original
    const answer = fromTelegram('Answer!', { replyToMessageId: copyId })
    const relayed = await relay.router.inbound(answer)
    expect(relayed.status === 'relayed' && relayed.message.replyToId).toBe(original.status === 'relayed' && original.message.id)
    await waitFor(() => discord.sends().length === 1, { what: 'the Discord answer' })
    expect(discord.sends()[0]!.message!.replyToPlatformMessageId).toBe((original as any).message.origin.messageId)

    // Bob edits his original on Discord: the Telegram copy is edited
    const edit = await relay.router.inboundEdit({ platform: 'DISCORD', chatId: DC_CHAT, messageId: (original as any).message.origin.messageId, author: { externalId: '601', displayName: 'Bob' }, text: 'Question, edited?' })
    expect(edit.status).toBe('relayed')
    await waitFor(() => telegram.calls.some((c) => c.method === 'edit'), { what: 'the Telegram edit' })
    expect(telegram.calls.find((c) => c.method === 'edit')).toMatchObject({ platformMessageId: copyId, message: { parts: [{ text: 'Question, edited?' }] } })
    expect(events.some((e) => e.type === 'edited')).toBe(true)

    // Bob deletes it on Discord: the Telegram copy goes too
    expect((await relay.router.inboundDelete({ platform: 'DISCORD', chatId: DC_CHAT, messageId: (original as any).message.origin.messageId })).status).toBe('relayed')
    await waitFor(() => telegram.calls.some((c) => c.method === 'delete' && c.platformMessageId === copyId), { what: 'the Telegram delete' })
    expect(events.some((e) => e.type === 'deleted')).toBe(true)
  })

  it("a course author's delete removes the copies and the original on the chat it was posted in", async () => {
    const { author } = await world()
    await startDelivery()
    const posted = await relay.router.inbound(fromTelegram('delete me'))
    if (posted.status !== 'relayed') throw new Error(posted.status)
    await waitFor(async () => (await ctx.db.prisma.roomMessageCopy.count()) === 1, { what: 'the Discord copy recorded' })
    expect((await relay.router.deleteAsMember(actor(author), posted.message.id)).status).toBe('relayed')
    await waitFor(() => telegram.calls.some((c) => c.method === 'delete' && c.platformMessageId === posted.message.origin.messageId), { what: 'the Telegram original deleted' })
    await waitFor(() => discord.calls.some((c) => c.method === 'delete' && c.platformMessageId === discord.sends()[0]!.platformMessageId), { what: 'the Discord copy deleted' })
  })

  it('delivers hostile text inert: mentions neutralised, markup kept as literal text', async () => {
    await world()
    await startDelivery()
    const hostile = '@everyone <script>alert(1)</script> <@123> <@&456> @here'
    const result = await relay.router.inbound(fromTelegram(hostile))
    expect(result.status === 'relayed' && result.message.text).toBe(hostile) // history keeps what was written
    await waitFor(() => discord.sends().length === 1, { what: 'the Discord copy' })
    const text = discord.sends()[0]!.message!.parts[0]!.text
    expect(text).not.toMatch(/@everyone|@here|<@123>|<@&456>/)
    expect(text.replace(/\u200d/g, '')).toBe(hostile) // reads the same
    expect(text).toContain('<script>alert(1)</script>') // plain text: adapters never render it as markup
  })

  it('never relays our own copies, our bot or our webhooks (no loops)', async () => {
    await world()
    await startDelivery()
    await relay.router.inbound(fromTelegram('ping'))
    // the copy is in the message-id map once the platform answered the send
    await waitFor(async () => (await ctx.db.prisma.roomMessageCopy.count()) === 1, { what: 'the Discord copy recorded' })
    const echo = fromDiscord('ping', { messageId: discord.sends()[0]!.platformMessageId })
    expect(await relay.router.inbound(echo)).toEqual({ status: 'ignored', reason: 'own_message' })
    expect(await relay.router.inbound(fromDiscord('x', { webhookId: WEBHOOK }))).toEqual({ status: 'ignored', reason: 'own_message' })
    expect(await relay.router.inbound(fromTelegram('x', { fromSelf: true }))).toEqual({ status: 'ignored', reason: 'own_message' })
    expect((await relay.router.inbound(fromTelegram('x', { chatId: '-999' }))).status).toBe('ignored') // not bound
  })

  it('does not relay a non-member, and tells a muted member once', async () => {
    const { author, roomId } = await world()
    await startDelivery()
    const stranger = await relay.router.inbound(fromTelegram('spam', { author: { externalId: '999', displayName: 'Mallory' } }))
    expect(stranger).toMatchObject({ status: 'ignored', reason: 'not_member' })
    const ann = (await ctx.domain.accounts.findByPlatform('TELEGRAM', '501'))!
    await ctx.domain.rooms.mute(actor(author), roomId, ann.id, 'off topic')
    expect(await relay.router.inbound(fromTelegram('more'))).toEqual({ status: 'muted', reason: 'off topic', tell: true })
    expect(await relay.router.inbound(fromTelegram('and more'))).toEqual({ status: 'muted', reason: 'off topic', tell: false })
    await relay.router.inbound(fromDiscord('marker'))
    await waitFor(() => telegram.sends().length === 1, { what: 'the marker' })
    expect(discord.sends()).toEqual([])
  })

  it('two relay processes seeing the same update store and send it once', async () => {
    await world()
    const second = await openTestContext()
    const relay2 = createRelay(second)
    const delivery2 = await startRelayDelivery(second, [telegram, discord])
    try {
      await startDelivery()
      const updates = Array.from({ length: 10 }, (_, i) => fromTelegram(`twice ${i}`))
      const results = await Promise.all(updates.flatMap((u) => [relay.router.inbound(u), relay2.router.inbound(u)]))
      expect(results.filter((r) => r.status === 'relayed')).toHaveLength(10)
      expect(results.filter((r) => r.status === 'duplicate')).toHaveLength(10)
      await waitFor(() => discord.sends().length >= 10, { what: 'ten Discord copies' })
      // every job has finished: nothing left in either platform's outbox
      await waitFor(async () => (await ctx.redis.client.zcard(`relay:outbox:DISCORD:${DC_CHAT}`)) === 0, { what: 'an empty outbox' })
      expect(discord.sentTexts().sort()).toEqual(updates.map((u) => u.text).sort())
    } finally {
      await delivery2.close()
      await relay2.close()
      await second.close()
    }
  })

  it('keeps a room in order through a 429 and a failing platform, and skips a permanent refusal', async () => {
    await world()
    discord.failures.push(rateLimited(300), new Error('502 Bad Gateway'))
    await startDelivery()
    const texts = Array.from({ length: 15 }, (_, i) => `m${i}`)
    for (const t of texts) await relay.router.inbound(fromTelegram(t))
    await waitFor(() => discord.sends().length === 15, { what: 'all fifteen', timeout: 20_000 })
    expect(discord.sentTexts()).toEqual(texts)

    discord.failures.push(new PermanentDeliveryError('bot was removed'))
    await relay.router.inbound(fromTelegram('lost to a refusal'))
    await relay.router.inbound(fromTelegram('after it'))
    await waitFor(() => discord.sentTexts().includes('after it'), { what: 'the next message' })
    expect(discord.sentTexts()).not.toContain('lost to a refusal')
  })

  it('coalesces a burst into fewer Telegram messages, in order, dropping nothing', async () => {
    const { bob, roomId } = await world()
    const slowGroup = new RecordingAdapter('TELEGRAM', TELEGRAM_GROUP)
    telegram = slowGroup
    const texts = Array.from({ length: 30 }, (_, i) => `burst ${i}`)
    // queued before the worker starts: a backlog bigger than the group's minute
    for (const t of texts) await relay.router.postFromWeb(actor(bob), roomId, { clientId: t, authorName: 'Bob', text: t })
    await startDelivery([slowGroup, discord])
    await waitFor(() => slowGroup.sentTexts().length === 30, { what: 'every message in the group' })
    expect(slowGroup.sentTexts()).toEqual(texts)
    expect(slowGroup.sends().length).toBeLessThan(30)
    expect(slowGroup.sends().length).toBeLessThanOrEqual(20)
    // Bob edits a message that went out inside a coalesced one: that message is re-rendered
    const target = (await ctx.domain.rooms.history(actor(bob), roomId)).find((m) => m.text === 'burst 3')!
    await relay.router.editFromWeb(actor(bob), target.id, 'burst 3 (edited)')
    await waitFor(() => slowGroup.calls.some((c) => c.method === 'edit'), { what: 'the edit' })
    const edited = slowGroup.calls.find((c) => c.method === 'edit')!.message!.parts.map((p) => p.text)
    expect(edited).toContain('burst 3 (edited)')
    expect(edited.length).toBeGreaterThan(1)
  })
})

describe('relay worker killed mid-stream', () => {
  it('a worker killed with SIGKILL and another started: every message arrives, in order', async () => {
    await world()
    // the loopback "Discord": records each text as it arrives, a little slowly, so the kill lands mid-stream
    const arrivals: string[] = []
    let id = 0
    const platform = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      async fetch(req) {
        arrivals.push(...((await req.json()) as string[]))
        await Bun.sleep(15)
        return new Response(String(++id))
      },
    })
    const startWorker = () => startRelayWorker({ PLATFORM_URL: `http://127.0.0.1:${platform.port}/`, RECOVERY_MS: '3000' })
    const first = startWorker()
    let second: FixtureProcess | undefined
    try {
      await first.ready
      const texts = Array.from({ length: 40 }, (_, i) => `k${i}`)
      for (const t of texts) await relay.router.inbound(fromTelegram(t))
      await waitFor(() => arrivals.length >= 8, { what: 'the first messages' })
      first.proc.kill('SIGKILL')
      await first.proc.exited
      const beforeRestart = arrivals.length
      expect(beforeRestart).toBeLessThan(40) // it really died mid-stream
      second = startWorker()
      await second.ready
      await waitFor(() => texts.every((t) => arrivals.includes(t)), { what: 'every message after the restart', timeout: 30_000 })
      // in order, nothing lost; at most the one call in flight at the kill is repeated
      const firstSeen = arrivals.filter((t, i) => arrivals.indexOf(t) === i)
      expect(firstSeen).toEqual(texts)
      expect(arrivals.length - texts.length).toBeLessThanOrEqual(1)
    } finally {
      first.proc.kill('SIGKILL')
      second?.proc.kill('SIGKILL')
      await Promise.all([first.proc.exited, second?.proc.exited])
      platform.stop(true)
    }
  })
})
