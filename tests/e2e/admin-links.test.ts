// Links that would change something, opened in a real browser by a signed-in
// admin: a lesson body can carry any link, and opening it (from the content's
// page, as an author reviewing lessons does) must change nothing. State
// changes take a POST from the panel's own confirmation page.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, text } from '../fixtures/factories'
import { PASSWORD, makeStaffUser, startPanel } from '../admin/support'
import { type PanelPage, launchBrowser, noticeText, openPage, signIn, visible } from './browser'

let ctx: AppContext
let panel: Awaited<ReturnType<typeof startPanel>>
let browser: Browser
let admin: PanelPage

beforeAll(async () => {
  ctx = await openTestContext()
  await resetData(ctx)
  ;[panel, browser] = await Promise.all([startPanel(ctx), launchBrowser()])
}, 120_000)

afterAll(async () => {
  await admin?.context.close().catch(() => {})
  await browser?.close()
  await panel?.stop()
  await ctx?.close()
})

describe('the sign-in page', () => {
  it('is TaskMetrics, without AdminJS marketing text', async () => {
    const visitor = await openPage(browser, panel.url)
    try {
      await visitor.page.goto('/admin/login')
      await visible(visitor.page.getByRole('button', { name: 'Sign in' }))
      const shown = await visitor.page.locator('body').innerText()
      expect(shown).toContain('TaskMetrics')
      expect(shown).not.toMatch(/AdminJS|world's leading|open-source|Welcome/i)
      expect(await visitor.page.title()).not.toMatch(/AdminJS/i)
    } finally {
      await visitor.context.close()
    }
  })
})

describe('a state-changing link in a lesson body', () => {
  it('changes nothing when an admin opens it; the confirmation page does it on a click', { timeout: 90_000 }, async () => {
    const alice = await makeStaffUser(ctx, 'alice@example.test', 'AUTHOR', 'Alice')
    await makeStaffUser(ctx, 'root@example.test', 'ADMIN', 'Root')
    const course = await makeCourse(ctx, alice, { slug: 'victim', modules: [{ title: 'One', contents: [text('a')] }, { title: 'Two', contents: [text('b')] }] })
    const [, second] = course.moduleIds as [number, number]
    const links = {
      api: `${panel.url}/admin/api/resources/Course/records/${course.id}/unpublish`,
      page: `${panel.url}/admin/resources/Course/records/${course.id}/unpublish`,
      move: `${panel.url}/admin/api/resources/Module/records/${second}/moveUp`,
    }
    const lesson = await ctx.domain.authoring.createContent(actor(alice), course.moduleIds[0]!, {
      kind: 'TEXT',
      title: 'Read me',
      body: `See [the notes](${links.api}), [the page](${links.page}) and [the order](${links.move}).`,
    })
    const before = (await ctx.ports.courses.findCourseById(course.id))!

    admin = await openPage(browser, panel.url)
    const { page, context } = admin
    await signIn(page, 'root@example.test', PASSWORD)
    await page.goto(`/admin/resources/Content/records/${lesson.id}/show`)
    for (const name of ['the notes', 'the page', 'the order']) {
      const link = await visible(page.getByRole('link', { name }))
      const [opened] = await Promise.all([context.waitForEvent('page'), link.click()])
      await opened.waitForLoadState('load')
      if (name === 'the page') await visible(opened.getByTestId('confirm-action'))
      await opened.close()
    }
    const after = (await ctx.ports.courses.loadTree(course.id))!
    expect(after.published).toBe(true)
    expect(after.version).toBe(before.version)
    expect(after.modules.map((m) => m.title)).toEqual(['One', 'Two'])
    expect(await ctx.db.prisma.auditEntry.count({ where: { courseId: course.id, actorId: { not: alice.id } } })).toBe(0)

    // the panel's own way: the action's page, then a click on its button (a POST)
    await page.goto(`/admin/resources/Course/records/${course.id}/unpublish`)
    await (await visible(page.getByTestId('confirm-action-run'))).click()
    await expect.poll(() => noticeText(page), { timeout: 10_000 }).toContain('is no longer published')
    expect((await ctx.ports.courses.findCourseById(course.id))!.published).toBe(false)
  })
})

describe('signing out', () => {
  it('a link to the sign-out address signs nobody out; the user menu signs out with a POST', { timeout: 60_000 }, async () => {
    await makeStaffUser(ctx, 'carol@example.test', 'AUTHOR', 'Carol')
    const visitor = await openPage(browser, panel.url)
    const { page } = visitor
    try {
      await signIn(page, 'carol@example.test', PASSWORD)
      // opening the address (a link in a lesson, an <img> on another page) only asks
      await page.goto('/admin/logout')
      await visible(page.getByText('Sign out of the TaskMetrics panel?'))
      await page.goto('/admin/resources/Course')
      await visible(page.getByTestId('logged-in'))
      expect(new URL(page.url()).pathname).toBe('/admin/resources/Course')

      // the user menu's "Sign out" posts the form with the page's token
      await page.getByTestId('logged-in').hover()
      await Promise.all([page.waitForURL((u) => u.pathname === '/admin/login'), (await visible(page.getByText('Sign out', { exact: true }))).click()])
      await page.goto('/admin/resources/Course')
      expect(new URL(page.url()).pathname).toBe('/admin/login')
      expect(visitor.errors).toEqual([])
    } finally {
      await visitor.context.close()
    }
  })
})
