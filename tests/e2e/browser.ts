// Headless Debian Chromium for the panel's end-to-end tests (install it with
// scripts/ensure-browser.sh). Pages are offline: any request that does not go
// to the panel is blocked and recorded, so a test can assert there were none.
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, type BrowserContext, type Locator, type Page, chromium } from 'playwright-core'
import { afterAll, afterEach } from 'vitest'

export const CHROMIUM = '/usr/bin/chromium'
export const ARTIFACTS = join(process.cwd(), 'test-artifacts')

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/ensure-browser.sh first`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

export interface PanelPage {
  context: BrowserContext
  page: Page
  /** Requests that tried to leave the panel's origin (blocked). */
  external: string[]
  /** Uncaught page errors and console errors. */
  errors: string[]
}

export async function openPage(browser: Browser, base: string): Promise<PanelPage> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, baseURL: base })
  const external: string[] = []
  const errors: string[] = []
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith(base) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue()
    external.push(url)
    return route.abort()
  })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    // the browser asks for /favicon.ico on its own; AdminJS serves none
    if (m.type() === 'error' && !/favicon|status of 404/.test(m.text())) errors.push(`console: ${m.text()}`)
  })
  return { context, page, external, errors }
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/admin/login')
  await page.fill('input[name=email]', email)
  await page.fill('input[name=password]', password)
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/login')), page.click('form button')])
}

/**
 * After each test of the file: a failing test leaves a screenshot of each page
 * it opened (`<prefix>-<test>-<n>.png`), and the pages' contexts are closed.
 */
export function closePagesAfterEach(opened: PanelPage[], prefix = 'failure'): void {
  afterEach(async (test) => {
    if (test.task.result?.state === 'fail') {
      const name = test.task.name.slice(0, 40).replace(/\W+/g, '-')
      for (const [i, p] of opened.entries()) await p.page.screenshot({ path: artifact(`${prefix}-${name}-${i}.png`), fullPage: true }).catch(() => {})
    }
    for (const p of opened.splice(0)) await p.context.close().catch(() => {})
  })
}

/**
 * Pages of a test file on its panel (`target()`: the file's browser and panel
 * address, once they are up): `open()` opens one; each is closed after its
 * test as closePagesAfterEach does, and any left at the end of the file.
 */
export function pagesOn(target: () => { browser: Browser; base: string }, prefix = 'failure'): () => Promise<PanelPage> {
  const opened: PanelPage[] = []
  closePagesAfterEach(opened, prefix)
  afterAll(async () => {
    for (const p of opened) await p.context.close().catch(() => {})
  })
  return async () => {
    const { browser, base } = target()
    const p = await openPage(browser, base)
    opened.push(p)
    return p
  }
}

/** Fills the content form as a quiz (it has no title field: the question names it). */
export async function fillQuiz(page: Page, quiz: { question: string; options: string[]; answer: number; explanation?: string }): Promise<void> {
  await page.selectOption('#kind', 'QUIZ')
  await page.fill('#quizQuestion', quiz.question)
  await page.fill('#quizOptionsText', quiz.options.join('\n'))
  await page.selectOption('#quizCorrectIndex', String(quiz.answer))
  if (quiz.explanation !== undefined) await page.fill('#quizExplanation', quiz.explanation)
  await page.press(quiz.explanation !== undefined ? '#quizExplanation' : '#quizCorrectIndex', 'Tab')
}

export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true })
  return join(ARTIFACTS, name)
}

/** Waits until the locator's first match is visible. */
export async function visible(locator: Locator): Promise<Locator> {
  await locator.first().waitFor({ state: 'visible' })
  return locator.first()
}

/** The locator's text once it is visible (trimmed). */
export async function textOf(locator: Locator): Promise<string> {
  return ((await (await visible(locator)).textContent()) ?? '').trim()
}

/** The text of the newest notice (AdminJS's toast), once one shows. */
export async function noticeText(page: Page): Promise<string> {
  return textOf(page.getByTestId('notice-wrapper'))
}

/** Closes AdminJS's toasts (they cover the top of the page for a few seconds). */
export async function dismissNotices(page: Page): Promise<void> {
  const close = page.locator('[data-testid=notice-wrapper] button')
  for (let i = 0; i < 10 && (await close.count()) > 0; i++) await close.first().click({ timeout: 2000 }).catch(() => {})
}
