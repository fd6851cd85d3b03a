// The world every benchmark starts from: a fresh database on the local
// PostgreSQL, Redis database 14 (BENCH_REDIS_URL) under the bench's own key
// prefix, production settings and quiet logs.
import { loadConfig } from '../../src/config'
import { type AppContext, openContext } from '../../src/context'
import { createLogger } from '../../src/infra/logger'
import { LOCAL_ADMIN_URL, createFreshDatabase } from '../../src/infra/postgres-admin'

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
