// The `telegram` role. Polling (default): @grammyjs/runner fetches updates and
// processes them concurrently (sequentialized per chat); stop() finishes the
// updates in flight. Webhook: registers `${PUBLIC_URL}/telegram/webhook` with
// the secret token; the api role (this or another process) serves the route.
import { run, type RunnerHandle } from '@grammyjs/runner'
import type { AppContext } from '../../context'
import type { RunningRole } from '../../roles/types'
import { ALLOWED_UPDATES } from './bot'
import { setCommandMenus } from './commands'
import { botI18n } from './i18n'
import { safeError, sanitized } from './log-safety'
import { closeTelegramRelay, initBot, telegramBot, WEBHOOK_PATH } from './runtime'

/** How long stop() waits for updates in flight (main.ts gives all roles 10 s). */
const DRAIN_TIMEOUT_MS = 8_000

export interface TelegramRoleOptions {
  /** Whether this process also runs the api role (which serves the webhook route). */
  webhookServedHere: boolean
  /** Long polling: how long failed getUpdates calls are retried before the role fails (default 1 hour). */
  maxRetryTimeMs?: number
}

export async function startTelegramRole(ctx: AppContext, opts: TelegramRoleOptions): Promise<RunningRole> {
  const bot = telegramBot(ctx)
  const log = ctx.logger.child({ role: 'telegram' })
  const { mode, webhookSecret, apiRoot } = ctx.config.telegram
  // errors here may carry the token in a URL: rethrow them sanitized (main.ts logs them whole)
  const step = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn()
    } catch (err) {
      throw sanitized(err, `telegram start-up failed at ${what} (Bot API at ${apiRoot})`)
    }
  }
  await step('getMe', () => initBot(bot)) // fails fast on a wrong token or an unreachable API
  await step('setMyCommands', () => setCommandMenus(bot.api, botI18n()))

  if (mode === 'webhook') {
    const url = `${ctx.config.publicUrl}${WEBHOOK_PATH}`
    await step('setWebhook', () => bot.api.setWebhook(url, { secret_token: webhookSecret, allowed_updates: [...ALLOWED_UPDATES], max_connections: 40 }))
    log.info({ bot: bot.botInfo.username, url, servedHere: opts.webhookServedHere }, 'telegram webhook registered')
    if (!opts.webhookServedHere) log.info('the webhook route is served by the api role; run it (ROLES=api) where PUBLIC_URL points')
    // leaving the webhook set on stop is deliberate: other processes may still serve it
    return { name: 'telegram', stop: () => closeTelegramRelay(ctx) }
  }

  // a webhook left over from webhook mode would make getUpdates fail with 409
  await step('deleteWebhook', () => bot.api.deleteWebhook({ drop_pending_updates: false }))
  const runner: RunnerHandle = run(bot, {
    // silent: the runner would print raw errors (with the token in URLs); failed polls are logged by bot.ts
    runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] }, silent: true, retryInterval: 'exponential', maxRetryTime: opts.maxRetryTimeMs ?? 60 * 60 * 1000 },
    sink: { concurrency: 200 },
  })
  let stopping = false
  // settles when polling gives up (Bot API unreachable for maxRetryTime, 401, 409: another
  // process polls with this token); main.ts then exits so that a supervisor restarts us.
  // Never settles after stop().
  const failed = new Promise<Error>((resolve) => {
    const task = runner.task()
    if (!task) return resolve(new Error('telegram long polling did not start'))
    task.then(
      () => {
        if (!stopping) resolve(new Error('telegram long polling ended unexpectedly'))
      },
      (err: unknown) => {
        if (stopping) return
        log.fatal({ err: safeError(err) }, 'telegram polling gave up')
        resolve(sanitized(err, `telegram long polling gave up (Bot API at ${apiRoot})`))
      },
    )
  })
  log.info({ bot: bot.botInfo.username }, 'telegram long polling started')
  return {
    name: 'telegram',
    failed,
    async stop() {
      stopping = true
      await runner.stop() // stops fetching; updates already fetched keep running in the sink
      // runner 2.0.3 resolves stop() once fetching ends, not when the sink is empty: wait for it
      const deadline = Date.now() + DRAIN_TIMEOUT_MS
      while (runner.size() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
      if (runner.size() > 0) log.warn({ inFlight: runner.size() }, 'telegram updates still running at shutdown')
      await closeTelegramRelay(ctx)
      log.info('telegram polling stopped')
    },
  }
}
