// Applies prisma/migrations/*/migration.sql in order and records them in
// `_prisma_migrations` exactly as `prisma migrate deploy` does, so either tool
// can take over a database. Needs no native engine (works offline and on PGlite).
import { createHash, randomUUID } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface SqlExecutor {
  query(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>
  exec(text: string): Promise<void>
}

export interface SqlRunner extends SqlExecutor {
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>
}

export interface Migration {
  name: string
  sql: string
  checksum: string
}

export const MIGRATIONS_DIR = new URL('../../prisma/migrations/', import.meta.url).pathname

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8')
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') }
    })
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`

// the same advisory lock key prisma migrate uses, so the two never run at once
const LOCK_KEY = 72707369

export interface MigrationReport {
  applied: string[]
  alreadyApplied: number
  /** Applied migrations whose file changed since (a warning, as Prisma gives). */
  edited: string[]
}

export async function applyMigrations(db: SqlRunner, migrations = readMigrations()): Promise<MigrationReport> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY])
    await tx.exec(CREATE_TABLE)
    const rows = await tx.query(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    )
    const failed = rows.filter((r) => r.finished_at == null).map((r) => String(r.migration_name))
    if (failed.length)
      throw new Error(`migration ${failed[0]} failed earlier and must be resolved by hand (prisma migrate resolve)`)
    const done = new Map(rows.map((r) => [String(r.migration_name), String(r.checksum)]))
    const report: MigrationReport = { applied: [], alreadyApplied: 0, edited: [] }
    for (const m of migrations) {
      const checksum = done.get(m.name)
      if (checksum !== undefined) {
        report.alreadyApplied++
        if (checksum !== m.checksum) report.edited.push(m.name)
        continue
      }
      await tx.exec(m.sql)
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count, started_at)
         VALUES ($1, $2, now(), $3, 1, now())`,
        [randomUUID(), m.checksum, m.name],
      )
      report.applied.push(m.name)
    }
    return report
  })
}
