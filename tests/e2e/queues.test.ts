// The job queue dashboard in a real browser: an admin sees the queue and its
// jobs, offline (no request leaves the panel); an author is refused.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import { PASSWORD, makeStaffUser, startPanel } from '../admin/support'
import { openTestContext, resetData } from '../fixtures/context'
import { artifact, launchBrowser, openPage, signIn } from './browser'

let ctx: AppContext
let panel: Awaited<ReturnType<typeof startPanel>>
let browser: Browser

beforeAll(async () => {
  ctx = await openTestContext()
  await resetData(ctx)
  ;[panel, browser] = await Promise.all([startPanel(ctx), launchBrowser()])
}, 90_000)
afterAll(async () => {
  await browser?.close()
  await panel?.stop()
  await ctx.jobs.queue.obliterate({ force: true })
  await ctx?.close()
})

describe('queue dashboard in the browser', () => {
  it('is refused to an author', async () => {
    await makeStaffUser(ctx, 'author@example.test', 'AUTHOR')
    const { context, page } = await openPage(browser, panel.url)
    try {
      await signIn(page, 'author@example.test', PASSWORD)
      const res = await page.goto('/admin/queues')
      expect(res?.status()).toBe(403)
      expect(await page.textContent('body')).toMatch(/Only admins may see the job queues/)
    } finally {
      await context.close()
    }
  })

  it('shows an admin the queue and its jobs, offline', async () => {
    await ctx.ports.jobs.enqueue('maintenance.purge-link-codes', {}, { key: 'e2e', delayMs: 3600_000 })
    await makeStaffUser(ctx, 'admin@example.test', 'ADMIN')
    const { context, page, external, errors } = await openPage(browser, panel.url)
    try {
      await signIn(page, 'admin@example.test', PASSWORD)
      await page.goto('/admin/queues')
      await page.getByText('TaskMetrics jobs').first().waitFor()
      await page.getByText('Delayed').first().waitFor()
      await page.screenshot({ path: artifact('queues-dashboard.png') })
      expect(external).toEqual([])
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
  })
})
