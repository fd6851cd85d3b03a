// Announcements through the HTTP API, delivered by two worker processes with
// the bots' own Messengers against the Telegram and Discord simulators, both
// enforcing the platforms' rate limits; and the send path's 429 handling on
// the shared pacer.
import type { Subprocess } from 'bun'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi } from '../../src/api'
import { discordMessenger } from '../../src/bot/discord/role'
import { telegramMessenger } from '../../src/bot/telegram/runtime'
import type { AppContext } from '../../src/context'
import { announcementPlan } from '../../src/domain/delivery/announcement'
import { TELEGRAM_PROFILE } from '../../src/domain/delivery/profile'
import { type DiscordSimulator, type SimUser as DiscordUser, startDiscordSimulator } from '../fakes/discord'
import { type SimUser as TelegramUser, startTelegramSimulator, type TelegramSimulator } from '../fakes/telegram'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, makeStaff, tokenFor } from '../fixtures/factories'
import { startDeliveryWorker } from '../fixtures/process'
import { until } from '../fixtures/until'

let tg: TelegramSimulator
let dc: DiscordSimulator
let ctx: AppContext
let api: ReturnType<typeof createApi>
let env: Record<string, string>
const workers: Subprocess[] = []

beforeAll(async () => {
  tg = await startTelegramSimulator()
  dc = await startDiscordSimulator()
  env = { TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, DISCORD_TOKEN: dc.token, DISCORD_APPLICATION_ID: dc.applicationId, DISCORD_API_URL: dc.apiUrl }
  ctx = await openTestContext(env)
  await resetData(ctx)
  api = createApi({ domain: ctx.domain, files: ctx.files, logger: ctx.logger, health: [], publicUrl: 'http://localhost:3000' })
  for (let i = 0; i < 2; i++) workers.push(await startDeliveryWorker({ ...env, DELIVERY_WORKER_MESSENGERS: 'bots' }))
}, 60_000)
afterAll(async () => {
  for (const w of workers) w.kill('SIGTERM')
  await Promise.all(workers.map((w) => w.exited))
  await ctx?.jobs.queue.obliterate({ force: true })
  await ctx?.close()
  await tg?.close()
  await dc?.close()
})

async function call(path: string, token: string, json?: unknown) {
  const res = await api.handle(
    new Request(`http://localhost${path}`, {
      method: json === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    }),
  )
  return { status: res.status, json: (await res.json()) as any }
}

/** A course with `telegram` students on Telegram and `discord` on Discord (accounts as the bots make them), and its author's API token. */
async function course(spec: { telegram: number; discord: number }) {
  const author = await makeStaff(ctx)
  const c = await makeCourse(ctx, author)
  const onTelegram: TelegramUser[] = []
  const onDiscord: DiscordUser[] = []
  for (let i = 0; i < spec.telegram; i++) {
    const u = tg.user({ first_name: `T${i}` })
    const { user } = await ctx.domain.accounts.registerFromPlatform({ platform: 'TELEGRAM', externalId: String(u.id), displayName: `T${i}` })
    await ctx.domain.enrolment.enrol(user.id, c.slug, 'TELEGRAM')
    onTelegram.push(u)
  }
  for (let i = 0; i < spec.discord; i++) {
    const u = dc.user({ username: `d${c.id}-${i}` })
    const { user } = await ctx.domain.accounts.registerFromPlatform({ platform: 'DISCORD', externalId: u.id, displayName: `D${i}` })
    await ctx.domain.enrolment.enrol(user.id, c.slug, 'DISCORD')
    onDiscord.push(u)
  }
  return { author, slug: c.slug, token: await tokenFor(ctx, author), onTelegram, onDiscord }
}

/** Announces through the API and waits until nothing is pending; returns the counts. */
async function announce(slug: string, token: string, input: { body: string }) {
  const created = await call(`/api/courses/${slug}/announcements`, token, input)
  expect(created.status).toBe(201)
  return finished(created.json.id, token)
}

async function finished(id: number, token: string) {
  const done = await until(
    () => call(`/api/announcements/${id}`, token),
    (r) => r.json.status === 'SENDING' && r.json.counts.pending === 0,
    `announcement ${id} to finish`,
    60_000,
  )
  return done.json.counts
}

const telegramTexts = (u: TelegramUser) => tg.state.botMessages(u.id).map((m) => m.text ?? m.caption)
const discordTexts = (u: DiscordUser) => dc.dm(u).fromBot.map((m) => m.message.content)
const dmOpens = () => dc.callsTo('POST /users/@me/channels').filter((c) => c.status === 200).map((c) => (c.body as { recipient_id: string }).recipient_id)

describe('an announcement with two worker processes', () => {
  it('reaches every enrolled student once on each platform, skips and counts those who blocked the bot until they write to it', async () => {
    const { slug, token, onTelegram, onDiscord } = await course({ telegram: 6, discord: 14 })
    const [blockedTg, blockedDc] = [onTelegram[0]!, onDiscord[0]!]
    blockedTg.block()
    blockedDc.closeDms()
    const opensBefore = dmOpens().length

    expect(await announce(slug, token, { body: 'Exam moved to **Friday**' })).toEqual({ total: 20, pending: 0, sent: 18, failed: 0, unreachable: 2, cancelled: 0 })
    for (const u of onTelegram.slice(1)) expect(telegramTexts(u)).toEqual(['Exam moved to Friday'])
    for (const u of onDiscord.slice(1)) expect(discordTexts(u)).toEqual(['Exam moved to **Friday**'])
    // 15 DM channels opened at 10/s by two processes, each once, and no 429 from either platform
    expect(dmOpens().slice(opensBefore).sort()).toEqual(onDiscord.map((u) => u.id).sort())
    expect(tg.calls.filter((c) => c.status === 429)).toEqual([])
    expect(dc.rateLimitHits).toEqual([])

    // next time the two are not tried at all
    const refusedBefore = [tg.calls.filter((c) => c.status === 403).length, dc.calls.filter((c) => c.code === 50007).length]
    expect(await announce(slug, token, { body: 'Second' })).toMatchObject({ total: 20, sent: 18, unreachable: 2 })
    expect([tg.calls.filter((c) => c.status === 403).length, dc.calls.filter((c) => c.code === 50007).length]).toEqual(refusedBefore)

    // they write to the bot (what both bots do on every update: the account is registered again) and are reachable
    blockedTg.unblock()
    blockedDc.openDms()
    await ctx.domain.accounts.registerFromPlatform({ platform: 'TELEGRAM', externalId: String(blockedTg.id), displayName: 'T0' })
    await ctx.domain.accounts.registerFromPlatform({ platform: 'DISCORD', externalId: blockedDc.id, displayName: 'D0' })
    expect(await announce(slug, token, { body: 'Third' })).toMatchObject({ total: 20, sent: 20, unreachable: 0 })
    expect(telegramTexts(blockedTg)).toEqual(['Third'])
    expect(discordTexts(blockedDc)).toEqual(['Third'])
    // DM channels are remembered by every process: none was opened again
    expect(dmOpens().length - opensBefore).toBe(14)
  }, 120_000)

  it('waits out a storm of 429s on both platforms with nothing lost and nothing sent twice', async () => {
    const { slug, token, onTelegram, onDiscord } = await course({ telegram: 8, discord: 8 })
    const tgLimited = tg.calls.filter((c) => c.status === 429).length
    const dcLimited = dc.rateLimitHits.length
    tg.failNext('sendMessage', { status: 429, retry_after: 1 }, 3)
    dc.forceRateLimit({ route: 'POST /channels/:channel_id/messages', global: true, retryAfter: 0.3 }, 3)

    expect(await announce(slug, token, { body: 'Storm' })).toMatchObject({ total: 16, sent: 16, failed: 0 })
    for (const u of onTelegram) expect(telegramTexts(u)).toEqual(['Storm'])
    for (const u of onDiscord) expect(discordTexts(u)).toEqual(['Storm'])
    expect(tg.calls.filter((c) => c.status === 429).length - tgLimited).toBeGreaterThanOrEqual(3)
    expect(dc.rateLimitHits.length - dcLimited).toBeGreaterThanOrEqual(3)
  }, 120_000)

  it('sends an image announcement to each student once, uploading it each time and caching no file id for it', async () => {
    const { author, slug, token, onTelegram, onDiscord } = await course({ telegram: 2, discord: 2 })
    const png = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'))
    const image = await ctx.files.save(png, 'poster.png', 'image/png')
    const uploads = () => tg.callsTo('sendPhoto').filter((c) => c.ok && typeof c.params.photo === 'object').length

    // the API takes no image (the panel's form will): through the domain, as the panel does
    const delivery = await ctx.domain.delivery.announce(actor(author), slug, { body: 'See the **poster**', imagePath: image.path })
    expect(await finished(delivery.id, token)).toMatchObject({ total: 4, sent: 4, failed: 0 })
    for (const u of onTelegram) {
      const got = tg.state.botMessages(u.id)
      expect(got.map((m) => [m.caption, Boolean(m.photo)])).toEqual([['See the poster', true]])
    }
    for (const u of onDiscord) {
      const got = dc.dm(u).fromBot
      expect(got.map((m) => [m.message.content, m.message.attachments.length])).toEqual([['See the **poster**', 1]])
    }
    // uploaded to each Telegram student, not sent by a file id cached under "content 0"
    expect(uploads()).toBe(2)
    expect(await ctx.db.prisma.platformFile.count()).toBe(0)
  }, 60_000)
})

describe('a 429 on the send path', () => {
  it('from Telegram holds Telegram for every process for its retry_after, and the refused message is sent once after it', async () => {
    const other = await openTestContext(env) // another worker process: its own Redis connection and pacer
    try {
      const u = tg.user({ first_name: 'Solo' })
      const before = tg.calls.length
      tg.failNext('sendMessage', { status: 429, retry_after: 2 })
      const plan = announcementPlan('Held', null, TELEGRAM_PROFILE)
      const sending = telegramMessenger(ctx).send({ platform: 'TELEGRAM', kind: 'user', chatId: String(u.id), locale: 'en' }, plan)

      await tg.waitForCall('sendMessage', (c) => c.status === 429 && Number(c.params.chat_id) === u.id)
      await until(() => other.ports.pacer.heldFor('TELEGRAM'), (ms) => ms > 0, 'the other process to see the hold')
      expect(await other.ports.pacer.tryAcquire({ platform: 'TELEGRAM', chat: 'someone-else' })).toMatchObject({ granted: false, reason: 'paused' })
      // Discord is not held
      expect(await other.ports.pacer.tryAcquire({ platform: 'DISCORD', chat: 'x' })).toMatchObject({ granted: true })

      await sending
      expect(tg.state.botMessages(u.id).map((m) => m.text)).toEqual(['Held'])
      const calls = tg.calls.slice(before).filter((c) => Number(c.params.chat_id) === u.id)
      expect(calls.map((c) => c.status)).toEqual([429, 200])
      // the message went again only once the hold was over, for the other process too
      expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(2000)
      expect(await other.ports.pacer.heldFor('TELEGRAM')).toBe(0)
    } finally {
      await other.close()
    }
  }, 30_000)

  it('from Discord (global) holds Discord for every process', async () => {
    const other = await openTestContext(env)
    try {
      const u = dc.user({ username: 'held-on-discord' })
      dc.forceRateLimit({ route: 'POST /channels/:channel_id/messages', global: true, retryAfter: 1.5 })
      const messenger = discordMessenger(ctx)
      const sending = messenger.send({ platform: 'DISCORD', kind: 'user', chatId: u.id, locale: 'en' }, announcementPlan('Held', null, messenger.profile))
      await until(() => other.ports.pacer.heldFor('DISCORD'), (ms) => ms > 0, 'the other process to see the hold')
      expect(await other.ports.pacer.tryAcquire({ platform: 'DISCORD', chat: 'someone-else' })).toMatchObject({ granted: false, reason: 'paused' })
      // Telegram is not held
      expect(await other.ports.pacer.tryAcquire({ platform: 'TELEGRAM', chat: 'y' })).toMatchObject({ granted: true })
      await sending
      expect(dc.dm(u).fromBot.map((m) => m.message.content)).toEqual(['Held'])
    } finally {
      await other.close()
    }
  }, 30_000)

  it('is avoided for DM channels: two processes together open them no faster than Discord allows', async () => {
    const other = await openTestContext(env)
    try {
      const users = Array.from({ length: 16 }, (_, i) => dc.user({ username: `fresh-${i}` }))
      const hitsBefore = dc.rateLimitHits.length
      const [a, b] = [discordMessenger(ctx), discordMessenger(other)]
      const plan = announcementPlan('Hello', null, a.profile)
      // both "processes" send to all their users at once
      await Promise.all(users.map((u, i) => (i % 2 ? a : b).send({ platform: 'DISCORD', kind: 'user', chatId: u.id, locale: 'en' }, plan)))
      for (const u of users) expect(discordTexts(u)).toEqual(['Hello'])
      expect(dc.rateLimitHits.slice(hitsBefore)).toEqual([])
    } finally {
      await other.close()
    }
  }, 30_000)
})
