// Runs in the worker before each test file (vitest setupFiles): the file gets a
// new copy of the run's migrated template database, and its worker's own
// Redis key prefix (emptied) and data folder, all through the environment that
// tests/fixtures read (DATABASE_URL, TEST_REDIS_PREFIX, DATA_DIR). Files that
// run at the same time are in different worker slots, so they never meet.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { cloneDatabase, dropDatabase, listDatabases } from '../src/infra/postgres-admin'
import { deleteKeys, fileDatabase, withRawRedis, workerDatabases, workerRedisPrefix, workerSlot } from './fixtures/run'

const env = process.env
const template = env.TEST_TEMPLATE_DATABASE
if (template) {
  const slot = workerSlot()
  const admin = env.TEST_POSTGRES_ADMIN_URL
  const mine = fileDatabase(template, slot)
  env.DATABASE_URL = await cloneDatabase(mine, template, admin)
  // the databases of the files this slot ran before go while this file runs (dropping takes a while);
  // what is left when the run ends, tests/global-setup.ts drops
  void listDatabases((name) => name.startsWith(workerDatabases(template, slot)) && name !== mine, admin)
    .then(async (done) => {
      for (const name of done) await dropDatabase(name, admin)
    })
    .catch(() => undefined)
  env.TEST_REDIS_PREFIX = workerRedisPrefix(env.TEST_RUN_REDIS_PREFIX!, slot)
  // the name the program reads for its own key prefix, for the processes tests start
  env.REDIS_PREFIX = env.TEST_REDIS_PREFIX
  await withRawRedis(env.REDIS_URL!, (redis) => deleteKeys(redis, `${env.TEST_REDIS_PREFIX}*`))
  env.DATA_DIR = join(env.TEST_DATA_ROOT!, `w${slot}`)
  mkdirSync(env.DATA_DIR, { recursive: true })
}
