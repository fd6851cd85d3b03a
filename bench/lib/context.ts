// The world every benchmark starts from: a fresh database on the local
// PostgreSQL, Redis database 14 (BENCH_REDIS_URL) under the bench's own key
// prefix, production settings and quiet logs.
import { loadConfig } from '../../src/config'
import { type AppContext, openContext } from '../../src/context'
import { createLogger } from '../../src/infra/logger'
import { LOCAL_ADMIN_URL, createFreshDatabase, dropDatabase } from '../../src/infra/postgres-admin'

/** Where scratch databases are created and dropped. */
export const ADMIN_URL = process.env.TEST_POSTGRES_ADMIN_URL ?? LOCAL_ADMIN_URL

export async function openBenchContext(opts: { database: string; redisKeyPrefix?: string; env?: Record<string, string> }): Promise<AppContext> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: await createFreshDatabase(opts.database, ADMIN_URL),
    REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/14',
    SESSION_SECRET: 'bench-session-secret-bench-session-secret',
    ADMIN_EMAIL: 'admin@bench.test',
    ADMIN_PASSWORD: 'bench-admin-password',
    DATA_DIR: `/tmp/${opts.database}-${process.pid}`,
    LOG_LEVEL: 'warn',
    ...opts.env,
  })
  const logger = createLogger({ level: 'warn', pretty: false })
  return openContext(config, logger, { migrate: true, ...(opts.redisKeyPrefix ? { redisKeyPrefix: opts.redisKeyPrefix } : {}) })
}

/**
 * Leaves nothing behind: the bench's Redis keys (under its prefix), its
 * connections and its scratch database. Dropping the database ends any
 * connection still open (PostgreSQL 57P01): expected here, not an error.
 */
export async function closeBenchContext(ctx: AppContext, opts: { database: string; redisKeyPrefix: string }): Promise<void> {
  const raw = ctx.redis.duplicate({ keyPrefix: '' })
  let cursor = '0'
  do {
    const [next, found] = await raw.scan(cursor, 'MATCH', `${opts.redisKeyPrefix}*`, 'COUNT', 1000)
    cursor = next
    if (found.length) await raw.del(...found)
  } while (cursor !== '0')
  raw.disconnect()
  await ctx.close()
  process.on('uncaughtException', (err: { code?: string }) => {
    if (err?.code !== '57P01') throw err
  })
  await dropDatabase(opts.database, ADMIN_URL)
}
