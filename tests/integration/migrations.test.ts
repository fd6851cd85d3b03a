import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../src/infra/database'
import { applyMigrations, readMigrations } from '../../src/infra/migrations'
import { LOCAL_ADMIN_URL, createFreshDatabase, dropDatabase } from '../../src/infra/postgres-admin'

const ADMIN_URL = process.env.TEST_POSTGRES_ADMIN_URL ?? LOCAL_ADMIN_URL
const DB = `taskmetrics_migrations_${process.pid}`
let db: Database

beforeAll(async () => {
  db = await openDatabase({ databaseUrl: await createFreshDatabase(DB, ADMIN_URL), dataDir: '' })
})

afterAll(async () => {
  await db.close()
  await dropDatabase(DB, ADMIN_URL)
})

describe('migrations', () => {
  it('applies the project migrations once and records them like prisma migrate', async () => {
    const all = readMigrations()
    expect(all.length).toBeGreaterThan(0)
    const first = await applyMigrations(db.sql)
    expect(first.applied).toEqual(all.map((m) => m.name))
    const again = await applyMigrations(db.sql)
    expect(again).toEqual({ applied: [], alreadyApplied: all.length, edited: [] })
    const rows = await db.sql.query('SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name')
    expect(rows.map((r) => r.migration_name)).toEqual(all.map((m) => m.name))
    expect(rows.every((r) => r.finished_at !== null && r.applied_steps_count === 1)).toBe(true)
    expect(rows.map((r) => r.checksum)).toEqual(all.map((m) => m.checksum))
    // the schema is really there
    const tables = await db.sql.query(`SELECT tablename FROM pg_tables WHERE schemaname='public'`)
    expect(tables.map((t) => t.tablename)).toEqual(expect.arrayContaining(['User', 'Course', 'Module', 'Content', 'Enrollment', 'Progress']))
  })

  it('applies only new migrations, warns about edited ones and rolls back a failing one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'))
    for (const m of readMigrations()) {
      mkdirSync(join(dir, m.name))
      writeFileSync(join(dir, m.name, 'migration.sql'), m.name === readMigrations()[0]!.name ? `${m.sql}\n-- edited\n` : m.sql)
    }
    mkdirSync(join(dir, '99999999999999_add_note'))
    writeFileSync(join(dir, '99999999999999_add_note', 'migration.sql'), 'ALTER TABLE "Subject" ADD COLUMN "note" TEXT;')
    const report = await applyMigrations(db.sql, readMigrations(dir))
    expect(report.applied).toEqual(['99999999999999_add_note'])
    expect(report.edited).toEqual([readMigrations()[0]!.name])

    mkdirSync(join(dir, '99999999999999_zz_broken'))
    writeFileSync(join(dir, '99999999999999_zz_broken', 'migration.sql'), 'ALTER TABLE "Subject" ADD COLUMN "other" TEXT; SELECT no_such_function();')
    await expect(applyMigrations(db.sql, readMigrations(dir))).rejects.toThrow(/no_such_function/)
    const cols = await db.sql.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'Subject'`)
    expect(cols.map((c) => c.column_name)).not.toContain('other')
  })

  it('runs the same migrations on embedded PGlite', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pglite-'))
    const embedded = await openDatabase({ databaseUrl: undefined, dataDir })
    try {
      expect(embedded.kind).toBe('pglite')
      const report = await applyMigrations(embedded.sql)
      expect(report.applied.length).toBe(readMigrations().length)
      const subject = await embedded.prisma.subject.create({ data: { title: 'Embedded', slug: 'embedded' } })
      expect(await embedded.prisma.subject.findUnique({ where: { id: subject.id } })).toMatchObject({ slug: 'embedded' })
    } finally {
      await embedded.close()
    }
  }, 120_000) // a fresh PGlite runs initdb in WebAssembly: CPU-bound, slow on a busy machine
})
