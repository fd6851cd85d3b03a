// Opens the outside systems and builds the domain on them: what every role,
// script and integration test starts from. main.ts decides which roles run.
import type { Config } from './config'
import { createDomain, type Domain, type DomainPorts } from './domain'
import type { FileStorage } from './domain/uploads'
import { createPorts } from './infra'
import { type Database, openDatabase } from './infra/database'
import { DiskFileStorage } from './infra/file-storage'
import type { Logger } from './infra/logger'
import { applyMigrations } from './infra/migrations'
import { type RedisConnections, openRedis } from './infra/redis'

export interface AppContext {
  config: Config
  logger: Logger
  db: Database
  redis: RedisConnections
  ports: DomainPorts
  domain: Domain
  files: FileStorage
  close(): Promise<void>
}

export async function openContext(config: Config, logger: Logger, opts: { migrate?: boolean; redisKeyPrefix?: string } = {}): Promise<AppContext> {
  // (tests may name their own namespace; everything below reads it from config)
  if (opts.redisKeyPrefix) config = { ...config, redisPrefix: opts.redisKeyPrefix }
  const db = await openDatabase(config)
  let redis: RedisConnections
  try {
    if (opts.migrate) {
      const report = await applyMigrations(db.sql)
      logger.info({ applied: report.applied, upToDate: report.alreadyApplied, db: db.kind }, 'migrations checked')
      for (const name of report.edited) logger.warn({ migration: name }, 'an applied migration was edited afterwards')
    }
    redis = await openRedis(config.redisUrl, config.redisPrefix, logger.child({ component: 'redis' }))
  } catch (err) {
    await db.close()
    throw err
  }
  const files = new DiskFileStorage(config.dataDir)
  const ports = createPorts(db, redis, files)
  return {
    config,
    logger,
    db,
    redis,
    ports,
    domain: createDomain(ports),
    files,
    async close() {
      await redis.close()
      await db.close()
    },
  }
}
