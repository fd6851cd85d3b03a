// Runs in the worker before each test file (vitest setupFiles): the file gets a
// fresh copy of the run's migrated template database and its worker's own
// Redis key prefix and data folder, all through the environment that
// tests/fixtures read (DATABASE_URL, TEST_REDIS_PREFIX, DATA_DIR). Files that
// run at the same time are in different worker slots, so they never meet.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { cloneDatabase } from '../src/infra/postgres-admin'
import { deleteKeys, withRawRedis, workerDatabase, workerRedisPrefix, workerSlot } from './fixtures/run'

const env = process.env
const template = env.TEST_TEMPLATE_DATABASE
if (template) {
  const slot = workerSlot()
  env.DATABASE_URL = await cloneDatabase(workerDatabase(template, slot), template, env.TEST_POSTGRES_ADMIN_URL)
  env.TEST_REDIS_PREFIX = workerRedisPrefix(env.TEST_RUN_REDIS_PREFIX!, slot)
  // the name the program reads for its own key prefix, for the processes tests start
  env.REDIS_PREFIX = env.TEST_REDIS_PREFIX
  await withRawRedis(env.REDIS_URL!, (redis) => deleteKeys(redis, `${env.TEST_REDIS_PREFIX}*`))
  env.DATA_DIR = join(env.TEST_DATA_ROOT!, `w${slot}`)
  mkdirSync(env.DATA_DIR, { recursive: true })
}
