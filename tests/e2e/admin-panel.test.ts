// The author panel end to end, in headless Chromium against the running admin
// role (real PostgreSQL and Redis). One browser for the file; a fresh context
// (cookies) per user.
import { readFileSync } from 'node:fs'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_COURSE_SLUG, seed } from '../../prisma/seed'
import { createApi } from '../../src/api'
import { PANEL_LOCALE } from '../../src/admin/preview'
import { apiDeps } from '../../src/api/server'
import type { AppContext } from '../../src/context'
import { lessonPosition } from '../../src/domain/delivery/lesson'
import { buildLessonPlan } from '../../src/domain/delivery/plan-builder'
import { DISCORD_PROFILE, TELEGRAM_PROFILE } from '../../src/domain/delivery/profile'
import { translator } from '../../src/i18n/translator'
import { openTestContext, resetData } from '../fixtures/context'
import { PASSWORD, makeStaffUser, seedActivity, startPanel } from '../admin/support'
import { artifact, dismissNotices, fillQuiz, launchBrowser, noticeText, pagesOn, signIn, textOf, visible } from './browser'

const ALICE = 'alice.author@example.test'
const BOB = 'bob.author@example.test'
const PNG = readFileSync(new URL('../../prisma/seed-assets/select-diagram.png', import.meta.url))
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n')

let ctx: AppContext
let panel: Awaited<ReturnType<typeof startPanel>>
let browser: Browser
const open = pagesOn(() => ({ browser, base: panel.url }))

beforeAll(async () => {
  ctx = await openTestContext()
  await resetData(ctx)
  await seed(ctx)
  await makeStaffUser(ctx, ALICE, 'AUTHOR', 'Alice')
  await makeStaffUser(ctx, BOB, 'AUTHOR', 'Bob')
  await seedActivity(ctx, DEMO_COURSE_SLUG)
  ;[panel, browser] = await Promise.all([startPanel(ctx), launchBrowser()])
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await panel?.stop()
  await ctx?.close()
})

/** Retries an assertion's subject until it holds (the page updates asynchronously). */
const until = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000, interval: 100 })

const api = () => createApi(apiDeps(ctx))
const apiGet = async (path: string) => (await api().handle(new Request(`http://localhost${path}`))).json()

describe('author panel in a browser', () => {
  it('refuses a wrong password', async () => {
    const { page } = await open()
    await page.goto('/admin/login')
    await page.fill('input[name=email]', ALICE)
    await page.fill('input[name=password]', 'not the password')
    await page.click('form button')
    await visible(page.getByText('Wrong email or password'))
    expect(new URL(page.url()).pathname).toBe('/admin/login')
    // and nothing behind the login is reachable without a session
    await page.goto('/admin/resources/Course')
    expect(new URL(page.url()).pathname).toBe('/admin/login')
  })

  let courseId = 0
  let basicsId = 0
  let advancedId = 0
  let imageContentId = 0

  it('lets an author build a course with every kind of content, reorder modules and publish', { timeout: 120_000 }, async () => {
    const { page, external, errors } = await open()
    await signIn(page, ALICE, PASSWORD)

    // a subject
    await page.goto('/admin/resources/Subject/actions/new')
    await page.fill('#title', 'Data science')
    await page.fill('#slug', 'data-science')
    await page.press('#slug', 'Tab')
    await page.click('[data-testid=button-save]')
    await page.waitForURL(/\/admin\/resources\/Subject(\?|$)/)
    const subject = await ctx.db.prisma.subject.findUniqueOrThrow({ where: { slug: 'data-science' } })

    // a course in it, from the subject's "Add a course" action
    await page.goto(`/admin/resources/Subject/records/${subject.id}/show`)
    await page.click('[data-testid=action-addCourse]')
    await page.waitForURL(/\/admin\/resources\/Course\/actions\/new\?subject=/)
    await page.fill('#title', 'Pandas in practice')
    await page.fill('#slug', 'pandas-in-practice')
    await page.fill('#overview', 'Load, clean and summarise data with pandas.')
    await page.press('#overview', 'Tab')
    await page.click('[data-testid=button-save]')
    await page.waitForURL(/\/admin\/resources\/Course\/records\/\d+\/tree/)
    courseId = Number(/records\/(\d+)\/tree/.exec(page.url())![1])
    await until(() => textOf(page.getByTestId('course-status'))).toBe('Draft')

    // two modules
    for (const title of ['Basics', 'Advanced']) {
      await page.getByTestId('tree-add-module').click()
      await page.waitForURL(/\/admin\/resources\/Module\/actions\/new\?course=/)
      await page.fill('#title', title)
      await page.fill('#description', `${title} of pandas`)
      await page.press('#description', 'Tab')
      await page.click('[data-testid=button-save]')
      await page.waitForURL(/\/tree/)
      await visible(page.locator(`[data-module-title="${title}"]`))
    }
    const modules = await ctx.db.prisma.module.findMany({ where: { courseId }, orderBy: { order: 'asc' } })
    ;[basicsId, advancedId] = [modules[0]!.id, modules[1]!.id]

    // one content of every kind in Basics
    const addContent = async (fill: () => Promise<void>) => {
      await page.getByTestId(`tree-add-content-${basicsId}`).click()
      await page.waitForURL(/\/admin\/resources\/Content\/actions\/new\?module=/)
      await fill()
      await page.click('[data-testid=button-save]')
      await page.waitForURL(/\/tree/)
      await until(() => noticeText(page)).toContain('added')
    }
    await addContent(async () => {
      await page.fill('#title', 'Welcome')
      await page.fill('#body', '**Hello** pandas! <script>window.__pwned = 1</script>\n\n- read\n- clean')
      // the live preview: the same blocks and renderer as "preview as student", in the browser
      await page.getByTestId('markdown-preview-toggle').click()
      const live = page.getByTestId('markdown-preview')
      await visible(live.locator('strong', { hasText: 'Hello' }))
      await until(() => textOf(live)).toContain('<script>window.__pwned = 1</script>')
      await until(() => textOf(live)).toContain('• read')
      await page.getByTestId('markdown-preview-toggle').click()
    })
    await addContent(async () => {
      await page.selectOption('#kind', 'IMAGE')
      await page.fill('#title', 'A DataFrame')
      await page.getByTestId('upload-input').setInputFiles({ name: 'frame.png', mimeType: 'image/png', buffer: PNG })
      await page.fill('#body', 'Rows and _columns_')
    })
    await addContent(async () => {
      await page.selectOption('#kind', 'FILE')
      await page.fill('#title', 'Cheat sheet')
      await page.getByTestId('upload-input').setInputFiles({ name: 'pandas.pdf', mimeType: 'application/pdf', buffer: PDF })
    })
    await addContent(async () => {
      await page.selectOption('#kind', 'VIDEO')
      await page.fill('#title', 'Ten minutes to pandas')
      await page.fill('#videoUrl', 'https://video.example.test/pandas.mp4')
      await page.press('#videoUrl', 'Tab')
    })
    await addContent(async () => {
      await fillQuiz(page, { question: 'Which call reads a CSV file?', options: ['pd.load_csv', 'pd.read_csv', 'pd.open'], answer: 1, explanation: 'read_csv reads a CSV file into a DataFrame.' })
      expect(await page.locator('#title').count()).toBe(0) // (its question names it)
    })
    const contents = await ctx.db.prisma.content.findMany({ where: { moduleId: basicsId }, orderBy: { order: 'asc' } })
    expect(contents.map((c) => c.kind)).toEqual(['TEXT', 'IMAGE', 'FILE', 'VIDEO', 'QUIZ'])
    const [, image, file, , quiz] = contents
    imageContentId = image!.id
    expect(image).toMatchObject({ mimeType: 'image/png', fileName: 'frame.png', fileSize: PNG.length })
    expect(file).toMatchObject({ mimeType: 'application/pdf', fileName: 'pandas.pdf' })
    expect(quiz).toMatchObject({ quizOptions: ['pd.load_csv', 'pd.read_csv', 'pd.open'], quizCorrectIndex: 1 })
    expect(Buffer.from(await ctx.files.read(image!.filePath!))).toEqual(PNG)

    // the stored image is served back to its author
    const served = await page.request.get(`/admin/files/content/${image!.id}`)
    expect(served.status()).toBe(200)
    expect(served.headers()['content-type']).toBe('image/png')

    // reorder: Basics down, so Advanced comes first
    await dismissNotices(page)
    await page.getByTestId(`module-down-${basicsId}`).click()
    await until(() => noticeText(page)).toContain('Moved down')
    await dismissNotices(page)
    await until(() => page.locator('[data-module-title]').first().getAttribute('data-module-title')).toBe('Advanced')

    // Advanced is empty: publishing is still allowed (the course has content); publish
    await page.getByTestId('tree-publish').click()
    await until(() => textOf(page.getByTestId('course-status'))).toBe('Published')
    await until(() => noticeText(page)).toContain('is published')

    // the public API lists it, modules in the new order
    const courses = (await apiGet('/api/courses')) as Array<{ slug: string }>
    expect(courses.map((c) => c.slug)).toContain('pandas-in-practice')
    const tree = (await apiGet('/api/courses/pandas-in-practice')) as { modules: Array<{ title: string }> }
    expect(tree.modules.map((m) => m.title)).toEqual(['Advanced', 'Basics'])

    // every step is in the course's audit trail, by Alice
    const audit = await ctx.db.prisma.auditEntry.findMany({ where: { courseId }, orderBy: { id: 'asc' } })
    expect(audit.map((a) => `${a.action} ${a.entity}`)).toEqual([
      'create course',
      'create module',
      'create module',
      'create content',
      'create content',
      'create content',
      'create content',
      'create content',
      'reorder module',
      'publish course',
    ])
    const alice = await ctx.db.prisma.user.findUniqueOrThrow({ where: { email: ALICE } })
    expect(audit.every((a) => a.actorId === alice.id)).toBe(true)

    // screenshots: the course tree and the course's module list
    await page.screenshot({ path: artifact('course-tree.png'), fullPage: true })
    await page.goto(`/admin/resources/Module?filters.course=${courseId}&sortBy=order&direction=asc`)
    await visible(page.getByText('Advanced').first())
    await page.screenshot({ path: artifact('module-list.png'), fullPage: true })

    expect(external).toEqual([])
    expect(errors).toEqual([])
  })

  it('previews a module as the bots send it, per platform, with Markdown rendered safely', async () => {
    // a text longer than a Telegram message: the preview shows the bot's messages, one bubble each
    const alice = await ctx.db.prisma.user.findUniqueOrThrow({ where: { email: ALICE } })
    const sentence = 'A DataFrame is a table of **columns** that share an index. '
    const body = [sentence.repeat(70), sentence.repeat(70), sentence.repeat(20)].join('\n\n')
    const long = await ctx.domain.authoring.createContent({ id: alice.id, role: 'AUTHOR' }, basicsId, { kind: 'TEXT', title: 'Long read', body })
    const tree = (await ctx.ports.courses.loadTree(courseId))!
    const position = lessonPosition(tree, long)
    const lesson = { content: long, courseId, position, nav: { first: false, last: position.index >= position.total } }
    const t = translator().forLocale(PANEL_LOCALE)
    const sent = buildLessonPlan(lesson, TELEGRAM_PROFILE, t).messages
    const sentOnDiscord = buildLessonPlan(lesson, DISCORD_PROFILE, t).messages
    expect(sent.length).toBeGreaterThan(2)
    expect(sentOnDiscord.length).toBeGreaterThan(sent.length)

    const { page, errors } = await open()
    await signIn(page, ALICE, PASSWORD)
    await page.goto(`/admin/resources/Module/records/${basicsId}/preview`)
    const preview = page.getByTestId('module-preview')
    await visible(preview)
    const text = preview.getByTestId('preview-message-TEXT')
    await visible(text.locator('strong', { hasText: 'Hello' }))
    await until(() => textOf(text)).toContain('<script>window.__pwned = 1</script>')
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
    const img = preview.getByTestId('preview-image')
    await visible(img)
    await until(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(0)
    await until(() => textOf(preview.getByTestId('preview-file'))).toContain('pandas.pdf')
    await until(() => textOf(preview.getByTestId('preview-message-VIDEO'))).toContain('https://video.example.test/pandas.mp4')
    await until(() => textOf(preview.getByTestId('preview-quiz-question'))).toBe('Which call reads a CSV file?')
    await until(() => preview.getByTestId('preview-quiz-option').allTextContents()).toEqual(['pd.load_csv', 'pd.read_csv', 'pd.open'])
    const longBubbles = preview.locator(`[data-content-id="${long.id}"] [data-testid=preview-bubble]`)
    await until(() => longBubbles.count()).toBe(sent.length)
    await until(() => textOf(longBubbles.first())).toContain('Long read')
    await page.screenshot({ path: artifact('module-preview.png'), fullPage: true })

    // the same module as the Discord bot sends it: 2,000-character messages, the quiz with answer buttons
    await page.getByTestId('preview-platform-DISCORD').click()
    await visible(preview.locator('[data-testid=preview-chat][data-platform=DISCORD]'))
    await until(() => longBubbles.count()).toBe(sentOnDiscord.length)
    await until(() => textOf(longBubbles.first())).toContain('Long read')
    await until(() => preview.getByTestId('preview-quiz-question').count()).toBe(0)
    await until(() => textOf(preview.getByTestId('preview-message-QUIZ'))).toContain('Which call reads a CSV file?')
    await until(() => preview.getByTestId('preview-button').allTextContents()).toEqual(expect.arrayContaining(['1. pd.load_csv', '2. pd.read_csv', '3. pd.open']))
    await page.screenshot({ path: artifact('module-preview-discord.png'), fullPage: true })
    expect(errors).toEqual([])
  })

  it('warns about a stale edit instead of overwriting a newer change', async () => {
    const { page } = await open()
    await signIn(page, ALICE, PASSWORD)
    await page.goto(`/admin/resources/Module/records/${advancedId}/edit`)
    await visible(page.getByTestId('version-field'))
    // meanwhile the same module is saved from another tab
    const alice = await ctx.db.prisma.user.findUniqueOrThrow({ where: { email: ALICE } })
    await ctx.domain.authoring.updateModule({ id: alice.id, role: 'AUTHOR' }, advancedId, { description: 'Changed in another tab' })
    await page.fill('#title', 'Advanced topics')
    await page.press('#title', 'Tab')
    await page.click('[data-testid=button-save]')
    await until(() => textOf(page.getByTestId('stale-edit'))).toContain('This module was changed by someone else since you opened it')
    expect(new URL(page.url()).pathname).toBe(`/admin/resources/Module/records/${advancedId}/edit`)
    expect((await ctx.ports.courses.findModule(advancedId))!.title).toBe('Advanced')
  })

  it("keeps a second author out of the first author's course, even by URL", async () => {
    const { page } = await open()
    await signIn(page, BOB, PASSWORD)
    await page.goto('/admin/resources/Course')
    await visible(page.getByText('Nothing here yet.'))
    await until(() => page.getByText('Pandas in practice').count()).toBe(0)

    for (const path of [
      `/admin/resources/Course/records/${courseId}/show`,
      `/admin/resources/Course/records/${courseId}/edit`,
      `/admin/resources/Course/records/${courseId}/tree`,
      `/admin/resources/Module/records/${basicsId}/show`,
      `/admin/resources/Module/records/${advancedId}/preview`,
      `/admin/resources/Content/records/${imageContentId}/edit`,
    ]) {
      await page.goto(path)
      await visible(page.getByText(/does not exist|could not be found|Not found/i).first())
      await until(() => page.getByText('Pandas in practice').count()).toBe(0)
      await until(() => page.getByText('Basics').count()).toBe(0)
    }
    expect((await page.request.get(`/admin/files/content/${imageContentId}`)).status()).toBe(404)
    const apiShow = await (await page.request.get(`/admin/api/resources/Course/records/${courseId}/show`)).json()
    expect(apiShow.record.params).toEqual({})
    expect(apiShow.notice.type).toBe('error')

    // Bob's dashboard knows nothing of it either
    await page.goto(`/admin?course=${courseId}`)
    await visible(page.getByTestId('dashboard'))
    await until(() => page.getByText('Pandas in practice').count()).toBe(0)
  })

  it('shows the demo course metrics as charts on the dashboard', async () => {
    const { page, external, errors } = await open()
    await signIn(page, ctx.config.admin.email, ctx.config.admin.password)
    const demo = (await ctx.ports.courses.findCourseBySlug(DEMO_COURSE_SLUG))!
    await page.goto(`/admin?course=${demo.id}`)
    await visible(page.getByTestId('chart-funnel'))
    await until(() => textOf(page.getByTestId('metric-enrolled'))).toContain('6')
    await until(() => textOf(page.getByTestId('metric-active'))).toContain('5')
    await until(() => textOf(page.getByTestId('metric-quiz'))).toContain('50%')
    // enrolled + one step per module: 6 -> 6 -> 4 -> 2
    await until(() => page.getByTestId('funnel-step').count()).toBe(4)
    await until(() => textOf(page.getByTestId('chart-funnel'))).toContain('Enrolled')
    await until(() => page.getByTestId('chart-quiz').getByTestId('quiz-bar').count()).toBe(1)
    await until(() => page.getByTestId('chart-platforms').getByTestId('donut-slice').count()).toBe(3)
    await until(() => textOf(page.getByTestId('chart-platforms'))).toContain('Telegram: 3')
    await page.screenshot({ path: artifact('dashboard.png'), fullPage: true })
    expect(external).toEqual([])
    expect(errors).toEqual([])
  })
})
