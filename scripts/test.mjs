#!/usr/bin/env node
// `npm test`: the whole suite on real PostgreSQL and Redis (started if installed
// but down) and a real headless Chromium (installed from Debian if missing).
// Type-checks first. Extra arguments go to vitest (e.g. a file filter).
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
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
  const report = join(ROOT, 'test-artifacts', 'vitest-report.json')
  mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true })
  rmSync(report, { force: true })
  let failure
  try {
    run(join(BIN, 'bun'), ['--bun', join(BIN, 'vitest'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)])
  } catch (err) {
    failure = err
  }
  printSummary(report)
  if (failure) throw failure
} catch (err) {
  console.error(`[test] ${err.message}`)
  process.exit(1)
}

/** One plain closing line that any CI can read: "vitest: N passed, N failed, N skipped". */
function printSummary(file) {
  if (!existsSync(file)) return
  const r = JSON.parse(readFileSync(file, 'utf8'))
  console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`)
}
