// The job queue dashboard inside the panel: admins only, behind the sign-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import { openTestContext, resetData } from '../fixtures/context'
import { PASSWORD, PanelClient, makeStaffUser, startPanel } from './support'

let ctx: AppContext
let panel: Awaited<ReturnType<typeof startPanel>>

beforeAll(async () => {
  ctx = await openTestContext()
  await resetData(ctx)
  panel = await startPanel(ctx)
}, 60_000)
afterAll(async () => {
  await panel?.stop()
  await ctx.jobs.queue.obliterate({ force: true })
  await ctx?.close()
})

async function signedIn(email: string, role: 'AUTHOR' | 'ADMIN', address: string) {
  await makeStaffUser(ctx, email, role)
  const c = new PanelClient(panel.url, { 'x-forwarded-for': address })
  expect((await c.login(email, PASSWORD)).status).toBe(302)
  return c
}

describe('queue dashboard', () => {
  it('sends a visitor to the sign-in page', async () => {
    const c = new PanelClient(panel.url, { 'x-forwarded-for': '198.51.100.70' })
    const page = await c.request('/admin/queues')
    expect(page.status).toBe(302)
    expect(page.headers.get('location')).toBe('/admin/login')
    expect((await c.request('/admin/queues/api/queues')).status).toBe(401)
  })

  it('refuses an author', async () => {
    const author = await signedIn('author@example.test', 'AUTHOR', '198.51.100.71')
    const page = await author.request('/admin/queues')
    expect(page.status).toBe(403)
    expect(await page.text()).toMatch(/Only admins/)
    expect((await author.request('/admin/queues/api/queues')).status).toBe(403)
    // nor can an author retry or clean jobs through the dashboard's API
    expect((await author.request('/admin/queues/api/queues/taskmetrics/retry/failed', { method: 'PUT' })).status).toBe(403)
  })

  it('shows an admin the queue and its failed jobs', async () => {
    // a job that fails at once (its payload is malformed) is kept and shown
    await ctx.jobs.queue.add('maintenance.purge-link-codes', 'broken' as never, { attempts: 1 })
    const { startWorkerRole } = await import('../../src/jobs/worker')
    const worker = await startWorkerRole(ctx)
    try {
      const admin = await signedIn('admin@example.test', 'ADMIN', '198.51.100.72')
      const page = await admin.request('/admin/queues')
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain('TaskMetrics jobs')
      expect(html).not.toContain('fonts.googleapis.com')
      // the dashboard's own scripts are served from the panel, behind the same check
      const script = html.match(/src="([^"]*static\/js\/main[^"]+\.js)"/)?.[1]
      expect(script).toBeTruthy()
      expect((await admin.request(new URL(script!, `${panel.url}/admin/queues/`).pathname)).status).toBe(200)
      expect((await new PanelClient(panel.url).request(new URL(script!, `${panel.url}/admin/queues/`).pathname)).status).toBe(302)
      let failed: any[] = []
      for (let i = 0; i < 200 && !failed.length; i++) {
        const api = await admin.json('/admin/queues/api/queues?activeQueue=taskmetrics&status=failed&page=1&jobsPerPage=10')
        expect(api.queues.map((q: any) => q.name)).toEqual(['taskmetrics'])
        failed = api.queues[0].jobs
        if (!failed.length) await new Promise((r) => setTimeout(r, 50))
      }
      expect(failed[0]).toMatchObject({ name: 'maintenance.purge-link-codes', failedReason: expect.stringMatching(/malformed payload/) })
      // the dashboard's actions change state: refused without the page's CSRF token (its axios sends it from the XSRF-TOKEN cookie)
      const retry = () => admin.request('/admin/queues/api/queues/taskmetrics/retry/failed', { method: 'PUT' })
      admin.sendsCsrfToken = false
      expect((await retry()).status).toBe(403)
      admin.sendsCsrfToken = true
      expect((await retry()).status).toBeLessThan(300)
    } finally {
      await worker.stop()
    }
  })
})
