// Live co-authoring in headless Chromium: the owner and a co-author, each in
// their own browser context and on their own admin instance (two admin roles
// on one PostgreSQL and one Redis), see each other on the course page, see a
// reorder by the other (buttons or drag-and-drop) without reloading, and an
// open edit form says so when the other saves the same record.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import type { User } from '../../src/domain'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, text } from '../fixtures/factories'
import { PASSWORD, makeStaffUser, startPanel } from '../admin/support'
import { type PanelPage, artifact, closePagesAfterEach, dismissNotices, launchBrowser, openPage, signIn, textOf, visible } from './browser'

let a: AppContext
let b: AppContext
let panelA: Awaited<ReturnType<typeof startPanel>>
let panelB: Awaited<ReturnType<typeof startPanel>>
let browser: Browser
let alice: User, bob: User
let course: Awaited<ReturnType<typeof makeCourse>>
const opened: PanelPage[] = []

const until = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 })

async function as(user: User, panel: { url: string }): Promise<PanelPage> {
  const p = await openPage(browser, panel.url)
  opened.push(p)
  await signIn(p.page, user.email!, PASSWORD)
  return p
}

/** Module titles in the order the tree shows them. */
const treeOrder = (p: PanelPage) => p.page.locator('[data-testid=tree-modules] > li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-module-title')))

beforeAll(async () => {
  a = await openTestContext()
  b = await openTestContext()
  await resetData(a)
  alice = await makeStaffUser(a, 'alice.cowork@example.test', 'AUTHOR', 'Alice')
  bob = await makeStaffUser(a, 'bob.cowork@example.test', 'AUTHOR', 'Bob')
  course = await makeCourse(a, alice, {
    title: 'Written together',
    published: false,
    modules: [{ title: 'First', contents: [] }, { title: 'Second', contents: [] }, { title: 'Third', contents: [] }],
  })
  await a.domain.authoring.setCoAuthors(actor(alice), course.id, [bob.id])
  ;[panelA, panelB, browser] = await Promise.all([startPanel(a), startPanel(b), launchBrowser()])
}, 120_000)

closePagesAfterEach(opened, 'live-failure')

afterAll(async () => {
  await browser?.close()
  await panelA?.stop()
  await panelB?.stop()
  await a?.close()
  await b?.close()
})

describe('two authors on one course', () => {
  it('see each other, and a reorder by one appears in the other tree without a reload', { timeout: 90_000 }, async () => {
    const owner = await as(alice, panelA)
    const coAuthor = await as(bob, panelB)
    const tree = `/admin/resources/Course/records/${course.id}/tree`
    await owner.page.goto(tree)
    await coAuthor.page.goto(tree)

    await until(() => textOf(owner.page.getByTestId(`presence-user-${bob.id}`))).toContain('Bob')
    await until(() => textOf(coAuthor.page.getByTestId(`presence-user-${alice.id}`))).toContain('Alice')
    expect(await textOf(owner.page.getByTestId(`presence-user-${bob.id}`))).toContain('viewing the course')
    expect(await treeOrder(owner)).toEqual(['First', 'Second', 'Third'])

    // a marker that a reload would wipe
    await owner.page.evaluate(() => ((window as any).__sameDocument = true))
    await coAuthor.page.getByTestId(`module-down-${course.moduleIds[0]}`).click()
    await until(() => treeOrder(coAuthor)).toEqual(['Second', 'First', 'Third'])
    await until(() => treeOrder(owner)).toEqual(['Second', 'First', 'Third'])
    await until(() => textOf(owner.page.getByTestId('live-last-change'))).toBe('Bob reordered modules')
    expect(await owner.page.evaluate(() => (window as any).__sameDocument)).toBe(true)
    await owner.page.screenshot({ path: artifact('live-tree-presence.png') })

    // Bob leaves the course page: he disappears from Alice's
    await coAuthor.page.goto('/admin/resources/Subject')
    await until(() => owner.page.getByTestId(`presence-user-${bob.id}`).count()).toBe(0)
    expect([...owner.errors, ...coAuthor.errors]).toEqual([])
  })

  it('warns an open edit form that a co-author saved the same record meanwhile', { timeout: 90_000 }, async () => {
    const owner = await as(alice, panelA)
    const coAuthor = await as(bob, panelB)
    const third = course.moduleIds[2]!
    const edit = `/admin/resources/Module/records/${third}/edit`

    await coAuthor.page.goto(`/admin/resources/Course/records/${course.id}/tree`)
    await owner.page.goto(edit)
    await visible(owner.page.locator('#title'))
    // Bob's tree says what Alice is editing
    await until(() => textOf(coAuthor.page.getByTestId(`presence-user-${alice.id}`))).toContain('editing module “Third”')

    await coAuthor.page.goto(edit)
    await until(() => textOf(owner.page.getByTestId('co-editing'))).toBe('Bob is editing this too.')
    await until(() => textOf(coAuthor.page.getByTestId('co-editing'))).toBe('Alice is editing this too.')
    expect(await owner.page.getByTestId('changed-meanwhile').count()).toBe(0)

    await coAuthor.page.fill('#title', 'Third, reworked')
    await coAuthor.page.press('#title', 'Tab')
    await coAuthor.page.click('[data-testid=button-save]')
    await coAuthor.page.waitForURL(/\/tree/)

    // before Alice saves anything, her form says so
    await until(() => textOf(owner.page.getByTestId('changed-meanwhile'))).toContain('This module was changed by Bob meanwhile')
    await owner.page.screenshot({ path: artifact('live-changed-meanwhile.png') })
    await dismissNotices(coAuthor.page)
    // and Bob's own save did not warn Bob (his form is gone; his tree shows the new title)
    await visible(coAuthor.page.locator('[data-module-title="Third, reworked"]'))
    // reloading gives Alice the latest version
    await owner.page.getByTestId('changed-meanwhile').getByRole('button').click()
    await until(() => owner.page.locator('#title').inputValue()).toBe('Third, reworked')
    expect(await owner.page.getByTestId('changed-meanwhile').count()).toBe(0)
    expect([...owner.errors, ...coAuthor.errors]).toEqual([])
  })

  it('reloads an open module list when a co-author renames a module on another instance', { timeout: 60_000 }, async () => {
    const owner = await as(alice, panelA)
    await owner.page.goto(`/admin/resources/Module?filters.course=${course.id}&sortBy=order&direction=asc`)
    await visible(owner.page.locator('[data-testid=live-list][data-live=on]'))
    await visible(owner.page.getByText('Second', { exact: true }))
    await owner.page.evaluate(() => ((window as any).__sameDocument = true))
    await b.domain.authoring.updateModule(actor(bob), course.moduleIds[1]!, { title: 'Second, renamed by Bob' })
    await visible(owner.page.getByText('Second, renamed by Bob'))
    expect(await owner.page.evaluate(() => (window as any).__sameDocument)).toBe(true)
    expect(owner.errors).toEqual([])
  })

  it('reorders modules and contents by drag-and-drop: saved, and shown live in the co-author’s tree', { timeout: 90_000 }, async () => {
    const first = (await a.ports.courses.loadTree(course.id))!.modules[0]!
    const [x, y] = [
      await a.domain.authoring.createContent(actor(alice), first.id, text('Drag me second')),
      await a.domain.authoring.createContent(actor(alice), first.id, text('Drag me first')),
    ]
    const owner = await as(alice, panelA)
    const coAuthor = await as(bob, panelB)
    const tree = `/admin/resources/Course/records/${course.id}/tree`
    await owner.page.goto(tree)
    await coAuthor.page.goto(tree)
    const modules = (await a.ports.courses.loadTree(course.id))!.modules
    const titles = modules.map((m) => m.title)
    await until(() => treeOrder(coAuthor)).toEqual(titles)
    await until(() => textOf(owner.page.getByTestId(`presence-user-${bob.id}`))).toContain('Bob')
    await owner.page.evaluate(() => ((window as any).__sameDocument = true))

    // Bob drags the last module onto the first one: it takes its place
    const last = modules.at(-1)!
    await coAuthor.page.getByTestId(`module-handle-${last.id}`).dragTo(coAuthor.page.getByTestId(`tree-module-${modules[0]!.id}`))
    const expected = [last.title, ...titles.slice(0, -1)]
    await until(async () => (await a.ports.courses.loadTree(course.id))!.modules.map((m) => m.title)).toEqual(expected)
    await until(() => treeOrder(coAuthor)).toEqual(expected)
    await until(() => treeOrder(owner)).toEqual(expected)
    await until(() => textOf(owner.page.getByTestId('live-last-change'))).toBe('Bob reordered modules')

    // and a content within its module
    await coAuthor.page.getByTestId(`content-handle-${y.id}`).dragTo(coAuthor.page.getByTestId(`tree-content-${x.id}`))
    await until(async () => (await a.ports.courses.listContents(first.id)).map((c) => c.title)).toEqual(['Drag me first', 'Drag me second'])
    const contentOrder = (p: PanelPage) => p.page.locator(`[data-testid=tree-module-${first.id}] li[data-content-title]`).evaluateAll((lis) => lis.map((li) => li.getAttribute('data-content-title')))
    await until(() => contentOrder(owner)).toEqual(['Drag me first', 'Drag me second'])
    expect(await owner.page.evaluate(() => (window as any).__sameDocument)).toBe(true)
    await coAuthor.page.screenshot({ path: artifact('live-drag-and-drop.png') })

    // the order stays after a reload
    await coAuthor.page.reload()
    await until(() => treeOrder(coAuthor)).toEqual(expected)
    expect(await contentOrder(coAuthor)).toEqual(['Drag me first', 'Drag me second'])
    expect([...owner.errors, ...coAuthor.errors]).toEqual([])
  })

  it('tells a form that the same author saved its record in another tab, and refuses its stale save', { timeout: 90_000 }, async () => {
    const owner = await as(alice, panelA)
    const other = await owner.context.newPage() // a second tab of the same browser (same session)
    const moduleId = course.moduleIds[0]!
    const edit = `/admin/resources/Module/records/${moduleId}/edit`
    await owner.page.goto(edit)
    await other.goto(edit)
    await visible(owner.page.locator('#title'))
    await visible(other.locator('#title'))
    await until(() => owner.page.locator('[data-testid=version-field]').count()).toBe(1)

    await other.fill('#title', 'Saved in the other tab')
    await other.press('#title', 'Tab')
    await other.click('[data-testid=button-save]')
    await other.waitForURL(/\/tree/)
    await until(() => textOf(owner.page.getByTestId('changed-meanwhile'))).toContain('This module was changed by you in another tab meanwhile')

    // saving the stale form anyway is refused, and the other tab's title stays
    await owner.page.fill('#title', 'Saved in the first tab')
    await owner.page.press('#title', 'Tab')
    await owner.page.click('[data-testid=button-save]')
    await until(() => textOf(owner.page.getByTestId('stale-edit'))).toContain('This module was changed by someone else since you opened it; reload and apply your edit again')
    expect((await a.ports.courses.findModule(moduleId))!.title).toBe('Saved in the other tab')
    expect(owner.errors).toEqual([])
  })
})

