// The database: PostgreSQL through the pg driver adapter, or, when DATABASE_URL
// is unset, the embedded PGlite under DATA_DIR, served by one process to all
// (embedded-database.ts) and reached through the same adapter.
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '../generated/prisma/client'
import { serveOrFindEmbedded } from './embedded-database'
import { redactUrlCredentials } from './logger'
import { ServiceUnreachableError, reasonOf } from './unreachable'
import { type SqlRunner, applyMigrations } from './migrations'

export type Prisma = InstanceType<typeof PrismaClient>

export interface Database {
  prisma: Prisma
  kind: 'postgres' | 'pglite'
  /** Raw SQL access for migrations and health checks. */
  sql: SqlRunner
  ping(): Promise<void>
  close(): Promise<void>
}

export async function openDatabase(opts: { databaseUrl: string | undefined; dataDir: string; poolSize?: number }): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.poolSize ?? 10) : openEmbedded(opts.dataDir, opts.poolSize ?? 10)
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const pg = await import('pg')
  const pool = new pg.default.Pool({ connectionString: url, max, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 5_000 })
  try {
    await pool.query('SELECT 1')
  } catch (err) {
    await pool.end().catch(() => {})
    throw new ServiceUnreachableError('database', `cannot connect to PostgreSQL at ${redactUrlCredentials(url)} (${reasonOf(err)}): start it or set DATABASE_URL`)
  }
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) })
  const sql: SqlRunner = {
    async query(text, params) {
      const r = await pool.query(text, params as unknown[])
      return r.rows
    },
    async exec(text) {
      await pool.query(text)
    },
    async transaction(fn) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await fn({
          query: async (t, p) => (await client.query(t, p as unknown[])).rows,
          exec: async (t) => void (await client.query(t)),
        })
        await client.query('COMMIT')
        return result
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {})
        throw err
      } finally {
        client.release()
      }
    },
  }
  return {
    prisma,
    kind: 'postgres',
    sql,
    ping: async () => void (await pool.query('SELECT 1')),
    async close() {
      await prisma.$disconnect()
      await pool.end()
    },
  }
}

/**
 * The embedded database, reached like any PostgreSQL: this process serves it
 * (and stops serving it on close) or connects to the process that does.
 */
async function openEmbedded(dataDir: string, poolSize: number): Promise<Database> {
  const server = await serveOrFindEmbedded(dataDir)
  let db: Database
  try {
    db = await openPostgres(server.url, poolSize)
  } catch (err) {
    await server.stop()
    if (server.owned || !(err instanceof ServiceUnreachableError)) throw err
    // the lock names a live process that does not answer: never open the files beside it
    throw new ServiceUnreachableError('database', `${server.describe()}, which does not answer at ${server.url}: stop that process or set DATABASE_URL`)
  }
  return {
    ...db,
    kind: 'pglite',
    async close() {
      await db.close()
      await server.stop()
    },
  }
}

export { applyMigrations }
