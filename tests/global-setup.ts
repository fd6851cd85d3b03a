// Runs once before the suite: a fresh, migrated PostgreSQL database and a
// dedicated Redis database for the tests. Files run one at a time and reset the
// data they use (tests/fixtures/context.ts).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { applyMigrations } from '../src/infra/migrations'
import { openDatabase } from '../src/infra/database'

const ADMIN_URL = process.env.TEST_POSTGRES_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres'
// one database and one Redis key prefix per run, so parallel runs never meet
const RUN_ID = `${process.pid}_${Date.now().toString(36)}`
const TEST_DB = process.env.TEST_DATABASE_NAME ?? `taskmetrics_test_${RUN_ID}`

export default async function setup() {
  const admin = new pg.Client({ connectionString: ADMIN_URL })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${TEST_DB} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${TEST_DB}`)
  await admin.end()

  const url = new URL(ADMIN_URL)
  url.pathname = `/${TEST_DB}`
  process.env.DATABASE_URL = url.toString()
  process.env.REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/13'
  process.env.TEST_REDIS_PREFIX = `t${RUN_ID}:`
  process.env.DATA_DIR = mkdtempSync(join(tmpdir(), 'taskmetrics-test-'))
  process.env.NODE_ENV = 'test'
  process.env.LOG_LEVEL ??= 'silent'

  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR })
  await applyMigrations(db.sql)
  await db.close()

  return async function teardown() {
    const client = new pg.Client({ connectionString: ADMIN_URL })
    await client.connect()
    await client.query(`DROP DATABASE IF EXISTS ${TEST_DB} WITH (FORCE)`)
    await client.end()
  }
}
