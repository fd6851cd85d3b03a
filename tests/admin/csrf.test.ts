// CSRF tokens and sign-out over plain HTTP: every state-changing request of a
// signed-in user needs the session's token (the X-XSRF-TOKEN header AdminJS's
// axios sends from the XSRF-TOKEN cookie, or a _csrf form field); a form
// another site posts is refused; signing out is a POST, and a GET of its
// address changes nothing.
import { describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import { makeCourse } from '../fixtures/factories'
import { PASSWORD, PanelClient, type TestPanel, makeStaffUser, panelForFile } from './support'

let ctx: AppContext
let panel: TestPanel
panelForFile((opened) => ({ ctx, panel } = opened))

let addressSeq = 0
const client = () => new PanelClient(panel.url, { 'x-forwarded-for': `192.0.2.${++addressSeq % 250}` })
async function signedIn(email: string) {
  const c = client()
  expect((await c.login(email, PASSWORD)).status).toBe(302)
  return c
}

const tokenOf = (c: PanelClient) => c.csrfToken
const published = async (id: number) => (await ctx.ports.courses.findCourseById(id))!.published
const publishUrl = (id: number) => `/admin/api/resources/Course/records/${id}/publish`

describe('CSRF tokens', () => {
  it('hands the signed-in page a token at sign-in, readable by its scripts and sent only to the panel', async () => {
    await makeStaffUser(ctx, 'alice@example.test')
    const c = client()
    const res = await c.login('alice@example.test', PASSWORD)
    const cookie = res.headers.getSetCookie().find((l) => l.startsWith('XSRF-TOKEN='))!
    expect(cookie).toMatch(/Path=\/admin/i)
    expect(cookie).toMatch(/SameSite=Strict/i)
    expect(cookie).not.toMatch(/HttpOnly/i)
    expect(tokenOf(c)).toMatch(/^[\w-]{32}$/)
    // another session, another token
    const other = await signedIn('alice@example.test')
    expect(tokenOf(other)).not.toBe(tokenOf(c))
  })

  it('refuses a state-changing request without the token, with another session’s token, or from another site; the token lets it through', async () => {
    const alice = await makeStaffUser(ctx, 'alice@example.test')
    const course = await makeCourse(ctx, alice, { published: false })
    const a = await signedIn('alice@example.test')
    const token = tokenOf(a)!
    a.sendsCsrfToken = false

    // no token (a form or a script of another page that got the session cookie along)
    const none = await a.request(publishUrl(course.id), { method: 'POST', body: new URLSearchParams({ confirmed: 'yes' }) })
    expect(none.status).toBe(403)
    expect((await none.json()).notice.message).toContain('Reload the page and try again')
    // a token of another session of the same user
    const other = await signedIn('alice@example.test')
    const borrowed = await a.request(publishUrl(course.id), { method: 'POST', headers: { 'x-xsrf-token': tokenOf(other)! }, body: new URLSearchParams({ confirmed: 'yes' }) })
    expect(borrowed.status).toBe(403)
    // a cross-site form post, even carrying the right field name
    const crossSite = await a.request(publishUrl(course.id), {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ confirmed: 'yes', _csrf: 'guessed' }),
    })
    expect(crossSite.status).toBe(403)
    // delete and edit are refused the same way
    expect((await a.request(`/admin/api/resources/Course/records/${course.id}/delete`, { method: 'POST' })).status).toBe(403)
    expect(await published(course.id)).toBe(false)
    expect(await ctx.ports.courses.findCourseById(course.id)).not.toBeNull()

    // the page's own request: same session, its token in the header
    const ok = await a.request(publishUrl(course.id), { method: 'POST', headers: { 'x-xsrf-token': token }, body: new URLSearchParams({ confirmed: 'yes' }) })
    expect(ok.status).toBe(200)
    expect((await ok.json()).notice.type).toBe('success')
    expect(await published(course.id)).toBe(true)
    // reading needs no token
    a.sendsCsrfToken = false
    expect((await a.request('/admin/api/resources/Course/actions/list')).status).toBe(200)
  })

  it('leaves the sign-in form and requests of nobody signed in to the sign-in check', async () => {
    await makeStaffUser(ctx, 'alice@example.test')
    const c = client()
    c.sendsCsrfToken = false
    expect((await c.login('alice@example.test', PASSWORD)).status).toBe(302)
    const anonymous = client()
    const res = await anonymous.request('/admin/api/resources/Course/actions/new', { method: 'POST', body: new URLSearchParams({ title: 'x' }) })
    expect(res.status).toBe(401)
  })
})

describe('signing out', () => {
  it('is a POST with the token; a GET of its address only asks, and a post without the token signs nobody out', async () => {
    await makeStaffUser(ctx, 'alice@example.test')
    const a = await signedIn('alice@example.test')
    const token = tokenOf(a)!

    // a link to /admin/logout (an image on another page, an old bookmark) only shows the question
    const asked = await a.request('/admin/logout')
    expect(asked.status).toBe(200)
    const page = await asked.text()
    expect(page).toContain('Sign out of the TaskMetrics panel?')
    expect(page).toContain(`name="_csrf" value="${token}"`)
    expect((await a.request('/admin/api/resources/Course/actions/list')).status).toBe(200)

    a.sendsCsrfToken = false
    const forged = await a.request('/admin/logout', { method: 'POST', body: new URLSearchParams({}) })
    expect(forged.status).toBe(403)
    expect((await a.request('/admin/api/resources/Course/actions/list')).status).toBe(200)

    // the confirmation page's form (and the user menu's) posts the token as a field
    const out = await a.request('/admin/logout', { method: 'POST', body: new URLSearchParams({ _csrf: token }) })
    expect(out.status).toBe(303)
    expect(out.headers.get('location')).toBe('/admin/login')
    expect(tokenOf(a)).toBeUndefined() // the token cookie is cleared with the session
    expect((await a.request('/admin/api/resources/Course/actions/list')).headers.get('location')).toBe('/admin/login')
    expect((await a.request('/admin/logout')).headers.get('location')).toBe('/admin/login')
  })

  it('speaks the author’s language: the sign-out question and a refused request in Russian', async () => {
    const olga = await makeStaffUser(ctx, 'olga@example.test', 'AUTHOR', 'Ольга', 'ru')
    const course = await makeCourse(ctx, olga, { published: false })
    const o = await signedIn('olga@example.test')

    const page = await (await o.request('/admin/logout')).text()
    expect(page).toContain('<html lang="ru">')
    for (const text of ['<title>Выход · TaskMetrics</title>', 'Выйти из панели TaskMetrics?', '>Выйти</button>', '>Вернуться в панель</a>']) expect(page).toContain(text)
    // (no English in what the page shows: its text between tags, the brand aside)
    const shown = page.replace(/<style>[^<]*<\/style>/, '').replace(/<[^>]*>/g, ' ').replace(/TaskMetrics/g, '')
    expect(shown.match(/[A-Za-z]{2,}/g)).toBeNull()

    o.sendsCsrfToken = false
    const refused = await o.request(publishUrl(course.id), { method: 'POST', body: new URLSearchParams({ confirmed: 'yes' }) })
    expect(refused.status).toBe(403)
    expect((await refused.json()).notice.message).toBe(
      'Этот запрос пришёл не с открытой страницы панели (его ключ безопасности отсутствует или устарел). Обновите страницу и попробуйте ещё раз.',
    )
    const form = await o.request('/admin/logout', { method: 'POST', body: new URLSearchParams({}) })
    expect(form.status).toBe(403)
    expect(await form.text()).toContain('Обновите страницу и попробуйте ещё раз.')
    expect(await published(course.id)).toBe(false)
  })

  it('a signed-out session’s token is worth nothing', async () => {
    const alice = await makeStaffUser(ctx, 'alice@example.test')
    const course = await makeCourse(ctx, alice, { published: false })
    const a = await signedIn('alice@example.test')
    const token = tokenOf(a)!
    expect((await a.request('/admin/logout', { method: 'POST' })).status).toBe(303)
    const again = await signedIn('alice@example.test')
    again.sendsCsrfToken = false
    const res = await again.request(publishUrl(course.id), { method: 'POST', headers: { 'x-xsrf-token': token }, body: new URLSearchParams({ confirmed: 'yes' }) })
    expect(res.status).toBe(403)
    expect(await published(course.id)).toBe(false)
  })
})
