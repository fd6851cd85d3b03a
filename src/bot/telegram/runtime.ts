// Builds the bot from the application context, once per context: in one
// process the telegram role and the api role's webhook route share it.
import { type Bot, GrammyError } from 'grammy'
import type { AppContext } from '../../context'
import { createRelay, type Relay } from '../../relay'
import { createBot } from './bot'
import { callbackCodecFor } from './callbacks'
import type { BotContext } from './context'
import type { BotDeps } from './deps'
import { TelegramRoomAdapter } from './room-adapter'
import { telegramApi, type TelegramMessenger, telegramMessengerFor } from './messenger'

const bots = new WeakMap<AppContext, Bot<BotContext>>()
const relays = new WeakMap<AppContext, Relay>()

export function telegramDeps(ctx: AppContext, overrides: Partial<BotDeps> = {}): BotDeps {
  const token = requireToken(ctx)
  return {
    domain: ctx.domain,
    files: ctx.files,
    logger: ctx.logger.child({ role: 'telegram' }),
    redis: ctx.redis.client,
    callbacks: callbackCodecFor(ctx.config.sessionSecret, token),
    // webhook updates may reach several api processes at once
    crossProcessLocks: ctx.config.telegram.mode === 'webhook',
    publicUrl: ctx.config.publicUrl,
    ...overrides,
  }
}

/**
 * The Telegram Messenger for processes without the bot (worker jobs): its own
 * Api whose 429s hold Telegram in every worker (the shared pacer), buttons signed with the bot's secret, so the
 * bot answers them.
 */
export function telegramMessenger(ctx: AppContext, logger = ctx.logger.child({ platform: 'telegram' })): TelegramMessenger {
  return telegramMessengerFor(telegramApi(requireToken(ctx), ctx.ports.pacer, ctx.config.telegram.apiRoot), telegramDeps(ctx, { logger }))
}

/** The course chat relay's Telegram side (worker role): its own Api, 429s handed to the relay queue. */
export function telegramRoomAdapter(ctx: AppContext): TelegramRoomAdapter {
  return new TelegramRoomAdapter(requireToken(ctx), ctx.config.telegram.apiRoot)
}

export function telegramBot(ctx: AppContext): Bot<BotContext> {
  let bot = bots.get(ctx)
  if (!bot) {
    bot = createBot(requireToken(ctx), telegramDeps(ctx, { relay: telegramRelay(ctx).router }), { apiRoot: ctx.config.telegram.apiRoot })
    bots.set(ctx, bot)
  }
  return bot
}

/** The relay the bot's group messages go into (one per context, like the bot). */
export function telegramRelay(ctx: AppContext): Relay {
  let relay = relays.get(ctx)
  if (!relay) relays.set(ctx, (relay = createRelay(ctx)))
  return relay
}

/** Closes the bot's relay queues (the role's stop). */
export async function closeTelegramRelay(ctx: AppContext): Promise<void> {
  const relay = relays.get(ctx)
  relays.delete(ctx)
  await relay?.close()
}

function requireToken(ctx: AppContext): string {
  const token = ctx.config.telegram.token
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is not set')
  return token
}

export const WEBHOOK_PATH = '/telegram/webhook'

/** A getMe that gets no answer (e.g. TELEGRAM_API_ROOT points at a black hole) is given up after this. */
const GET_ME_TIMEOUT_MS = 10_000

/**
 * getMe with a few quick retries, then fail: grammY's own bot.init() retries
 * network errors forever, which would hang start-up on a wrong TELEGRAM_API_ROOT.
 */
export async function initBot(bot: Bot<BotContext>, attempts = 3): Promise<void> {
  if (bot.isInited()) return
  for (let attempt = 1; ; attempt++) {
    try {
      // grammY types its signal after the abort-controller package; the global one works at run time
      const me = await bot.api.getMe(AbortSignal.timeout(GET_ME_TIMEOUT_MS) as Parameters<typeof bot.api.getMe>[0])
      if (!bot.isInited()) bot.botInfo = me
      return
    } catch (err) {
      const permanent = err instanceof GrammyError && err.error_code < 500 && err.error_code !== 429
      if (permanent || attempt >= attempts) throw err
      await new Promise((r) => setTimeout(r, 500 * attempt))
    }
  }
}
