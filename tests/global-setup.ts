// Runs once before the suite: a fresh, migrated PostgreSQL database that serves
// as the run's template, and the run's Redis key prefix. Files run in parallel;
// tests/file-setup.ts gives each file a copy of the template and its worker's
// own key prefix, so no file sees another's data. Afterwards the copies, the
// template and the run's keys go, and so do those of killed runs (by age).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '../src/infra/database'
import { applyMigrations } from '../src/infra/migrations'
import { LOCAL_ADMIN_URL, createFreshDatabase, dropDatabase, listDatabases } from '../src/infra/postgres-admin'
import { deleteKeys, isStaleRunDatabase, isStaleRunKey, newRunId, runDatabase, runRedisPrefix, withRawRedis } from './fixtures/run'

const ADMIN_URL = process.env.TEST_POSTGRES_ADMIN_URL ?? LOCAL_ADMIN_URL
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/13'
// a run of this suite takes minutes: anything of a run started this long ago was left by a killed one
const STALE_AFTER_MS = 3 * 3600_000
const RUN_ID = newRunId()
const TEMPLATE = process.env.TEST_DATABASE_NAME ?? runDatabase(RUN_ID)
const PREFIX = runRedisPrefix(RUN_ID)

export default async function setup() {
  await removeStale()
  const url = await createFreshDatabase(TEMPLATE, ADMIN_URL)
  const db = await openDatabase({ databaseUrl: url, dataDir: tmpdir() })
  await applyMigrations(db.sql)
  await db.close()

  // read by tests/file-setup.ts in every worker
  process.env.TEST_TEMPLATE_DATABASE = TEMPLATE
  process.env.TEST_POSTGRES_ADMIN_URL = ADMIN_URL
  process.env.TEST_RUN_REDIS_PREFIX = PREFIX
  process.env.REDIS_URL = REDIS_URL
  const dataRoot = mkdtempSync(join(tmpdir(), 'taskmetrics-test-'))
  process.env.TEST_DATA_ROOT = dataRoot
  process.env.NODE_ENV = 'test'
  process.env.LOG_LEVEL ??= 'silent'

  return async () => {
    const mine = await listDatabases((name) => name === TEMPLATE || name.startsWith(`${TEMPLATE}_w`), ADMIN_URL)
    await Promise.all(mine.map((name) => dropDatabase(name, ADMIN_URL).catch((err) => console.warn(`[test] could not drop ${name}: ${err.message}`))))
    await withRawRedis(REDIS_URL, (redis) => deleteKeys(redis, `${PREFIX}-w*`))
    rmSync(dataRoot, { recursive: true, force: true })
  }
}

/** Databases and Redis keys of runs that were killed before they could clean up. */
async function removeStale() {
  const stale = await listDatabases((name) => isStaleRunDatabase(name, STALE_AFTER_MS), ADMIN_URL)
  await Promise.all(stale.filter((name) => name !== TEMPLATE).map((name) => dropDatabase(name, ADMIN_URL)))
  await withRawRedis(REDIS_URL, (redis) => deleteKeys(redis, 't*_*:*', (key) => !isStaleRunKey(key, STALE_AFTER_MS)))
}
