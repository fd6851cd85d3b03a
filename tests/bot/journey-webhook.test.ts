// The same journey in webhook mode: the simulator POSTs updates to the real
// api role (Elysia) at /telegram/webhook, which checks the secret token.
import { connect, createServer, type Socket } from 'node:net'
import { Writable } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { startApiRole } from '../../src/api/server'
import { telegramWebhookRoute } from '../../src/bot/telegram/webhook'
import { createLogger } from '../../src/infra/logger'
import { startTelegramSimulator } from '../fakes/telegram'
import { openTestContext, resetData } from '../fixtures/context'
import { barrier, expectNoFailedCalls, freePort, type Harness, startHarness, Student, WEBHOOK_SECRET } from './harness'
import { studentJourney } from './journey'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

describe('telegram bot: webhook through the API', () => {
  it('registers the webhook with the secret and serves the whole journey', async () => {
    h = await startHarness({ mode: 'webhook' })
    expect(h.sim.webhook).toMatchObject({ url: `${h.apiUrl}/telegram/webhook`, secret_token: WEBHOOK_SECRET })
    expect(h.sim.webhook?.allowed_updates).toEqual(['message', 'edited_message', 'callback_query', 'poll_answer', 'my_chat_member', 'chat_join_request'])
    await studentJourney(h)
    await h.sim.drained()
    expect(h.sim.webhookDeliveries.length).toBeGreaterThan(10)
    expect(h.sim.webhookDeliveries.every((d) => d.status === 200 && d.secretToken === WEBHOOK_SECRET)).toBe(true)
    expectNoFailedCalls(h.sim)
  })

  it('answers 401 to a wrong or missing secret and runs nothing', async () => {
    h = await startHarness({ mode: 'webhook' })
    const update = {
      update_id: 999_001,
      message: { message_id: 1, date: 1, chat: { id: 4242, type: 'private', first_name: 'Mallory' }, from: { id: 4242, is_bot: false, first_name: 'Mallory' }, text: '/start', entities: [{ type: 'bot_command', offset: 0, length: 6 }] },
    }
    const post = (headers: Record<string, string>) =>
      fetch(`${h!.apiUrl}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(update) })
    const callsBefore = h.sim.calls.length
    const attempts: Array<Record<string, string>> = [{}, { 'x-telegram-bot-api-secret-token': 'wrong' }, { 'x-telegram-bot-api-secret-token': `${WEBHOOK_SECRET}x` }]
    for (const headers of attempts) {
      const res = await post(headers)
      expect(res.status).toBe(401)
      expect(await res.json()).toMatchObject({ error: 'unauthenticated' })
    }
    // an update of the same user through the right door is handled after anything those calls started
    await barrier(h.sim, h.sim.user({ id: 4242, first_name: 'Mallory' }))
    expect(h.sim.calls.slice(callsBefore).map((c) => c.method)).toEqual(['answerCallbackQuery']) // only the barrier's: no handler ran
    expect(await h.ctx.domain.accounts.findByPlatform('TELEGRAM', '4242')).toBeNull()

    // Telegram itself with a wrong secret: refused (401) and re-delivered once the secret is right
    await h.sim.api('setWebhook', { url: `${h.apiUrl}/telegram/webhook`, secret_token: 'not_the_secret' })
    const bob = new Student(h.sim, h.sim.user({ first_name: 'Bob', language_code: 'en' }))
    bob.user.sendText('/help')
    await h.sim.waitUntil(() => h!.sim.webhookDeliveries.filter((d) => d.status === 401).length >= 2)
    expect(bob.messages).toHaveLength(0)
    await h.sim.api('setWebhook', { url: `${h.apiUrl}/telegram/webhook`, secret_token: WEBHOOK_SECRET })
    await h.sim.waitFor({ chatId: bob.id, text: /What I can do/ })
    expect(bob.messages).toHaveLength(1)

    // the right secret with a body that is not an update: 400, nothing runs
    const res = await fetch(`${h.apiUrl}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }, body: '{"hello":1}' })
    expect(res.status).toBe(400)
  })
})

describe('telegram bot: webhook while the Bot API is unreachable', () => {
  it('the API starts and serves /health; webhook calls get 503 (Telegram retries) until getMe works', async () => {
    const sim = await startTelegramSimulator({ limits: false, webhookRetryMs: 50 })
    const [apiPort, botApiPort] = [await freePort(), await freePort()] // nothing listens on botApiPort yet
    const apiUrl = `http://127.0.0.1:${apiPort}`
    const ctx = await openTestContext({
      TELEGRAM_BOT_TOKEN: sim.token,
      TELEGRAM_API_ROOT: `http://127.0.0.1:${botApiPort}`,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
      PORT: String(apiPort),
      PUBLIC_URL: apiUrl,
    })
    const logs: string[] = [] // the bot is built (with its logger) when the route is made
    const destination = new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk))
        done()
      },
    })
    ctx.logger = createLogger({ level: 'info', pretty: false, destination })
    let proxy: { close(): Promise<void> } | undefined
    let api: Awaited<ReturnType<typeof startApiRole>> | undefined
    try {
      await resetData(ctx)
      api = await startApiRole(ctx, [telegramWebhookRoute(ctx)])
      const health = await fetch(`${apiUrl}/health`)
      expect(health.status).toBe(200)

      const update = { update_id: 1, message: { message_id: 1, date: 1, chat: { id: 4343, type: 'private', first_name: 'Pat' }, from: { id: 4343, is_bot: false, first_name: 'Pat' }, text: '/help', entities: [{ type: 'bot_command', offset: 0, length: 5 }] } }
      const res = await fetch(`${apiUrl}/telegram/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }, body: JSON.stringify(update) })
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('5')
      expect(await ctx.domain.accounts.findByPlatform('TELEGRAM', '4343')).toBeNull() // nothing ran
      expect(logs.join('')).toMatch(/getMe failed; webhook calls get 503/)

      // Telegram delivers an update: refused while the Bot API is unreachable, delivered again later
      await sim.api('setWebhook', { url: `${apiUrl}/telegram/webhook`, secret_token: WEBHOOK_SECRET })
      const pat = new Student(sim, sim.user({ id: 4344, first_name: 'Pat', language_code: 'en' }))
      pat.user.sendText('/help')
      await sim.waitUntil(() => sim.webhookDeliveries.filter((d) => d.status === 503).length >= 2)
      expect(pat.messages).toHaveLength(0)

      // the Bot API comes back (at the configured address): the next delivery is handled
      proxy = await tcpProxy(botApiPort, Number(new URL(sim.apiRoot).port))
      await sim.waitFor({ chatId: pat.id, text: /^What I can do/ })
      await sim.drained()
      expect(sim.webhookDeliveries.at(-1)?.status).toBe(200)
      expect(logs.join('')).toMatch(/getMe works again/)

      const secretPart = sim.token.split(':')[1]!
      expect(logs.join('')).not.toContain(secretPart)
    } finally {
      await api?.stop()
      await proxy?.close()
      await sim.close()
      await ctx.close()
    }
  })
})

/** Forwards TCP connections from 127.0.0.1:`from` to 127.0.0.1:`to`; close() also cuts open connections. */
async function tcpProxy(from: number, to: number): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    const upstream = connect(to, '127.0.0.1')
    for (const s of [socket, upstream]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
    }
    socket.pipe(upstream).pipe(socket)
    socket.on('error', () => upstream.destroy())
    upstream.on('error', () => socket.destroy())
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(from, '127.0.0.1', () => resolve())
  })
  return {
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve())
      for (const s of sockets) s.destroy()
    }),
  }
}
