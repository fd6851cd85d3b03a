// Per-user limit on messages (commands and text) in private chats, counted in
// Redis so that it holds across bot processes. Button presses are not limited
// (they are cheap and sequentialized per chat). It runs before i18n, so a
// flood costs one Redis INCR per message and no database work.
import type { I18n } from '@grammyjs/i18n'
import { limit } from '@grammyjs/ratelimiter'
import type { Middleware } from 'grammy'
import type { Redis } from 'ioredis'
import type { BotContext } from '../context'

export function rateLimitMessages(redis: Redis, i18n: I18n<BotContext>, opts: { limit: number; windowMs: number }): Middleware<BotContext> {
  return limit<BotContext, Redis>({
    timeFrame: opts.windowMs,
    limit: opts.limit,
    storageClient: redis,
    keyPrefix: 'tg:ratelimit:',
    keyGenerator: (ctx) => (ctx.message && ctx.chat?.type === 'private' && ctx.from ? String(ctx.from.id) : undefined),
    onLimitExceeded: async (ctx) => {
      ctx.log.info('rate limited')
      // the first excess message gets one answer; later ones are dropped silently
      const { locale } = await ctx.student()
      await ctx.reply(i18n.t(locale, 'rate-limited')).catch(() => undefined)
    },
  }) as Middleware<BotContext>
}
