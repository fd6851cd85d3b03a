// Panel sessions live in Redis (never in process memory), so every admin
// process sees the same sessions and a restart signs nobody out.
// connect-redis 10 speaks the node-redis v5 client API; the project uses
// ioredis, so this adapter maps the handful of calls the store makes.
import { RedisStore } from 'connect-redis'
import type { Redis } from '../infra/redis'

// ioredis adds its keyPrefix to the keys a command names, but not to a SCAN
// pattern nor to the keys SCAN returns: the facade does both, so the store only
// ever sees this installation's sessions.
function nodeRedisFacade(redis: Redis) {
  const namespace = redis.options.keyPrefix ?? ''
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
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}${opts.MATCH}`, 'COUNT', opts.COUNT)
        cursor = next
        if (keys.length) yield keys.map((k) => k.slice(namespace.length))
      } while (cursor !== '0')
    },
  }
}

export const SESSION_PREFIX = 'admin-sess:'

export function createSessionStore(redis: Redis, ttlSeconds: number): RedisStore {
  return new RedisStore({ client: nodeRedisFacade(redis) as never, prefix: SESSION_PREFIX, ttl: ttlSeconds })
}

/**
 * The panel's cookie name carries the installation's namespace: browsers share
 * cookies across the ports of one host, so two local panels would otherwise
 * overwrite (and end) each other's sessions.
 */
export function sessionCookieName(redisPrefix: string): string {
  return `tm_admin_${redisPrefix.replace(/:+$/, '').replace(/[^A-Za-z0-9_-]/g, '_')}`
}
