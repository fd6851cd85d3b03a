// Files carried across by the relay (src/bridge/delivery.ts) on real PostgreSQL,
// Redis and BullMQ, with recording adapters for the platforms: a photo within
// both platforms' limits arrives as bytes for upload (no placeholder); one too
// large for the destination, or one the origin will not hand over, arrives as
// its placeholder plus a notice with name and size, never silently dropped; an
// edit of a message whose photo was carried re-renders the same text.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DISCORD_CHANNEL, TELEGRAM_GROUP } from '../../src/bridge/profiles'
import type { AppContext } from '../../src/context'
import { createRelay, type Relay, startRelayDelivery } from '../../src/relay'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, makeStaff } from '../fixtures/factories'
import { RecordingAdapter } from '../fixtures/rooms'
import { waitFor } from '../fixtures/wait'

const TG_CHAT = '-1001'
const DC_CHAT = '2002'

let ctx: AppContext
let relay: Relay
let telegram: RecordingAdapter
let discord: RecordingAdapter
let delivery: { close(): Promise<void> } | undefined

beforeAll(async () => {
  ctx = await openTestContext()
})
afterAll(() => ctx.close())
beforeEach(async () => {
  await resetData(ctx)
  relay = createRelay(ctx)
  // the destination takes files up to 1000 bytes; Discord hands over files up to 3000
  telegram = new RecordingAdapter('TELEGRAM', { ...TELEGRAM_GROUP, maxFileBytes: 1000 })
  discord = new RecordingAdapter('DISCORD', { ...DISCORD_CHANNEL, maxFileBytes: 10_000 })
  discord.fetchLimit = 3000
  const author = await makeStaff(ctx)
  const course = await makeCourse(ctx, author, { slug: 'files' })
  await ctx.domain.rooms.bind(actor(author), course.id, { platform: 'TELEGRAM', chatId: TG_CHAT })
  await ctx.domain.rooms.bind(actor(author), course.id, { platform: 'DISCORD', chatId: DC_CHAT, webhookId: 'wh', webhookToken: 't' })
  const { user } = await ctx.domain.accounts.registerFromPlatform({ platform: 'DISCORD', externalId: '601', displayName: 'Bob' })
  await ctx.domain.enrolment.enrol(user.id, course.slug)
  delivery = await startRelayDelivery(ctx, [telegram, discord])
})
afterEach(async () => {
  await delivery?.close()
  await relay.close()
})

const bytes = (n: number) => new Uint8Array(n).fill(7)
let seq = 0
const fromDiscord = (text: string, attachments: any[], kind: 'photo' | 'file' = 'photo') => relay.router.inbound({
  platform: 'DISCORD', chatId: DC_CHAT, messageId: `d${++seq}`, author: { externalId: '601', displayName: 'Bob' }, kind, text, attachments,
})

describe('carrying files across', () => {
  it('re-uploads a photo within both limits; describes one too large for the destination with its name and size', async () => {
    discord.files.set('small', bytes(500))
    discord.files.set('big', bytes(2000))
    await fromDiscord('look', [
      { kind: 'photo', name: 'cat.jpg', mimeType: 'image/jpeg', size: 500, platformFileId: 'small', url: 'https://cdn.example/cat.jpg' },
      { kind: 'file', name: 'big.zip', size: 2000, platformFileId: 'big' },
    ])
    await waitFor(() => telegram.sends().length === 1, { what: 'the Telegram copy' })
    const part = telegram.sends()[0]!.message!.parts[0]!
    expect(part.files).toHaveLength(1)
    expect(part.files![0]).toMatchObject({ name: 'cat.jpg', kind: 'photo', mimeType: 'image/jpeg' })
    expect(part.files![0]!.data).toEqual(bytes(500))
    // the carried photo is not described again; the big file is, with a notice
    expect(part.text).toBe('look\n[file: big.zip, 2.0 KB]\n(too large to carry across: big.zip, 2.0 KB; the limit here is 1000 B)')
    expect(discord.fetched).toEqual(['small']) // the big one was never downloaded
  })

  it('a file of unknown size that turns out too large, and one the origin refuses, become notices', async () => {
    discord.files.set('unsized', bytes(1500))
    discord.files.set('huge', bytes(5000))
    await fromDiscord('', [{ kind: 'file', name: 'notes.pdf', platformFileId: 'unsized' }], 'file')
    await fromDiscord('', [{ kind: 'file', name: 'movie.mp4', platformFileId: 'huge' }], 'file')
    await waitFor(() => telegram.sentTexts().length === 2, { what: 'both copies' })
    const [first, second] = telegram.sends().map((s) => s.message!.parts[0]!)
    expect(first!.files).toBeUndefined()
    expect(first!.text).toBe('[file: notes.pdf]\n(too large to carry across: notes.pdf, 1.5 KB; the limit here is 1000 B)')
    expect(second!.files).toBeUndefined()
    expect(second!.text).toBe('[file: movie.mp4]\n(too large to carry across: movie.mp4, 4.9 KB)')
  })

  it('stickers stay placeholders; an edit of a message whose photo went across keeps it undescribed', async () => {
    discord.files.set('p', bytes(100))
    const posted = await fromDiscord('before', [{ kind: 'photo', name: 'p.png', size: 100, platformFileId: 'p' }])
    await relay.router.inbound({ platform: 'DISCORD', chatId: DC_CHAT, messageId: `d${++seq}`, author: { externalId: '601', displayName: 'Bob' }, kind: 'sticker', text: '' })
    await waitFor(() => telegram.sends().length === 2, { what: 'both copies' })
    expect(telegram.sentTexts()).toEqual(['before', '[sticker]'])
    const origin = posted.status === 'relayed' ? posted.message.origin.messageId : ''
    await relay.router.inboundEdit({ platform: 'DISCORD', chatId: DC_CHAT, messageId: origin, author: { externalId: '601', displayName: 'Bob' }, text: 'after' })
    await waitFor(() => telegram.calls.some((c) => c.method === 'edit'), { what: 'the edit' })
    const edit = telegram.calls.find((c) => c.method === 'edit')!.message!.parts[0]!
    expect(edit.text).toBe('after')
    expect(edit.files).toBeUndefined()
  })
})
