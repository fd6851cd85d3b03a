// Conversation state in Redis (never process memory), so any bot process can
// serve any update. Lazy: Redis is read only by updates that use the session.
import { RedisAdapter } from '@grammyjs/storage-redis'
import { lazySession, type Middleware } from 'grammy'
import type { Redis } from 'ioredis'
import type { BotContext, SessionData } from '../context'

const SESSION_TTL_SECONDS = 30 * 24 * 3600

export function redisSession(redis: Redis): Middleware<BotContext> {
  const storage = new RedisAdapter<SessionData>({ instance: redis as never, ttl: SESSION_TTL_SECONDS })
  return lazySession<SessionData, BotContext>({
    storage,
    initial: () => ({}),
    // per person (not per chat): the bot only converses in private chats
    getSessionKey: (ctx) => (ctx.sender ? `tg:session:${ctx.sender.id}` : undefined),
  }) as Middleware<BotContext>
}
