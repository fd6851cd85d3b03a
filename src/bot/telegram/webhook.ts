// The Telegram webhook route for the api role: POST /telegram/webhook. The
// X-Telegram-Bot-Api-Secret-Token header is compared (constant time) before
// anything else; a wrong or missing one gets 401 and no handler runs.
//
// Mounting the route does not talk to Telegram, so the HTTP API starts even
// when the Bot API is down or TELEGRAM_API_ROOT is wrong. The bot learns who it
// is (getMe) on the first update instead; while that fails, webhook calls get
// 503 and Telegram delivers the update again later.
import { timingSafeEqual } from 'node:crypto'
import { webhookCallback } from 'grammy'
import type { AppContext } from '../../context'
import { safeError } from './log-safety'
import { initBot, telegramBot, WEBHOOK_PATH } from './runtime'

const SECRET_HEADER = 'x-telegram-bot-api-secret-token'
/** How long a webhook call waits for getMe before answering 503 (getMe goes on in the background). */
const INIT_WAIT_MS = 5_000
/** Seconds Telegram is told to wait before delivering again while getMe fails. */
const RETRY_AFTER_S = 5

// biome-ignore lint: Elysia's generic app type is not needed here
type ElysiaLike = { post: (...args: any[]) => any }
type RouteContext = { headers: Record<string, string | undefined>; set: { status?: number | string; headers: Record<string, string | number> }; body: unknown }

/** Adds the webhook route to an Elysia app (see src/api/index.ts `extraRoutes`). Makes no network call. */
export function telegramWebhookRoute(ctx: AppContext) {
  const secret = ctx.config.telegram.webhookSecret
  if (!secret) throw new Error('TELEGRAM_WEBHOOK_SECRET is required for the webhook route')
  const bot = telegramBot(ctx)
  const log = ctx.logger.child({ role: 'telegram', route: WEBHOOK_PATH })
  const ready = lazyInit(() => initBot(bot, 1), () => bot.isInited(), ctx.config.telegram.apiRoot, log)
  // answer Telegram within 8 s even if an update takes longer (it keeps running),
  // so a slow update is not delivered twice. By the time it runs, the bot is initialised.
  const handle = webhookCallback(bot, 'elysia', { secretToken: secret, onTimeout: 'return', timeoutMilliseconds: 8_000 })
  return <App extends ElysiaLike>(app: App): App =>
    app.post(WEBHOOK_PATH, async (c: RouteContext) => {
      if (!secretMatches(c.headers[SECRET_HEADER], secret)) {
        log.warn('webhook call with a wrong or missing secret token')
        c.set.status = 401
        return { error: 'unauthenticated', message: 'Wrong secret token' }
      }
      if (!c.body || typeof c.body !== 'object' || typeof (c.body as { update_id?: unknown }).update_id !== 'number') {
        c.set.status = 400
        return { error: 'bad_request', message: 'Not a Telegram update' }
      }
      if (!(await ready())) {
        // not 2xx: Telegram keeps the update and delivers it again
        c.set.status = 503
        c.set.headers['retry-after'] = String(RETRY_AFTER_S)
        return { error: 'unavailable', message: 'The bot cannot reach the Telegram Bot API yet; try again later' }
      }
      return handle(c as never)
    })
}

/**
 * Initialises the bot on demand, one attempt at a time (concurrent webhook calls
 * share it). Resolves true once the bot is ready, false if this attempt failed or
 * takes longer than INIT_WAIT_MS. Never rejects; failures are logged without the token.
 */
function lazyInit(init: () => Promise<void>, isReady: () => boolean, apiRoot: string | undefined, log: AppContext['logger']): () => Promise<boolean> {
  let attempt: Promise<boolean> | undefined
  let failures = 0
  return async () => {
    if (isReady()) return true
    attempt ??= init().then(
      () => {
        if (failures > 0) log.info({ failures }, 'telegram webhook: getMe works again; handling updates')
        failures = 0
        return true
      },
      (err: unknown) => {
        failures++
        log.error({ err: safeError(err), apiRoot, failures }, 'telegram webhook: getMe failed; webhook calls get 503 until it works')
        return false
      },
    ).finally(() => {
      attempt = undefined
    })
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), INIT_WAIT_MS)
    })
    try {
      return await Promise.race([attempt, timeout])
    } finally {
      clearTimeout(timer)
    }
  }
}

function secretMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
