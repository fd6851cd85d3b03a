// The panel in Russian and English, in headless Chromium: an author whose
// profile speaks Russian builds and publishes a course without meeting an
// English word, and the language switch stores its choice in the profile.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import { sessionCookieName } from '../../src/admin/session-store'
import { openTestContext, resetData } from '../fixtures/context'
import { PASSWORD, makeStaffUser, startPanel } from '../admin/support'
import { artifact, fillQuiz, launchBrowser, noticeText, pagesOn, signIn, textOf, visible } from './browser'

const OLGA = 'olga@example.test'
const EVE = 'eve@example.test'

let ctx: AppContext
let panel: Awaited<ReturnType<typeof startPanel>>
let browser: Browser
const open = pagesOn(() => ({ browser, base: panel.url }), 'failure-i18n')

beforeAll(async () => {
  ctx = await openTestContext()
  ;[panel, browser] = await Promise.all([startPanel(ctx), launchBrowser()])
}, 120_000)

beforeEach(async () => {
  await resetData(ctx)
})

afterAll(async () => {
  await browser?.close()
  await panel?.stop()
  await ctx?.close()
})

const until = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000, interval: 100 })

/** Names that stay as they are in Russian. */
const BRANDS = /TaskMetrics|Markdown|Discord|Telegram/g

/** Latin words in a part of the page (brand names aside): English left untranslated. */
async function latinWords(page: Page, selector: string): Promise<string[]> {
  const text = await page.locator(selector).first().innerText()
  return text.replace(BRANDS, '').match(/[A-Za-z]{2,}/g) ?? []
}

/** The toasts shown at once. */
const toastCount = (page: Page) => page.locator('[data-testid=notice-wrapper] > *').count()

describe('the author panel in Russian', () => {
  it('an author builds a course in Russian end to end', { timeout: 180_000 }, async () => {
    const olga = await makeStaffUser(ctx, OLGA, 'AUTHOR', 'Ольга', 'ru')
    const subject = await ctx.domain.authoring.createSubject({ id: olga.id, role: 'AUTHOR' }, { title: 'Базы данных', slug: '' })
    expect(subject.slug).toBe('bazy-dannykh') // proposed from the title on the server too

    const { page, errors, external } = await open()
    await signIn(page, OLGA, PASSWORD)

    // Russian everywhere: the sidebar, the dashboard, the top bar
    await visible(page.getByText('Статистика курсов'))
    await page.locator('[data-css=sidebar]').getByText('Курсы', { exact: true }).click()
    await page.locator('[data-css=sidebar]').getByText('Активность', { exact: true }).click()
    await visible(page.locator('[data-css=sidebar]').getByText('Материалы'))
    const sidebar = await textOf(page.locator('[data-css=sidebar]'))
    for (const name of ['Курсы', 'Предметы', 'Модули', 'Материалы', 'Журнал изменений']) expect(sidebar).toContain(name)
    expect(await latinWords(page, '[data-css=sidebar]')).toEqual([])
    expect(await page.getAttribute('html', 'lang')).toBe('ru')
    expect(await page.getByTestId('language-switch').getAttribute('data-language')).toBe('ru')

    // a course from the subject's page: the slug follows the Russian title, in Latin
    await page.goto(`/admin/resources/Subject/records/${subject.id}/show`)
    await visible(page.getByTestId('action-addCourse'))
    expect(await latinWords(page, '[data-css=action-header], [data-testid=action-addCourse]')).toEqual([])
    await page.getByTestId('action-addCourse').click()
    await page.waitForURL(/\/admin\/resources\/Course\/actions\/new\?subject=/)
    await page.locator('#title').pressSequentially('Основы SQL: выборка')
    await until(() => page.inputValue('#slug')).toBe('osnovy-sql-vyborka')
    // still the author's to edit
    await page.fill('#slug', 'osnovy-sql')
    await page.fill('#title', 'Основы SQL')
    await page.press('#title', 'Tab')
    expect(await page.inputValue('#slug')).toBe('osnovy-sql')
    await page.click('[data-testid=button-save]')
    await page.waitForURL(/\/admin\/resources\/Course\/records\/\d+\/tree/)
    const courseId = Number(/records\/(\d+)\/tree/.exec(page.url())![1])
    await until(() => noticeText(page)).toContain('Курс «Основы SQL» создан')
    expect((await ctx.db.prisma.course.findUniqueOrThrow({ where: { id: courseId } })).slug).toBe('osnovy-sql')
    await until(() => textOf(page.getByTestId('course-status'))).toBe('Черновик')
    // (the only Latin words are the author's own: the title's "SQL" twice, and the slug)
    expect(await latinWords(page, '[data-testid=course-tree]')).toEqual(['SQL', 'SQL', 'osnovy', 'sql'])

    // a module
    await page.getByTestId('tree-add-module').click()
    await page.waitForURL(/\/admin\/resources\/Module\/actions\/new\?course=/)
    await page.fill('#title', 'Первые запросы')
    await page.press('#title', 'Tab')
    await page.click('[data-testid=button-save]')
    await page.waitForURL(/\/tree/)
    await visible(page.locator('[data-module-title="Первые запросы"]'))
    const moduleId = (await ctx.db.prisma.module.findFirstOrThrow({ where: { courseId } })).id

    const newContent = async () => {
      await page.getByTestId(`tree-add-content-${moduleId}`).click()
      await page.waitForURL(/\/admin\/resources\/Content\/actions\/new\?module=/)
    }

    // a bad input first: a human Russian message under the field, no field ids, no English
    await newContent()
    await page.selectOption('#kind', 'VIDEO')
    await page.fill('#title', 'Видео')
    await page.fill('#videoUrl', 'javascript:alert(1)')
    await page.press('#videoUrl', 'Tab')
    await page.click('[data-testid=button-save]')
    const bad = 'Ссылка на видео должна начинаться с http:// или https://.'
    await visible(page.getByText(bad).first())
    await until(() => noticeText(page)).toContain(bad)
    const form = await page.locator('form').first().innerText()
    expect(form).not.toMatch(/videoUrl|must|content/)
    expect(await ctx.db.prisma.content.count()).toBe(0)

    // back in the tree, the error toast stays behind with its form
    expect(await toastCount(page)).toBe(1)
    await page.goBack()
    await page.waitForURL(/\/tree/)
    await until(() => toastCount(page)).toBe(0)

    // a text lesson
    await newContent()
    await page.fill('#title', 'Что такое SQL')
    await page.fill('#body', '**SQL** — язык запросов к базам данных.')
    await page.press('#body', 'Tab')
    await page.click('[data-testid=button-save]')
    await page.waitForURL(/\/tree/)
    await until(() => noticeText(page)).toContain('Текст: «Что такое SQL» — добавлено')

    // a quiz: the question is typed once and names the quiz
    await newContent()
    await fillQuiz(page, { question: 'Какая команда выбирает строки из таблицы?', options: ['INSERT', 'SELECT', 'DELETE'], answer: 1 })
    expect(await page.locator('#title').count()).toBe(0)
    // the options' labels and hints are Russian
    await visible(page.getByText('Вариантов: 3; в тесте их от 2 до 10.'))
    await page.click('[data-testid=button-save]')
    await page.waitForURL(/\/tree/)
    await until(() => noticeText(page)).toContain('добавлено')
    const quiz = await ctx.db.prisma.content.findFirstOrThrow({ where: { moduleId, kind: 'QUIZ' } })
    expect(quiz).toMatchObject({ title: 'Какая команда выбирает строки из таблицы?', quizQuestion: 'Какая команда выбирает строки из таблицы?', quizCorrectIndex: 1 })
    await visible(page.getByTestId(`tree-content-${quiz.id}`).getByText('Тест'))
    expect(await toastCount(page)).toBe(1)

    // publish from the tree
    await page.getByTestId('tree-publish').click()
    await until(() => textOf(page.getByTestId('course-status'))).toBe('Опубликован')
    await until(() => noticeText(page)).toBe('Курс «Основы SQL» опубликован')
    expect(await toastCount(page)).toBe(1)
    expect((await ctx.db.prisma.course.findUniqueOrThrow({ where: { id: courseId } })).published).toBe(true)

    // the course's page: its actions are all Russian
    await page.goto(`/admin/resources/Course/records/${courseId}/show`)
    await visible(page.getByTestId('action-edit'))
    const actions = (await page.locator('[data-testid^=action-]').allInnerTexts()).join(' ')
    expect(actions).toContain('Структура курса')
    expect(actions).toContain('Роль в Discord')
    expect(actions.replace(BRANDS, '').match(/[A-Za-z]{2,}/g)).toBeNull()
    // and its history reads as Russian sentences
    await page.goto(`/admin/resources/Course/records/${courseId}/history`)
    await visible(page.getByText('Курс опубликован'))
    await visible(page.getByText('Добавлен модуль «Первые запросы»'))
    await page.screenshot({ path: artifact('course-history-ru.png'), fullPage: true })

    expect(external).toEqual([])
    expect(errors).toEqual([])
  })

  it('the switch changes the language, stores it in the profile and keeps it across sign-in', { timeout: 120_000 }, async () => {
    const eve = await makeStaffUser(ctx, EVE, 'AUTHOR', 'Eve', 'en')
    const { page, context, errors } = await open()
    await signIn(page, EVE, PASSWORD)
    await visible(page.getByText('Course metrics'))
    await page.locator('[data-css=sidebar]').getByText('Courses', { exact: true }).click()
    await visible(page.locator('[data-css=sidebar]').getByText('Contents'))

    // to Russian: the page reloads in Russian, the profile says ru
    await page.getByTestId('language-ru').click()
    await visible(page.getByText('Статистика курсов'))
    // (the sidebar keeps its open groups across the reload)
    await visible(page.locator('[data-css=sidebar]').getByText('Материалы'))
    expect((await ctx.db.prisma.profile.findUniqueOrThrow({ where: { userId: eve.id } })).locale).toBe('ru')

    // the session ends; the sign-in page already speaks Russian, and so does the panel after it
    await context.clearCookies({ name: sessionCookieName(ctx.config.redisPrefix) })
    await page.goto('/admin/login')
    await visible(page.locator('form button', { hasText: 'Войти' }))
    await page.fill('input[name=email]', EVE)
    await page.fill('input[name=password]', 'not the password')
    await page.click('form button')
    await visible(page.getByText('Неверная почта или пароль'))
    await signIn(page, EVE, PASSWORD)
    await visible(page.getByText('Статистика курсов'))

    // another browser (no cookies at all): the profile decides
    const other = await open()
    await signIn(other.page, EVE, PASSWORD)
    await visible(other.page.getByText('Статистика курсов'))

    // and back to English
    await other.page.getByTestId('language-en').click()
    await visible(other.page.getByText('Course metrics'))
    expect((await ctx.db.prisma.profile.findUniqueOrThrow({ where: { userId: eve.id } })).locale).toBe('en')
    // the first browser follows the profile on its next page
    await page.reload()
    await visible(page.getByText('Course metrics'))
    expect(errors).toEqual([])
  })
})
