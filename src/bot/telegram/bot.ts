// createBot(token, deps): the grammY bot with its middleware chain. The same
// bot serves long polling (role.ts, @grammyjs/runner) and webhooks (webhook.ts).
import { autoRetry } from '@grammyjs/auto-retry'
import { sequentialize } from '@grammyjs/runner'
import { Bot, type BotError } from 'grammy'
import type { UserFromGetMe } from 'grammy/types'
import { decodeCallbacks } from './callbacks'
import { type BotContext, createContextConstructor } from './context'
import type { BotDeps } from './deps'
import { catalogFeature } from './features/catalog'
import { groupFeature } from './features/group'
import { fallbackFeature, helpFeature } from './features/help'
import { deliverFeature } from './features/deliver'
import { langFeature } from './features/lang'
import { learnFeature } from './features/learn'
import { linkFeature } from './features/link'
import { progressFeature } from './features/progress'
import { quizFeature } from './features/quiz'
import { remindersFeature } from './features/reminders'
import { roomFeature } from './features/room'
import { startFeature } from './features/start'
import { botI18n } from './i18n'
import { redactToken, safeError } from './log-safety'
import { errorBoundary, reportFailure } from './middlewares/error-boundary'
import { crossProcessLock } from './middlewares/cross-process-lock'
import { rateLimitMessages } from './middlewares/rate-limit'
import { redisSession } from './middlewares/session'

export interface CreateBotOptions {
  /** Bot API base URL (TELEGRAM_API_ROOT). */
  apiRoot?: string
  /** Skip getMe at start (tests, benchmarks). */
  botInfo?: UserFromGetMe
}

export const DEFAULT_RATE_LIMIT = { limit: 12, windowMs: 10_000 }

/** Updates the bot asks Telegram for. */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'poll_answer', 'my_chat_member', 'chat_join_request'] as const

export function createBot(token: string, deps: BotDeps, options: CreateBotOptions = {}): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, {
    ContextConstructor: createContextConstructor(deps),
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    client: { ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}) },
  })
  // 429 (after retry_after) and 5xx are retried. Network errors are not: a lost
  // response would make a retried sendMessage arrive twice (the runner retries its polls itself)
  bot.api.config.use(autoRetry({ maxRetryAttempts: 6, maxDelaySeconds: 120, rethrowHttpErrors: true }))
  // failed polls are otherwise invisible (the runner runs silent); handler calls fail into the error boundary
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal)
      if (!result.ok && method === 'getUpdates') deps.logger.warn({ method, error_code: result.error_code, description: redactToken(result.description) }, 'getUpdates failed')
      return result
    } catch (err) {
      if (method === 'getUpdates' && !signal?.aborted) deps.logger.warn({ err: safeError(err) }, 'getUpdates failed')
      throw err
    }
  })
  const i18n = botI18n()

  // one update at a time per chat and per user (sessions, ordering of replies)
  bot.use(sequentialize(constraints))
  if (deps.crossProcessLocks) bot.use(crossProcessLock(deps.redis, constraints))
  bot.use(timing)
  bot.use(errorBoundary(i18n))
  if (deps.rateLimit !== false) bot.use(rateLimitMessages(deps.redis, i18n, deps.rateLimit ?? DEFAULT_RATE_LIMIT))
  // blocked / unblocked / added to a group: noted, nothing to answer (and no database work)
  bot.on('my_chat_member', (ctx) => ctx.log.info({ status: ctx.myChatMember.new_chat_member.status, chat_type: ctx.chat.type }, 'bot membership changed'))
  bot.use(i18n.middleware())
  bot.use(roomFeature) // course chats: bound groups' messages to the relay, /bind, moderation, join requests, /web
  bot.use(groupFeature) // groups end here
  bot.use(redisSession(deps.redis))
  bot.use(decodeCallbacks())
  bot.use(startFeature, catalogFeature, learnFeature, quizFeature, progressFeature, linkFeature, langFeature, remindersFeature, deliverFeature, helpFeature)
  bot.use(fallbackFeature)

  bot.catch((err: BotError<BotContext>) => {
    // the error boundary handles handler failures; this catches the rest (it must never throw)
    const ctx = err.ctx
    void reportFailure(ctx, err.error, i18n).catch(() => undefined)
  })
  return bot
}

/** What must not run at the same time: updates of one chat, and of one person. */
export function constraints(ctx: BotContext): string[] {
  const keys: string[] = []
  if (ctx.chat) keys.push(`c${ctx.chat.id}`)
  if (ctx.sender) keys.push(`u${ctx.sender.id}`)
  return keys
}

async function timing(ctx: BotContext, next: () => Promise<void>) {
  const started = performance.now()
  await next()
  if (ctx.log.isLevelEnabled('debug')) ctx.log.debug({ ms: Math.round(performance.now() - started) }, 'update handled')
}
