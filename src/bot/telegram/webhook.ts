// The Telegram webhook route for the api role: POST /telegram/webhook. The
// X-Telegram-Bot-Api-Secret-Token header is compared (constant time) before
// anything else; a wrong or missing one gets 401 and no handler runs.
import { timingSafeEqual } from 'node:crypto'
import { webhookCallback } from 'grammy'
import type { AppContext } from '../../context'
import { sanitized } from './log-safety'
import { initBot, telegramBot, WEBHOOK_PATH } from './runtime'

const SECRET_HEADER = 'x-telegram-bot-api-secret-token'

/** Adds the webhook route to an Elysia app (see src/api/index.ts `extraRoutes`). */
export async function telegramWebhookRoute(ctx: AppContext) {
  const secret = ctx.config.telegram.webhookSecret
  if (!secret) throw new Error('TELEGRAM_WEBHOOK_SECRET is required for the webhook route')
  const bot = telegramBot(ctx)
  try {
    await initBot(bot)
  } catch (err) {
    throw sanitized(err, `telegram webhook route: getMe failed (Bot API at ${ctx.config.telegram.apiRoot})`)
  }
  // answer Telegram within 8 s even if an update takes longer (it keeps running),
  // so a slow update is not delivered twice
  const handle = webhookCallback(bot, 'elysia', { secretToken: secret, onTimeout: 'return', timeoutMilliseconds: 8_000 })
  const log = ctx.logger.child({ role: 'telegram', route: WEBHOOK_PATH })
  // biome-ignore lint: Elysia's generic app type is not needed here
  return <App extends { post: (...args: any[]) => any }>(app: App): App =>
    app.post(WEBHOOK_PATH, async (c: { headers: Record<string, string | undefined>; set: { status?: number | string }; body: unknown }) => {
      if (!secretMatches(c.headers[SECRET_HEADER], secret)) {
        log.warn('webhook call with a wrong or missing secret token')
        c.set.status = 401
        return { error: 'unauthenticated', message: 'Wrong secret token' }
      }
      if (!c.body || typeof c.body !== 'object' || typeof (c.body as { update_id?: unknown }).update_id !== 'number') {
        c.set.status = 400
        return { error: 'bad_request', message: 'Not a Telegram update' }
      }
      return handle(c as never)
    })
}

function secretMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
