// Redis connections. BullMQ workers need maxRetriesPerRequest: null; BullMQ
// never closes connections it is given, so everything opened here is closed by close().
//
// Commands on a request path (cache, sessions, rate limits, locks) fail fast
// while Redis is away: one retry and a short command timeout, so a caller can
// fall back or answer with a human message instead of hanging. An outage is
// logged once when it starts and once when it ends.
import { Redis, type RedisOptions } from 'ioredis'
import { redactUrlCredentials } from './logger'
import { ServiceUnreachableError, reasonOf } from './unreachable'

export type { Redis }

/** How long a command on a request path may wait for Redis before it fails. */
export const REDIS_COMMAND_TIMEOUT_MS = 1500
/** How long start-up waits for the first connection. */
const CONNECT_TIMEOUT_MS = 5000

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

/** True for the errors ioredis gives while Redis cannot be reached (timeouts, closed or retried-out connections). */
export function isRedisUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false
  return (
    err.name === 'MaxRetriesPerRequestError' ||
    /^(Command timed out|Connection is closed|Stream isn't writeable)/.test(err.message) ||
    /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE/.test(err.message)
  )
}

export interface RedisLog {
  warn(obj: object, msg: string): void
  info(obj: object, msg: string): void
}

export async function openRedis(url: string, keyPrefix: string, log?: RedisLog): Promise<RedisConnections> {
  const opened: Redis[] = []
  const make = (opts: RedisOptions = {}) => {
    // a blocking consumer (BullMQ: maxRetriesPerRequest null) must never have a command timeout
    const blocking = opts.maxRetriesPerRequest === null
    const r = new Redis(url, {
      lazyConnect: true,
      enableReadyCheck: true,
      connectTimeout: CONNECT_TIMEOUT_MS,
      maxRetriesPerRequest: 1,
      ...(blocking ? {} : { commandTimeout: REDIS_COMMAND_TIMEOUT_MS }),
      keyPrefix,
      ...opts,
    })
    opened.push(r)
    watchOutages(r, url, log)
    return r
  }
  const client = make()
  try {
    await client.connect()
  } catch (err) {
    client.disconnect()
    throw new ServiceUnreachableError('redis', `cannot connect to Redis at ${redactUrlCredentials(url)} (${reasonOf(err)}): start it or set REDIS_URL`)
  }
  return {
    prefix: keyPrefix,
    client,
    duplicate: make,
    ping: async () => void (await client.ping()),
    async close() {
      await Promise.all(opened.map((r) => (r.status === 'ready' ? r.quit().catch(() => r.disconnect()) : r.disconnect())))
    },
  }
}

/** One warning when a connection loses Redis and one line when it is back (ioredis reconnects by itself). */
function watchOutages(r: Redis, url: string, log: RedisLog | undefined) {
  let down = false
  let wasReady = false
  r.on('error', (err: Error) => {
    if (down || !wasReady) return
    down = true
    log?.warn({ redis: redactUrlCredentials(url), err: err.message }, 'Redis is unreachable; requests fall back where they can, reconnecting')
  })
  r.on('ready', () => {
    if (down) log?.info({ redis: redactUrlCredentials(url) }, 'Redis is reachable again')
    down = false
    wasReady = true
  })
}
