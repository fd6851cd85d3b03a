// Runs once before the suite: a fresh, migrated PostgreSQL database and a
// dedicated Redis database for the tests. Files run one at a time and reset the
// data they use (tests/fixtures/context.ts).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { applyMigrations } from '../src/infra/migrations'
import { openDatabase } from '../src/infra/database'
import { LOCAL_ADMIN_URL, createFreshDatabase, dropDatabase } from '../src/infra/postgres-admin'

const ADMIN_URL = process.env.TEST_POSTGRES_ADMIN_URL ?? LOCAL_ADMIN_URL
// one database and one Redis key prefix per run, so parallel runs never meet
const RUN_ID = `${process.pid}_${Date.now().toString(36)}`
const TEST_DB = process.env.TEST_DATABASE_NAME ?? `taskmetrics_test_${RUN_ID}`

export default async function setup() {
  process.env.DATABASE_URL = await createFreshDatabase(TEST_DB, ADMIN_URL)
  process.env.REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/13'
  process.env.TEST_REDIS_PREFIX = `t${RUN_ID}:`
  process.env.DATA_DIR = mkdtempSync(join(tmpdir(), 'taskmetrics-test-'))
  process.env.NODE_ENV = 'test'
  process.env.LOG_LEVEL ??= 'silent'

  const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR })
  await applyMigrations(db.sql)
  await db.close()

  return () => dropDatabase(TEST_DB, ADMIN_URL)
}
