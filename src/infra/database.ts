// The database: PostgreSQL through the pg driver adapter, or, when DATABASE_URL
// is unset, an embedded PGlite under DATA_DIR (one process only).
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '../generated/prisma/client'
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
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.poolSize ?? 10) : openEmbedded(opts.dataDir)
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

async function openEmbedded(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite')
  const { PrismaPGlite } = await import('pglite-prisma-adapter')
  const dir = join(dataDir, 'pglite')
  mkdirSync(dir, { recursive: true })
  const db = new PGlite(dir)
  await db.waitReady
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) })
  const sql: SqlRunner = {
    query: async (text, params) => (await db.query(text, params as unknown[])).rows as Record<string, unknown>[],
    exec: async (text) => void (await db.exec(text)),
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          query: async (t, p) => (await tx.query(t, p as unknown[])).rows as Record<string, unknown>[],
          exec: async (t) => void (await tx.exec(t)),
        }),
      ),
  }
  return {
    prisma,
    kind: 'pglite',
    sql,
    ping: async () => void (await db.query('SELECT 1')),
    async close() {
      await prisma.$disconnect()
      await db.close()
    },
  }
}

export { applyMigrations }
