// The embedded default (no DATABASE_URL) serves every process of the
// installation: the running program owns the PGlite directory and serves it;
// the CLI, run beside it, reaches it and its token works against the running
// API at once. A live process holding the lock without serving is never
// bypassed: start-up is refused with one line.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn } from 'bun'
import { describe, expect, it } from 'vitest'
import { ROOT, freePort, startProgram } from '../fixtures/process'

const embeddedEnv = (dataDir: string) => ({
  NODE_ENV: 'test',
  DATA_DIR: dataDir,
  REDIS_URL: process.env.REDIS_URL,
  // inside this run's namespace, so the run's clean-up removes its keys
  REDIS_PREFIX: `${process.env.TEST_REDIS_PREFIX ?? 'tm-test:'}embedded`,
  LOG_LEVEL: 'info',
})

async function cli(args: string[], env: Record<string, string | undefined>) {
  const proc = spawn([process.execPath, 'scripts/cli.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as Record<string, string>,
    stdout: 'pipe',
    stderr: 'pipe',
  })
  const [code, stdout, stderr] = await Promise.all([proc.exited, new Response(proc.stdout).text(), new Response(proc.stderr).text()])
  return { code, stdout, stderr }
}

describe('the embedded database, shared', () => {
  it('lets the CLI create a token while the program runs, and the running API accepts it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tm-embedded-'))
    const env = embeddedEnv(dataDir)
    const port = await freePort()
    const app = startProgram(['--migrate', '--seed'], { ...env, PORT: String(port), ROLES: 'api' })
    try {
      await app.waitForLog(/TaskMetrics is running/, 90_000)
      const created = await cli(['token', 'create', '--email', 'admin@taskmetrics.local'], env)
      expect(created.code, created.stderr).toBe(0)
      const token = /tm_[A-Za-z0-9_-]+/.exec(created.stdout)?.[0]
      expect(token).toBeDefined()
      const me = await fetch(`http://127.0.0.1:${port}/api/me`, { headers: { authorization: `Bearer ${token}` } })
      expect(me.status).toBe(200)
      expect(await me.json()).toMatchObject({ role: 'ADMIN' })
      // a second token from a second CLI run: the ids keep counting (no clash)
      const again = await cli(['token', 'create', '--email', 'admin@taskmetrics.local'], env)
      expect(again.code, again.stderr).toBe(0)
      const listed = await cli(['token', 'list', '--email', 'admin@taskmetrics.local'], env)
      expect(listed.stdout.trim().split('\n')).toHaveLength(2)
    } finally {
      app.proc.kill('SIGTERM')
    }
    expect(await app.exited, app.output()).toBe(0)
    expect(readdirSync(dataDir)).not.toContain('pglite.lock')
    // after the program stops, the data is all there for the next process
    const after = await cli(['token', 'list', '--email', 'admin@taskmetrics.local'], env)
    expect(after.code, after.stderr).toBe(0)
    expect(after.stdout.trim().split('\n')).toHaveLength(2)
  }, 180_000)

  it('refuses to open the files beside a live process that holds them without serving', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tm-embedded-held-'))
    const holder = spawn(['sleep', '300'], { stdout: 'ignore', stderr: 'ignore' })
    try {
      const closed = await freePort()
      writeFileSync(join(dataDir, 'pglite.lock'), JSON.stringify({ pid: holder.pid, url: `postgresql://postgres@127.0.0.1:${closed}/postgres` }))
      const app = startProgram([], { ...embeddedEnv(dataDir), ROLES: 'worker' })
      expect(await app.exited, app.output()).toBe(78)
      const lines = app.output().trim().split('\n').filter((l) => !l.startsWith('{'))
      expect(lines).toEqual([expect.stringMatching(new RegExp(`^start-up error: the embedded database in .* is held by process ${holder.pid}, which does not answer`))])
      expect(readdirSync(join(dataDir, 'pglite'))).toEqual([]) // never opened
    } finally {
      holder.kill()
    }
  })
})
