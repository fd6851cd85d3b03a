// The admin role as operators run it (bun src/main.ts, ROLES=admin): time from
// process start to the first 200 of /admin/login, the process's memory, and a
// clean stop on SIGTERM. Runs in production mode (minified bundle); the first
// start builds the components bundle, the second reuses it.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { freePort, startProgram } from '../fixtures/process'

async function rssMb(pid: number): Promise<number> {
  const status = await Bun.file(`/proc/${pid}/status`).text()
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024
}

async function coldStart(env: Record<string, string>) {
  const port = await freePort()
  const started = performance.now()
  const program = startProgram([], { ...env, ADMIN_PORT: String(port) })
  let ms = 0
  for (;;) {
    if (program.proc.exitCode !== null) throw new Error(`the program exited early:\n${program.output()}`)
    const res = await fetch(`http://127.0.0.1:${port}/admin/login`).catch(() => null)
    if (res?.status === 200) {
      ms = Math.round(performance.now() - started)
      await res.text()
      break
    }
    if (performance.now() - started > 60_000) throw new Error(`no 200 from /admin/login within 60 s:\n${program.output()}`)
    await Bun.sleep(25)
  }
  const rss = await rssMb(program.proc.pid)
  // a few pages later (dashboard data, a list) the heap has warmed up
  const login = await fetch(`http://127.0.0.1:${port}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({ email: env.ADMIN_EMAIL!, password: env.ADMIN_PASSWORD! }),
  })
  const cookie = login.headers.getSetCookie()[0]?.split(';')[0] ?? ''
  for (const path of ['/admin', '/admin/api/dashboard', '/admin/api/resources/Course/actions/list', '/admin/frontend/assets/components.bundle.js'])
    expect((await fetch(`http://127.0.0.1:${port}${path}`, { headers: { cookie } })).status).toBe(200)
  const rssAfter = await rssMb(program.proc.pid)
  program.proc.kill('SIGTERM')
  const code = await program.exited
  return { ms, rss, rssAfter, code, output: program.output() }
}

describe('admin role cold start', () => {
  it('serves /admin/login quickly after process start and stops cleanly', async () => {
    const env = {
      ROLES: 'admin',
      NODE_ENV: 'production',
      DATABASE_URL: process.env.DATABASE_URL!,
      REDIS_URL: process.env.REDIS_URL!,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'taskmetrics-admin-')),
      SESSION_SECRET: 'cold-start-session-secret-of-enough-length',
      ADMIN_EMAIL: 'coldstart-admin@example.test',
      ADMIN_PASSWORD: 'cold start password',
      LOG_LEVEL: 'info',
    }
    // the admin account the seed would make
    const seeded = startProgram(['--seed'], { ...env, ROLES: 'worker', ADMIN_PORT: '0' })
    await seeded.waitForLog(/TaskMetrics is running|seed: /, 30_000).catch(() => {})
    seeded.proc.kill('SIGTERM')
    await seeded.exited

    const first = await coldStart(env) // builds the components bundle
    const second = await coldStart(env) // reuses it
    console.log(
      `[admin cold start] first start (bundle built): ${first.ms} ms to the first 200 of /admin/login, RSS ${first.rss.toFixed(0)} MB (${first.rssAfter.toFixed(0)} MB after a few pages); ` +
        `restart (bundle reused): ${second.ms} ms, RSS ${second.rss.toFixed(0)} MB (${second.rssAfter.toFixed(0)} MB)`,
    )
    expect(first.output).toContain('admin components bundled')
    expect(second.output).toContain('admin components bundle reused')
    for (const run of [first, second]) {
      expect(run.code).toBe(0)
      expect(run.output).toContain('role stopped')
    }
    expect(second.ms).toBeLessThan(15_000)
    expect(first.ms).toBeLessThan(30_000)
  }, 120_000)
})
