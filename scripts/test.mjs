#!/usr/bin/env node
// `npm test`: the whole suite on real PostgreSQL and Redis (started if installed
// but down) and a real headless Chromium (installed from Debian if missing).
// Type-checks first. Extra arguments go to vitest (e.g. a file filter).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { BIN, ROOT, ensureDependencies, ensurePostgres, ensurePrismaClient, ensureRedis, run } from './lib/prepare.mjs'

try {
  ensureDependencies()
  ensurePrismaClient()
  await ensurePostgres(process.env.TEST_POSTGRES_ADMIN_URL)
  await ensureRedis(process.env.TEST_REDIS_URL)
  if (existsSync(join(ROOT, 'scripts', 'ensure-browser.sh'))) run('bash', ['scripts/ensure-browser.sh'])
  console.log('[test] type-checking')
  run(join(BIN, 'tsc'), ['--noEmit', '-p', '.'])
  console.log('[test] running the suite')
  run(join(BIN, 'bun'), ['--bun', join(BIN, 'vitest'), 'run', ...process.argv.slice(2)])
} catch (err) {
  console.error(`[test] ${err.message}`)
  process.exit(1)
}
