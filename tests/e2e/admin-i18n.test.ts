// The panel in Russian and English, in headless Chromium: an author whose
// profile speaks Russian builds and publishes a course without meeting an
// English word, and the language switch stores its choice in the profile.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import { sessionCookieName } from '../../src/admin/session-store'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, makeStudent } from '../fixtures/factories'
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

/** Latin words in every element a selector finds (brand names and `allowed` aside). */
async function latinWordsIn(page: Page, selector: string, allowed: string[] = []): Promise<string[]> {
  const text = (await page.locator(selector).allInnerTexts()).join(' ')
  return (text.replace(BRANDS, '').match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !allowed.includes(w))
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

describe('the Community pages and the drip schedule in Russian', () => {
  it('a Russian author sends and cancels an announcement and moderates the chat room in Russian', { timeout: 120_000 }, async () => {
    const olga = await makeStaffUser(ctx, OLGA, 'AUTHOR', 'Ольга', 'ru')
    const course = await makeCourse(ctx, olga, { slug: 'sql-osnovy', title: 'Основы SQL' })
    const dora = await makeStudent(ctx, 'Дора')
    await ctx.domain.enrolment.enrol(dora.id, course.slug, 'TELEGRAM')
    const { page, errors } = await open()
    await signIn(page, OLGA, PASSWORD)

    // Community › Announcements: the course's page, all Russian
    await page.goto('/admin/resources/Announcement')
    await page.getByText('Основы SQL').first().click()
    await page.waitForURL(`**/admin/resources/Announcement/records/${course.id}/show`)
    await visible(page.getByRole('heading', { name: 'Объявления · Основы SQL' }))
    await visible(page.getByText('Новое объявление'))
    await visible(page.getByText('Что получат студенты'))
    await visible(page.getByText('Пока ни одного.'))
    expect(await latinWordsIn(page, '[data-testid=announcements] :is(h2, h3, button)', ['SQL'])).toEqual([])
    // (the image's label names the formats it takes)
    expect(await latinWordsIn(page, '[data-testid=announcements] label', ['Markdown', 'PNG', 'JPEG', 'GIF', 'WebP'])).toEqual([])

    await page.getByTestId('announcement-body').fill('Завтра **вебинар**')
    await page.getByTestId('announcement-send').click()
    await until(() => noticeText(page)).toMatch(/^Объявление №\d+ отправляется студентам курса$/)
    const delivery = (await ctx.ports.deliveries.listForCourse(course.id, 1))[0]!
    const row = page.getByTestId(`announcement-${delivery.id}`)
    await visible(row.getByTestId('announcement-cancel'))
    expect(await textOf(row.getByTestId('count-sent'))).toContain('доставлено')
    expect(await latinWordsIn(page, `[data-testid=announcement-${delivery.id}]`)).toEqual([])
    // cancelling asks first, in Russian
    await row.getByTestId('announcement-cancel').click()
    await visible(row.getByText('Не отправлять тем студентам, кто его ещё не получил?'))
    await visible(row.getByRole('button', { name: 'Нет' }))
    await row.getByTestId('announcement-cancel-confirm').click()
    await until(() => noticeText(page)).toContain('Отправка отменена')
    await page.locator(`[data-testid=announcement-${delivery.id}][data-state=cancelled]`).waitFor()
    expect(await textOf(row)).toContain('отменено')

    // Community › Chat rooms: a bound Telegram group, a student's message, moderation in Russian
    const room = await ctx.domain.rooms.roomOfCourse(course.id)
    await ctx.domain.rooms.bind(actor(olga), course.id, { platform: 'TELEGRAM', chatId: '-1001234567890' })
    const posted = await ctx.domain.rooms.post(actor(dora), room.id, { origin: { platform: 'WEB', chatId: 'web', messageId: `${dora.id}:c1` }, authorName: 'Дора', text: 'Всем привет' })
    if (posted.status !== 'stored') throw new Error('not stored')
    await page.goto(`/admin/resources/ChatRoom/records/${course.id}/show`)
    const message = await visible(page.getByTestId(`room-message-${posted.message.id}`))
    await visible(page.getByRole('heading', { name: 'Чат курса · Основы SQL' }))
    for (const heading of ['Где идёт общение', 'Заглушённые участники', 'Последние сообщения']) await visible(page.getByText(heading, { exact: true }))
    expect(await textOf(page.getByTestId('binding-TELEGRAM--1001234567890'))).toContain('группа')
    expect(await textOf(message)).toContain('Сайт')
    expect(await latinWordsIn(page, '[data-testid=chat-room] :is(h2, h3, button)', ['SQL'])).toEqual([])
    // the binding how-to is Russian around the commands it quotes
    expect(await latinWordsIn(page, '[data-testid=chat-room]', ['SQL', 'rooms', 'sql', 'osnovy', 'bind', 'unbind', 'link'])).toEqual([])

    await message.getByTestId('room-message-delete').click()
    await visible(message.getByText('Удалить его на веб-странице и во всех привязанных чатах?'))
    await message.getByTestId('room-message-delete-confirm').click()
    await until(() => noticeText(page)).toBe('Удалено везде: на веб-странице и во всех привязанных чатах')
    await visible(message.getByText('Удалено', { exact: true }))

    await message.getByTestId('room-message-mute').click()
    await visible(page.getByText('Заглушить: Дора? Причина (её сообщат один раз):'))
    await page.getByTestId('mute-form').locator('input').fill('флуд')
    await page.getByTestId('mute-confirm').click()
    await until(() => noticeText(page)).toContain('Участник заглушён')
    const muted = await visible(page.getByTestId(`muted-${dora.id}`))
    expect(await textOf(muted)).toMatch(/^Дора с \d{4}-\d\d-\d\d \d\d:\d\d \(флуд\)Вернуть голос$/)
    await page.screenshot({ path: artifact('community-room-ru.png'), fullPage: true })
    expect(errors).toEqual([])
  })

  it('the module form shows the drip schedule in Russian and refuses a double rule in Russian', { timeout: 120_000 }, async () => {
    const olga = await makeStaffUser(ctx, OLGA, 'AUTHOR', 'Ольга', 'ru')
    const course = await makeCourse(ctx, olga, { slug: 'sql-osnovy', title: 'Основы SQL' })
    const { page, errors } = await open()
    await signIn(page, OLGA, PASSWORD)
    await page.goto(`/admin/resources/Module/actions/new?course=${course.id}`)
    await visible(page.getByText('Открывается через … дней после записи'))
    await visible(page.getByText('Открывается в дату'))
    // (their descriptions: the tooltip of the label's help icon)
    await page.locator('label', { hasText: 'Открывается через' }).locator('svg').hover()
    await visible(page.getByText(/^Постепенное открытие: модуль открывается через столько дней/))
    await page.locator('label', { hasText: 'Открывается в дату' }).locator('svg').hover()
    await visible(page.getByText(/^Постепенное открытие: или модуль открывается в полночь этой даты/))
    expect(await latinWordsIn(page, 'form', ['SQL'])).toEqual([])

    await page.fill('#title', 'Неделя 2')
    await page.fill('#opensDaysAfterEnrolment', '7')
    await page.fill('#opensOnDate', '2027-01-10')
    await page.press('#opensOnDate', 'Tab')
    await page.click('[data-testid=button-save]')
    const refusal = 'Модуль открывается либо через несколько дней после записи, либо в дату, но не то и другое сразу.'
    await until(() => noticeText(page)).toBe(refusal)
    await visible(page.locator('form').getByText(refusal))
    expect(await ctx.db.prisma.module.count({ where: { courseId: course.id, title: 'Неделя 2' } })).toBe(0)

    // a week's wait too long: the limit in Russian
    await page.fill('#opensOnDate', '')
    await page.fill('#opensDaysAfterEnrolment', '99999')
    await page.press('#opensDaysAfterEnrolment', 'Tab')
    await page.click('[data-testid=button-save]')
    await until(() => noticeText(page)).toBe('Дни после записи — целое число от 0 до 3650.')
    expect(errors).toEqual([])
  })
})
