// The admin role as operators run it (bun src/main.ts, ROLES=admin): time from
// process start to the first 200 of /admin/login, a real sign-in and the pages
// behind it, the process's memory, and a clean stop on SIGTERM. Runs in
// production mode (minified bundle, Secure session cookie); the first start
// builds the components bundle, the second reuses it.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEMO_COURSE_SLUG } from '../../prisma/seed'
import { sessionCookieName } from '../../src/admin/session-store'
import { loadConfig } from '../../src/config'
import { freePort, programEnv, startProgram } from '../fixtures/process'
import { waitFor } from '../fixtures/wait'
import { PanelClient } from './support'

async function rssMb(pid: number): Promise<number> {
  const status = await Bun.file(`/proc/${pid}/status`).text()
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024
}

/**
 * A page of the panel itself: AdminJS's application (not its login form) with
 * the signed-in user in the page's state and the panel's resources.
 */
async function expectPanelPage(res: Response, email: string, what: string) {
  expect(res.status, what).toBe(200)
  expect(res.headers.get('content-type'), what).toMatch(/text\/html/)
  const html = await res.text()
  expect(html, what).toContain('root.render(AdminJS.Application)')
  expect(html, what).not.toContain('LoginApplication')
  expect(html, what).toContain('components.bundle.js')
  const state = JSON.parse(/window\.REDUX_STATE = (.*);\n/.exec(html)?.[1] ?? 'null')
  expect(state?.session?.email, what).toBe(email)
  expect(state.resources.map((r: { id: string }) => r.id), what).toEqual(expect.arrayContaining(['Course', 'Module', 'Content']))
}

async function expectJson(res: Response, what: string): Promise<any> {
  expect(res.status, what).toBe(200)
  expect(res.headers.get('content-type'), what).toMatch(/application\/json/)
  return res.json()
}

async function coldStart(env: Record<string, string | undefined>) {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const started = performance.now()
  const program = startProgram([], { ...env, ADMIN_PORT: String(port) })
  await waitFor(
    async () => {
      if (program.proc.exitCode !== null) throw new Error(`the program exited early:\n${program.output()}`)
      const res = await fetch(`${base}/admin/login`, { redirect: 'manual' }).catch(() => null)
      await res?.text()
      return res?.status === 200
    },
    { timeout: 60_000, interval: 25, what: 'a 200 from /admin/login' },
  )
  // reported, not asserted: how long a start takes depends on the machine and its load
  const ms = Math.round(performance.now() - started)
  const rss = await rssMb(program.proc.pid)

  // signing in as through the TLS proxy: nginx sends X-Forwarded-Proto, and the
  // app trusts a proxy on the loopback (without it, production refuses to sign in over http)
  const panel = new PanelClient(base, { 'x-forwarded-proto': 'https' })
  const login = await panel.login(env.ADMIN_EMAIL!, env.ADMIN_PASSWORD!)
  const loginBody = await login.text()
  expect(login.status, `sign-in answered ${login.status}: ${loginBody.slice(0, 300)}`).toBe(302)
  expect(login.headers.get('location')).toBe('/admin')
  const cookieName = sessionCookieName(loadConfig(env).redisPrefix)
  const cookie = login.headers.getSetCookie().find((l) => l.startsWith(`${cookieName}=`))
  expect(cookie).toMatch(/; Secure/i)
  expect(panel.cookieHeader).toMatch(new RegExp(`(^|; )${cookieName}=.+`))

  // a few pages later (dashboard data, a list) the heap has warmed up
  await expectPanelPage(await panel.request('/admin'), env.ADMIN_EMAIL!, 'the dashboard page')
  const dashboard = await expectJson(await panel.request('/admin/api/dashboard'), 'the dashboard data')
  expect(dashboard.user).toMatchObject({ role: 'ADMIN' })
  expect(dashboard.courses.map((c: { slug: string }) => c.slug)).toContain(DEMO_COURSE_SLUG)
  await expectPanelPage(await panel.request('/admin/resources/Course'), env.ADMIN_EMAIL!, 'the course list page')
  const list = await expectJson(await panel.request('/admin/api/resources/Course/actions/list'), 'the course list')
  expect(list.records.map((r: { params: { slug: string } }) => r.params.slug)).toContain(DEMO_COURSE_SLUG)
  const bundle = await panel.request('/admin/frontend/assets/components.bundle.js')
  expect(bundle.status).toBe(200)
  expect(bundle.headers.get('content-type')).toMatch(/javascript/)
  expect((await bundle.text()).length).toBeGreaterThan(1000)
  const rssAfter = await rssMb(program.proc.pid)

  program.proc.kill('SIGTERM')
  const code = await program.exited
  return { ms, rss, rssAfter, code, output: program.output() }
}

describe('admin role cold start', () => {
  it('serves /admin/login after process start (the time is reported), signs in to real pages, and stops cleanly', async () => {
    const env = {
      ROLES: 'admin',
      ...programEnv(),
      NODE_ENV: 'production',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'taskmetrics-admin-')),
      SESSION_SECRET: 'cold-start-session-secret-of-enough-length',
      ADMIN_EMAIL: 'coldstart-admin@example.test',
      ADMIN_PASSWORD: 'cold start password',
      LOG_LEVEL: 'info',
    }
    // the admin account and demo course, as operators seed them; a failed seed fails the test
    const seeded = startProgram(['--seed'], { ...env, ROLES: 'worker', ADMIN_PORT: '0' })
    await seeded.waitForLog(/TaskMetrics is running/, 30_000)
    seeded.proc.kill('SIGTERM')
    expect(await seeded.exited, seeded.output()).toBe(0)

    const first = await coldStart(env) // builds the components bundle
    const second = await coldStart(env) // reuses it
    console.log(
      `[admin cold start] first start (bundle built): ${first.ms} ms to the first 200 of /admin/login, RSS ${first.rss.toFixed(0)} MB (${first.rssAfter.toFixed(0)} MB after signing in and loading the dashboard and a list); ` +
        `restart (bundle reused): ${second.ms} ms, RSS ${second.rss.toFixed(0)} MB (${second.rssAfter.toFixed(0)} MB)`,
    )
    expect(first.output).toContain('admin components bundled')
    expect(second.output).toContain('admin components bundle reused')
    for (const run of [first, second]) {
      expect(run.code).toBe(0)
      expect(run.output).toContain('role stopped')
    }
  }, 120_000)
})
