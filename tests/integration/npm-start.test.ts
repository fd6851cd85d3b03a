// `npm start` as an operator meets it: it starts local services only for the
// default local addresses, prints where everything is when ready, and SIGTERM
// to npm stops the whole tree.
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawn, spawnSync } from 'bun'
import { describe, expect, it } from 'vitest'
import { ROOT, freePort } from '../fixtures/process'

function npmStart(env: Record<string, string | undefined>) {
  const proc = spawn(['npm', 'start'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'development', ...env } as Record<string, string>,
    stdout: 'pipe',
    stderr: 'pipe',
  })
  let out = ''
  const pump = async (s: ReadableStream<Uint8Array>) => {
    const reader = s.getReader()
    const decoder = new TextDecoder()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      out += decoder.decode(value, { stream: true })
    }
  }
  void pump(proc.stdout)
  void pump(proc.stderr)
  return { proc, output: () => out }
}

/** Every process under `pid` (children first found, then theirs). */
function descendants(pid: number): number[] {
  const children = new TextDecoder()
    .decode(spawnSync(['ps', '-o', 'pid=', '--ppid', String(pid)]).stdout)
    .split('\n')
    .map((s) => Number(s.trim()))
    .filter((n) => n > 0)
  return children.flatMap((c) => [c, ...descendants(c)])
}

describe('npm start', () => {
  it('never starts a throw-away Redis for a REDIS_URL that does not answer: one line, exit 78', async () => {
    const port = await freePort()
    const run = npmStart({ REDIS_URL: `redis://127.0.0.1:${port}` })
    expect(await run.proc.exited).toBe(78)
    expect(run.output()).toContain(`[start] Redis at 127.0.0.1:${port} does not answer (REDIS_URL)`)
    const probe = spawnSync(['redis-cli', '-p', String(port), 'ping'])
    expect(new TextDecoder().decode(probe.stdout)).not.toContain('PONG')
  }, 60_000)

  it('prints the URLs and the demo sign-in when ready; SIGTERM to npm stops the whole tree', async () => {
    const [port, adminPort] = [await freePort(), await freePort()]
    const run = npmStart({
      DATA_DIR: mkdtempSync(join(tmpdir(), 'tm-npm-start-')),
      REDIS_URL: process.env.REDIS_URL,
      REDIS_PREFIX: `${process.env.TEST_REDIS_PREFIX ?? 'tm-test:'}npm-start`,
      PORT: String(port),
      ADMIN_PORT: String(adminPort),
      ROLES: 'api,admin',
    })
    await expect.poll(run.output, { timeout: 120_000, interval: 200 }).toMatch(/ready: /)
    expect(run.output()).toContain(`API http://localhost:${port}/api`)
    expect(run.output()).toContain(`docs http://localhost:${port}/api/docs`)
    expect(run.output()).toContain(`author panel http://localhost:${adminPort}/admin`)
    expect(run.output()).toContain('demo sign-in admin@taskmetrics.local / admin-demo-password')
    const tree = descendants(run.proc.pid)
    expect(tree.length).toBeGreaterThanOrEqual(2) // the shell, node, bun
    run.proc.kill('SIGTERM')
    await run.proc.exited
    await expect.poll(() => tree.filter((pid) => existsSync(`/proc/${pid}`)), { timeout: 15_000, interval: 100 }).toEqual([])
    expect(run.output()).toContain('"msg":"bye"')
  }, 180_000)
})
