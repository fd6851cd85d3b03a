// The panel's language over HTTP: a Russian-speaking author's notices and form
// errors in Russian (worded from the domain's reasons, never its field ids),
// the language switch, the sign-in page, and the server's share of "a slug
// proposed from the title" and "a quiz's question typed once".
import { describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import { makeCourse } from '../fixtures/factories'
import { PanelClient, type TestPanel, makeStaffUser, panelForFile, signedInClient } from './support'

let ctx: AppContext
let panel: TestPanel
panelForFile((opened) => ({ ctx, panel } = opened))

const signedIn = (email: string) => signedInClient(panel, email)

/** The `locale` AdminJS puts into a page (window.REDUX_STATE). */
function pageLocale(html: string): { language: string; availableLanguages: string[] } {
  const state = /window\.REDUX_STATE = (\{.*?\});\n/s.exec(html)
  return JSON.parse(state![1]!).locale
}

describe('the panel in the author’s language', () => {
  it('answers a Russian-speaking author in Russian: notices and form errors, no field ids', async () => {
    const olga = await makeStaffUser(ctx, 'olga@example.test', 'AUTHOR', 'Ольга', 'ru')
    const course = await makeCourse(ctx, olga, { slug: 'olgas' })
    const o = await signedIn('olga@example.test')

    const page = await o.request('/admin')
    expect(pageLocale(await page.text())).toMatchObject({ language: 'ru', availableLanguages: ['ru'] })

    const video = await o.post('/admin/api/resources/Content/actions/new', { module: course.moduleIds[0]!, kind: 'VIDEO', title: 'Видео', videoUrl: 'javascript:alert(1)' })
    expect(video.record.errors.videoUrl.message).toBe('Ссылка на видео должна начинаться с http:// или https://.')
    expect(video.notice).toEqual({ type: 'error', message: video.record.errors.videoUrl.message })
    const quiz = await o.post('/admin/api/resources/Content/actions/new', { module: course.moduleIds[0]!, kind: 'QUIZ', quizQuestion: 'Почему?', quizOptionsText: 'один', quizCorrectIndex: '0' })
    expect(quiz.record.errors.quizOptionsText.message).toBe('В тесте должно быть от 2 до 10 вариантов.')
    const noSubject = await o.post('/admin/api/resources/Course/actions/new', { title: 'Курс', slug: '', subject: '' })
    expect(noSubject.record.errors.subject.message).toBe('Выберите предмет')
    for (const r of [video, quiz, noSubject]) {
      const messages = Object.values(r.record.errors as Record<string, { message: string }>).map((e) => e.message.replace(/https?:\/\//g, ''))
      expect(messages.join(' ')).not.toMatch(/[A-Za-z]{3,}/) // no English, no field ids
    }

    const saved = await o.post(`/admin/api/resources/Module/records/${course.moduleIds[0]}/edit`, { title: 'Введение' })
    expect(saved.notice).toEqual({ type: 'success', message: 'Модуль «Введение» сохранён' })
  })

  it('proposes a transliterated, unique slug when the form leaves it empty, and names a quiz by its question', async () => {
    const olga = await makeStaffUser(ctx, 'olga@example.test', 'AUTHOR', 'Ольга', 'ru')
    const existing = await makeCourse(ctx, olga, { slug: 'osnovy-baz-dannykh' })
    const o = await signedIn('olga@example.test')
    const created = await o.post('/admin/api/resources/Course/actions/new', { title: 'Основы баз данных', slug: '', subject: existing.subjectId })
    expect(created.notice.type).toBe('success')
    expect(created.record.params.slug).toBe('osnovy-baz-dannykh-2')

    const quiz = await o.post('/admin/api/resources/Content/actions/new', {
      module: existing.moduleIds[0]!,
      kind: 'QUIZ',
      title: 'a title the quiz form no longer has',
      quizQuestion: 'Что вернёт SELECT 1?\n(одна строка)',
      quizOptionsText: '1\n0',
      quizCorrectIndex: '0',
    })
    expect(quiz.notice).toEqual({ type: 'success', message: 'Тест: «Что вернёт SELECT 1?» — добавлено' })
    const stored = await ctx.db.prisma.content.findUniqueOrThrow({ where: { id: Number(quiz.record.id) } })
    expect(stored.title).toBe('Что вернёт SELECT 1?')
    expect(stored.quizQuestion).toMatch(/^Что вернёт SELECT 1\?\r?\n\(одна строка\)$/)
  })

  it('switches the language in the profile; the next page and the next sign-in follow it', async () => {
    const eve = await makeStaffUser(ctx, 'eve@example.test', 'AUTHOR', 'Eve', 'en')
    const anonymous = new PanelClient(panel.url)
    expect((await anonymous.request('/admin/language/ru', { method: 'POST' })).status).toBe(401)

    const e = await signedIn('eve@example.test')
    expect(pageLocale(await (await e.request('/admin')).text()).language).toBe('en')
    expect((await e.request('/admin/language/de', { method: 'POST' })).status).toBe(400)
    const switched = await e.request('/admin/language/ru', { method: 'POST' })
    expect(switched.status).toBe(204)
    expect((await ctx.db.prisma.profile.findUniqueOrThrow({ where: { userId: eve.id } })).locale).toBe('ru')
    expect(pageLocale(await (await e.request('/admin')).text()).language).toBe('ru')
    // the browser remembers it for the sign-in page
    expect(e.cookieHeader).toContain('tm_lang=ru')

    // a profile changed elsewhere (another tab, the bot's /language) applies on the next request
    await ctx.domain.accounts.setLocale(eve.id, 'en')
    expect(pageLocale(await (await e.request('/admin')).text()).language).toBe('en')
    await ctx.domain.accounts.setLocale(eve.id, 'ru')
    const again = await signedIn('eve@example.test')
    expect(pageLocale(await (await again.request('/admin')).text()).language).toBe('ru')
  })

  it('signs in in the browser’s language, or the one the panel remembered, and refuses in it', async () => {
    const signInPage = async (headers: Record<string, string>) => (await new PanelClient(panel.url, headers).request('/admin/login')).text()
    // the page offers both languages; the browser picks (the language cookie, else its own)
    expect(pageLocale(await signInPage({ 'accept-language': 'ru-RU,ru;q=0.9' }))).toMatchObject({ availableLanguages: ['ru', 'en'] })

    await makeStaffUser(ctx, 'olga@example.test', 'AUTHOR', 'Ольга', 'ru')
    const ru = new PanelClient(panel.url, { 'accept-language': 'ru', 'x-forwarded-for': '198.51.100.7' })
    for (let i = 0; i < 5; i++) await ru.login('olga@example.test', 'wrong password')
    const locked = await ru.login('olga@example.test', 'wrong password')
    expect(await locked.text()).toContain('Слишком много неудачных попыток входа')
  })
})
