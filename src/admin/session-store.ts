// Panel sessions live in Redis (never in process memory), so every admin
// process sees the same sessions and a restart signs nobody out.
// connect-redis 10 speaks the node-redis v5 client API; the project uses
// ioredis, so this adapter maps the handful of calls the store makes.
import { RedisStore } from 'connect-redis'
import type { Redis } from '../infra/redis'

function nodeRedisFacade(redis: Redis) {
  return {
    get: (key: string) => redis.get(key),
    async set(key: string, value: string, opts?: { expiration?: { type: 'EX'; value: number } }) {
      return opts?.expiration ? redis.set(key, value, 'EX', opts.expiration.value) : redis.set(key, value)
    },
    expire: (key: string, seconds: number) => redis.expire(key, seconds),
    del: (keys: string | string[]) => redis.del(...(Array.isArray(keys) ? keys : [keys])),
    mGet: (keys: string[]) => redis.mget(...keys),
    async *scanIterator(opts: { MATCH: string; COUNT: number }) {
      let cursor = '0'
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', opts.MATCH, 'COUNT', opts.COUNT)
        cursor = next
        if (keys.length) yield keys
      } while (cursor !== '0')
    },
  }
}

export const SESSION_PREFIX = 'admin-sess:'

export function createSessionStore(redis: Redis, ttlSeconds: number): RedisStore {
  return new RedisStore({ client: nodeRedisFacade(redis) as never, prefix: SESSION_PREFIX, ttl: ttlSeconds })
}
