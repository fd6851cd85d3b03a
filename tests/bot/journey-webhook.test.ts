// The same journey in webhook mode: the simulator POSTs updates to the real
// api role (Elysia) at /telegram/webhook, which checks the secret token.
import { afterEach, describe, expect, it } from 'vitest'
import { expectNoFailedCalls, type Harness, settle, startHarness, Student, WEBHOOK_SECRET } from './harness'
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
    expect(h.sim.webhook?.allowed_updates).toEqual(['message', 'callback_query', 'poll_answer', 'my_chat_member'])
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
    await settle(200)
    expect(h.sim.calls.length).toBe(callsBefore) // no handler ran: nothing was sent
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
