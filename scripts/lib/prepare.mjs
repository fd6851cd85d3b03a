// Start-up chores shared by `npm start` and `npm test`, in plain Node (they run
// before dependencies exist): install what is missing, make sure PostgreSQL and
// Redis answer (starting local ones that are installed but down), and generate
// the Prisma client when the schema changed.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const BIN = join(ROOT, 'node_modules', '.bin')

const say = (msg) => console.log(`[prepare] ${msg}`)

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, PATH: `${BIN}:${process.env.PATH}` }, ...opts })
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`)
}

const hashOf = (file) => createHash('sha256').update(readFileSync(join(ROOT, file))).digest('hex')

/** npm ci when node_modules is missing or package-lock.json changed since the last install. */
export function ensureDependencies() {
  const stamp = join(ROOT, 'node_modules', '.taskmetrics-lock')
  const want = hashOf('package-lock.json')
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want && existsSync(join(BIN, 'bun'))) return
  say('installing dependencies (npm ci)')
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'])
  writeFileSync(stamp, want)
}

/** prisma generate when the generated client is missing or older than schema.prisma. */
export function ensurePrismaClient() {
  const stamp = join(ROOT, 'src', 'generated', '.schema-hash')
  const want = hashOf('prisma/schema.prisma') + hashOf('scripts/generate-dmmf.ts')
  // the classic client (node_modules/.prisma/client) is what @adminjs/prisma imports
  const classic = join(ROOT, 'node_modules', '.prisma', 'client', 'default.js')
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want && existsSync(classic)) return
  say('generating the Prisma client')
  run(join(BIN, 'prisma'), ['generate'])
  writeFileSync(stamp, want)
}

function reachable(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    const done = (ok) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

const isLocal = (host) => ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)

async function waitFor(host, port, what, seconds = 20) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await reachable(host, port)) return
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${what} did not start on ${host}:${port}`)
}

/**
 * Makes sure Redis answers at `url`. Only for the default local URL
 * (127.0.0.1 / localhost on port 6379) is a redis-server that is installed but
 * down started, and that is said; any other address is the operator's to run
 * (a typo'd port must not get a throw-away server of its own).
 */
export async function ensureRedis(url = 'redis://127.0.0.1:6379') {
  const u = new URL(url)
  const host = u.hostname || '127.0.0.1'
  const port = Number(u.port || 6379)
  if (await reachable(host, port)) return
  if (!isLocal(host) || port !== 6379)
    throw new Error(`Redis at ${host}:${port} does not answer (REDIS_URL); a local Redis is started only for the default redis://127.0.0.1:6379`)
  say(`Redis was not running on ${host}:${port}: starting a local redis-server there (it keeps running after this program stops)`)
  const args = ['--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', String(port), '--save', '', '--appendonly', 'no']
  if (existsSync('/var/lib/redis')) args.push('--dir', '/var/lib/redis')
  run('redis-server', args)
  await waitFor(host, port, 'Redis')
}

/** Makes sure PostgreSQL answers at `url`; starts the local cluster if it is installed but down. */
export async function ensurePostgres(url = 'postgresql://postgres@127.0.0.1:5432/postgres') {
  const u = new URL(url)
  const host = u.hostname || '127.0.0.1'
  const port = Number(u.port || 5432)
  if (await reachable(host, port)) return
  if (!isLocal(host) || port !== 5432 || !existsSync('/etc/postgresql'))
    throw new Error(`PostgreSQL at ${host}:${port} does not answer; a local PostgreSQL is started only on 127.0.0.1:5432 when it is installed`)
  for (const version of readdirSync('/etc/postgresql')) {
    say(`PostgreSQL was not running on ${host}:${port}: starting the local cluster ${version} (it keeps running after this program stops)`)
    run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'])
  }
  await waitFor(host, port, 'PostgreSQL')
}
