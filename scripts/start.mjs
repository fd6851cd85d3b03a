#!/usr/bin/env node
// `npm start`: installs what is missing, makes sure Redis (and PostgreSQL when
// DATABASE_URL is set) answer, then runs the platform with migrations and the
// demo seed. With DATABASE_URL unset the data lives in embedded PGlite under DATA_DIR.
//
// Local services are started only for the default local addresses (Redis on
// 127.0.0.1:6379, PostgreSQL on 127.0.0.1:5432), and that is said; any other
// address that does not answer stops here with one line. When the program is
// ready it prints the API, docs and panel URLs (and the demo sign-in).
//
// SIGINT/SIGTERM stop the program (it drains and exits). npm's own shell may
// die on SIGTERM without passing it on, so this process also watches its
// parent: when it is gone, the program is stopped too, and nothing outlives npm.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { BIN, ROOT, ensureDependencies, ensurePostgres, ensurePrismaClient, ensureRedis } from './lib/prepare.mjs'

try {
  ensureDependencies()
  ensurePrismaClient()
  await ensureRedis(process.env.REDIS_URL)
  if (process.env.DATABASE_URL) await ensurePostgres(process.env.DATABASE_URL)
} catch (err) {
  console.error(`[start] ${err.message}`)
  process.exit(78)
}

const child = spawn(join(BIN, 'bun'), ['src/main.ts', '--migrate', '--seed', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' })
let stopping = false
const stop = (signal) => {
  if (stopping) return
  stopping = true
  child.kill(signal)
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal === 'SIGHUP' ? 'SIGTERM' : signal))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))

/** The parent's pid as the kernel sees it now (Node's process.ppid is read once at start). */
function currentParent() {
  try {
    // /proc/self/stat: "pid (comm) state ppid ..."; comm may contain spaces, so read after the last ')'
    const stat = readFileSync('/proc/self/stat', 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    try {
      process.kill(process.ppid, 0)
      return process.ppid
    } catch {
      return -1
    }
  }
}
const parent = process.ppid
setInterval(() => {
  if (currentParent() !== parent) stop('SIGTERM')
}, 500).unref()
