// The API's docs UI works offline in a real browser: Swagger UI loads from our
// own server (no CDN) and lists the routes from the OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import type { AppContext } from '../../src/context'
import { startApiRole } from '../../src/api/server'
import type { RunningRole } from '../../src/roles/types'
import { openTestContext } from '../fixtures/context'
import { artifact, launchBrowser, openPage } from './browser'

let ctx: AppContext
let api: RunningRole & { port: number }
let browser: Browser

beforeAll(async () => {
  ctx = await openTestContext({ PORT: '0' })
  api = await startApiRole(ctx)
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await api?.stop()
  await ctx?.close()
})

describe('API docs page', () => {
  it('renders every route from local assets only', async () => {
    const base = `http://127.0.0.1:${api.port}`
    const { page, external, errors, context } = await openPage(browser, base)
    try {
      await page.goto('/api/docs')
      await page.locator('.opblock-summary-path').first().waitFor()
      const paths = await page.locator('.opblock-summary-path').allInnerTexts()
      for (const path of ['/health', '/api/courses', '/api/courses/{slug}', '/api/modules/{id}', '/api/me/progress', '/api/contents/{id}/completion'])
        expect(paths.map((p) => p.replace(/\u200b/g, ''))).toContain(path)
      await page.screenshot({ path: artifact('api-docs.png'), fullPage: false })
      expect(external).toEqual([])
      expect(errors).toEqual([])
    } finally {
      await context.close()
    }
  })
})
