// Redis connections. BullMQ workers need maxRetriesPerRequest: null; BullMQ
// never closes connections it is given, so everything opened here is closed by close().
import { Redis, type RedisOptions } from 'ioredis'

export type { Redis }

export interface RedisConnections {
  /** This installation's namespace (ends in ":"): ioredis adds it to every key; channels and BullMQ take it from here. */
  prefix: string
  /** Commands (cache, sessions, rate limits). */
  client: Redis
  /** A new connection for a blocking consumer or a subscriber; closed with the rest. */
  duplicate(opts?: RedisOptions): Redis
  ping(): Promise<void>
  close(): Promise<void>
}

export async function openRedis(url: string, keyPrefix: string): Promise<RedisConnections> {
  const opened: Redis[] = []
  const make = (opts: RedisOptions = {}) => {
    const r = new Redis(url, { lazyConnect: true, enableReadyCheck: true, maxRetriesPerRequest: 3, keyPrefix, ...opts })
    opened.push(r)
    return r
  }
  const client = make()
  await client.connect()
  return {
    prefix: keyPrefix,
    client,
    duplicate: make,
    ping: async () => void (await client.ping()),
    async close() {
      await Promise.all(opened.map((r) => r.quit().catch(() => r.disconnect())))
    },
  }
}
