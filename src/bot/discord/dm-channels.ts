// The DM channel between the bot and each user, shared by every process in
// Redis: opening one (POST /users/@me/channels) is rate limited, and the
// channel of a (bot, user) pair never changes, so it is opened once per
// installation rather than once per process. A channel Discord no longer
// knows is forgotten and opened again.
import type { Redis } from 'ioredis'

const KEY = 'dc:dm-channel'

export interface DmChannelStore {
  get(userId: string): Promise<string | null>
  set(userId: string, channelId: string): Promise<void>
  forget(userId: string): Promise<void>
}

export function redisDmChannels(redis: Redis): DmChannelStore {
  return {
    get: (userId) => redis.hget(KEY, userId),
    async set(userId, channelId) {
      await redis.hset(KEY, userId, channelId)
    },
    async forget(userId) {
      await redis.hdel(KEY, userId)
    },
  }
}
