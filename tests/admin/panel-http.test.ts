// The author panel over plain HTTP (no browser): sign-in and sessions, the
// lockout, who may see and change what, form errors from the domain, stale
// edits, uploads and stored files.
import { describe, expect, it, vi } from 'vitest'
import type { AppContext } from '../../src/context'
import { SESSION_PREFIX, sessionCookieName } from '../../src/admin/session-store'
import { LOGIN_LIMITS } from '../../src/admin/auth'
import { openTestContext } from '../fixtures/context'
import { actor, makeCourse, text } from '../fixtures/factories'
import { PASSWORD, PanelClient, type TestPanel, makeStaffUser, panelForFile, startPanel } from './support'

let ctx: AppContext
let panel: TestPanel
panelForFile((opened) => ({ ctx, panel } = opened))

let addressSeq = 0
/** A client from its own address (X-Forwarded-For from loopback is trusted), so lockouts do not leak between tests. */
const client = () => new PanelClient(panel.url, { 'x-forwarded-for': `198.51.100.${++addressSeq}` })

async function signedIn(email: string, password = PASSWORD) {
  const c = client()
  const res = await c.login(email, password)
  expect(res.status).toBe(302)
  expect(res.headers.get('location')).toBe('/admin')
  return c
}

const sessionKeys = async () => {
  const prefix = process.env.TEST_REDIS_PREFIX ?? ''
  const raw = ctx.redis.duplicate({ keyPrefix: '' })
  try {
    return await raw.keys(`${prefix}${SESSION_PREFIX}*`)
  } finally {
    raw.disconnect()
  }
}

describe('signing in', () => {
  it('answers the login page, refuses a wrong password and keeps the panel closed', async () => {
    await makeStaffUser(ctx, 'author@example.test')
    const c = client()
    expect((await c.request('/admin/login')).status).toBe(200)
    const res = await c.login('author@example.test', 'wrong password!')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('invalidCredentials')
    expect(c.cookieHeader).toBe('')
    const inside = await c.request('/admin/resources/Course')
    expect(inside.status).toBe(302)
    expect(inside.headers.get('location')).toBe('/admin/login')
  })

  it('keeps the session in Redis behind an HttpOnly, SameSite=Strict cookie, and logs out', async () => {
    await makeStaffUser(ctx, 'author@example.test')
    const c = client()
    const res = await c.login('author@example.test', PASSWORD)
    expect(res.status).toBe(302)
    const cookie = res.headers.getSetCookie().find((l) => l.startsWith(`${sessionCookieName(ctx.config.redisPrefix)}=`))!
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Strict/i)
    expect(cookie).toMatch(/Path=\/admin/i)
    expect(cookie).not.toMatch(/Secure/i) // only in production (see below)
    expect(await sessionKeys()).toHaveLength(1)
    expect((await c.request('/admin')).status).toBe(200)

    // a GET of the sign-out address only asks; the POST (with the page's token) signs out
    expect((await c.request('/admin/logout')).status).toBe(200)
    expect(await sessionKeys()).toHaveLength(1)
    const out = await c.request('/admin/logout', { method: 'POST' })
    expect(out.status).toBe(303)
    expect(out.headers.get('location')).toBe('/admin/login')
    expect(await sessionKeys()).toHaveLength(0)
    expect((await c.request('/admin')).headers.get('location')).toBe('/admin/login')
  })

  it('never signs a student in, even one with an email and password', async () => {
    await ctx.ports.users.create({ email: 'student@example.test', passwordHash: await ctx.ports.passwords.hash(PASSWORD), role: 'STUDENT', displayName: 'S' })
    const res = await client().login('student@example.test', PASSWORD)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('invalidCredentials')
  })

  it(`locks an email out from an address after ${LOGIN_LIMITS.perEmailAndAddress} failures in 15 minutes`, async () => {
    await makeStaffUser(ctx, 'author@example.test')
    const c = client()
    for (let i = 0; i < LOGIN_LIMITS.perEmailAndAddress; i++) expect((await c.login('author@example.test', `guess ${i}`)).status).toBe(200)
    // now even the right password is refused, with a clear message
    const locked = await c.login('author@example.test', PASSWORD)
    expect(locked.status).toBe(400)
    expect(await locked.text()).toContain('Too many failed sign-ins. Sign-in is locked for 15 more min')
    expect(c.cookieHeader).toBe('')
    // another address (or another email from this one) is not affected
    expect((await client().login('author@example.test', PASSWORD)).status).toBe(302)
    // the counter lives in Redis and expires with the window
    const raw = ctx.redis.duplicate({ keyPrefix: '' })
    try {
      const keys = await raw.keys(`${process.env.TEST_REDIS_PREFIX ?? ''}admin-login:fail:*`)
      expect(keys).toHaveLength(1)
      const ttl = await raw.ttl(keys[0]!)
      expect(ttl).toBeGreaterThan(LOGIN_LIMITS.windowSeconds - 60)
      expect(ttl).toBeLessThanOrEqual(LOGIN_LIMITS.windowSeconds)
    } finally {
      raw.disconnect()
    }
  })

  it('lets at most the limit of parallel guesses reach the password check, and refuses the rest', async () => {
    await makeStaffUser(ctx, 'author@example.test')
    const checks = vi.spyOn(ctx.domain.accounts, 'verifyStaffLogin')
    try {
      const c = client()
      // 40 at once, the right password among them
      const tries = await Promise.all(Array.from({ length: 40 }, (_, i) => c.login('author@example.test', i === 20 ? PASSWORD : `guess ${i}`)))
      const bodies = await Promise.all(tries.map((r) => r.text()))
      expect(checks).toHaveBeenCalledTimes(LOGIN_LIMITS.perEmailAndAddress)
      const through = tries.filter((r) => r.status === 200 || r.status === 302)
      expect(through).toHaveLength(LOGIN_LIMITS.perEmailAndAddress)
      expect(tries.filter((r) => r.status === 302).length).toBeLessThanOrEqual(1)
      const locked = bodies.filter((b) => b.includes('Too many failed sign-ins. Sign-in is locked for 15 more min'))
      expect(locked).toHaveLength(40 - LOGIN_LIMITS.perEmailAndAddress)
      expect(tries.filter((r) => r.status === 400)).toHaveLength(40 - LOGIN_LIMITS.perEmailAndAddress)
    } finally {
      checks.mockRestore()
    }
  })

  it(`locks an email out from every address after ${LOGIN_LIMITS.perEmail} failures, even in parallel`, async () => {
    await makeStaffUser(ctx, 'author@example.test')
    await makeStaffUser(ctx, 'other@example.test')
    const checks = vi.spyOn(ctx.domain.accounts, 'verifyStaffLogin')
    try {
      // each guess from its own address, so only the per-email limit applies
      const tries = await Promise.all(Array.from({ length: 40 }, (_, i) => client().login('author@example.test', `guess ${i}`)))
      expect(checks).toHaveBeenCalledTimes(LOGIN_LIMITS.perEmail)
      expect(tries.filter((r) => r.status === 200)).toHaveLength(LOGIN_LIMITS.perEmail)
      expect(tries.filter((r) => r.status === 400)).toHaveLength(40 - LOGIN_LIMITS.perEmail)
      // the right password from a fresh address is refused too; other emails are not affected
      const locked = await client().login('author@example.test', PASSWORD)
      expect(locked.status).toBe(400)
      expect(await locked.text()).toContain('Too many failed sign-ins')
      expect(checks).toHaveBeenCalledTimes(LOGIN_LIMITS.perEmail)
      expect((await client().login('other@example.test', PASSWORD)).status).toBe(302)
    } finally {
      checks.mockRestore()
    }
  })

  it('never locks out right passwords, however often', async () => {
    await makeStaffUser(ctx, 'author@example.test')
    const c = client()
    for (let i = 0; i < LOGIN_LIMITS.perEmailAndAddress + 2; i++) expect((await c.login('author@example.test', PASSWORD)).status).toBe(302)
  })

  it('ends existing sessions when the password is reset or the role changes', async () => {
    await makeStaffUser(ctx, 'author@example.test')
    const a = await signedIn('author@example.test')
    const b = await signedIn('author@example.test')
    expect((await a.request('/admin')).status).toBe(200)
    await ctx.domain.accounts.upsertStaff({ email: 'author@example.test', password: 'a brand new password', role: 'AUTHOR' })
    expect((await a.request('/admin')).headers.get('location')).toBe('/admin/login')
    const c = await signedIn('author@example.test', 'a brand new password')
    await ctx.domain.accounts.upsertStaff({ email: 'author@example.test', password: 'a brand new password', role: 'ADMIN' })
    expect((await c.request('/admin')).headers.get('location')).toBe('/admin/login')
    expect((await b.request('/admin')).headers.get('location')).toBe('/admin/login')
  })

  it('refuses requests made by another site', async () => {
    await makeStaffUser(ctx, 'author@example.test')
    const c = await signedIn('author@example.test')
    const forged = await c.request('/admin/api/resources/Subject/actions/new', { method: 'POST', headers: { origin: 'https://evil.example' }, body: new URLSearchParams({ title: 'x', slug: 'x' }) })
    expect(forged.status).toBe(403)
    const crossSite = await c.request('/admin/api/resources/Course/actions/list', { headers: { 'sec-fetch-site': 'cross-site' } })
    expect(crossSite.status).toBe(403)
    expect(await ctx.db.prisma.subject.count()).toBe(0)
  })
})

describe('who sees and changes what', () => {
  it("lists an author's own and co-authored courses only, and hides the rest by id", async () => {
    const alice = await makeStaffUser(ctx, 'alice@example.test')
    const bob = await makeStaffUser(ctx, 'bob@example.test')
    const admin = await makeStaffUser(ctx, 'admin@example.test', 'ADMIN')
    const mine = await makeCourse(ctx, alice, { slug: 'alices', title: 'Alices course' })
    const shared = await makeCourse(ctx, bob, { slug: 'shared', title: 'Shared course' })
    await ctx.domain.authoring.setCoAuthors(actor(bob), shared.id, [alice.id])
    const theirs = await makeCourse(ctx, bob, { slug: 'bobs', title: 'Bobs course' })

    const a = await signedIn('alice@example.test')
    const list = await a.json('/admin/api/resources/Course/actions/list')
    expect(list.records.map((r: any) => r.params.slug).sort()).toEqual(['alices', 'shared'])
    expect(list.meta.total).toBe(2)

    // by id: the course, its modules and contents, its tree, its audit entries
    for (const path of [
      `/admin/api/resources/Course/records/${theirs.id}/show`,
      `/admin/api/resources/Course/records/${theirs.id}/tree`,
      `/admin/api/resources/Module/records/${theirs.moduleIds[0]}/show`,
      `/admin/api/resources/Module/records/${theirs.moduleIds[0]}/preview`,
      `/admin/api/resources/Content/records/${theirs.contentIds[0]}/show`,
    ]) {
      const res = await a.json(path)
      expect(res.notice?.type, path).toBe('error')
      expect(res.record.params, path).toEqual({})
    }
    const modules = await a.json(`/admin/api/resources/Module/actions/list?filters.course=${theirs.id}`)
    expect(modules.records).toEqual([])
    const audit = await a.json('/admin/api/resources/AuditEntry/actions/list?perPage=100')
    expect(new Set(audit.records.map((r: any) => r.params.course))).toEqual(new Set([mine.id, shared.id]))
    // the staff list is for admins
    expect((await a.json('/admin/api/resources/User/actions/list')).notice.type).toBe('error')

    // an admin sees everything
    const root = await signedIn('admin@example.test')
    expect((await root.json('/admin/api/resources/Course/actions/list')).meta.total).toBe(3)
    expect((await root.json('/admin/api/resources/User/actions/list')).meta.total).toBe(3)
    expect(admin.role).toBe('ADMIN')
  })

  it("refuses every change to another author's course and leaves it as it was", async () => {
    const alice = await makeStaffUser(ctx, 'alice@example.test')
    await makeStaffUser(ctx, 'bob@example.test')
    const course = await makeCourse(ctx, alice, { slug: 'alices', modules: [{ title: 'One', contents: [text('a')] }, { title: 'Two', contents: [text('b')] }] })
    const b = await signedIn('bob@example.test')
    const [m1, m2] = course.moduleIds as [number, number]
    const attempts = [
      b.post(`/admin/api/resources/Course/records/${course.id}/edit`, { title: 'Hijacked', slug: 'alices', subject: course.subjectId }),
      b.post(`/admin/api/resources/Course/records/${course.id}/delete`, {}),
      b.post(`/admin/api/resources/Course/records/${course.id}/unpublish`, {}),
      b.post(`/admin/api/resources/Module/records/${m1}/edit`, { title: 'Hijacked' }),
      b.post(`/admin/api/resources/Module/records/${m1}/moveDown`, {}),
      b.post(`/admin/api/resources/Module/actions/new`, { course: course.id, title: 'Injected' }),
      b.post(`/admin/api/resources/Content/actions/new`, { module: m1, kind: 'TEXT', title: 'Injected', body: 'x' }),
      b.post(`/admin/api/resources/Content/records/${course.contentIds[0]}/delete`, {}),
    ]
    for (const res of await Promise.all(attempts)) expect(res.notice?.type).toBe('error')
    const after = (await ctx.ports.courses.loadTree(course.id))!
    expect(after.title).toBe(course.title)
    expect(after.published).toBe(true)
    expect(after.modules.map((m) => [m.id, m.title, m.contents.length])).toEqual([[m1, 'One', 1], [m2, 'Two', 1]])
    expect(after.version).toBe(course.version)
  })

  it('lets authors add subjects but only admins change them', async () => {
    await makeStaffUser(ctx, 'alice@example.test')
    await makeStaffUser(ctx, 'admin@example.test', 'ADMIN')
    const a = await signedIn('alice@example.test')
    const created = await a.post('/admin/api/resources/Subject/actions/new', { title: 'Maths', slug: 'maths' })
    expect(created.notice.type).toBe('success')
    const subject = await ctx.db.prisma.subject.findUniqueOrThrow({ where: { slug: 'maths' } })
    const edit = await a.post(`/admin/api/resources/Subject/records/${subject.id}/edit`, { title: 'Mathematics', slug: 'maths' })
    expect(edit.notice.type).toBe('error')
    const root = await signedIn('admin@example.test')
    expect((await root.post(`/admin/api/resources/Subject/records/${subject.id}/edit`, { title: 'Mathematics', slug: 'maths' })).notice.type).toBe('success')
    expect((await ctx.db.prisma.subject.findUniqueOrThrow({ where: { id: subject.id } })).title).toBe('Mathematics')
  })
})

describe('forms', () => {
  it('shows domain validation errors under the right fields, never a database error', async () => {
    const alice = await makeStaffUser(ctx, 'alice@example.test')
    const taken = await makeCourse(ctx, alice, { slug: 'taken' })
    const a = await signedIn('alice@example.test')
    const badSlug = await a.post('/admin/api/resources/Course/actions/new', { title: 'T', slug: 'Not A Slug', subject: taken.subjectId })
    expect(badSlug.record.errors.slug.message).toMatch(/lowercase Latin letters/)
    expect(badSlug.record.params.title).toBe('T') // what was typed stays in the form
    const noSubject = await a.post('/admin/api/resources/Course/actions/new', { title: 'T', slug: 'fine', subject: '' })
    expect(noSubject.record.errors.subject.message).toBe('Choose a subject')
    const duplicate = await a.post('/admin/api/resources/Course/actions/new', { title: 'T', slug: 'taken', subject: taken.subjectId })
    expect(duplicate.record.errors.slug.message).toContain('already uses the link name')
    const emptyTitle = await a.post('/admin/api/resources/Module/actions/new', { course: taken.id, title: '  ' })
    expect(emptyTitle.record.errors.title.message).toBe('Give it a title.')
    const quiz = await a.post('/admin/api/resources/Content/actions/new', { module: taken.moduleIds[0]!, kind: 'QUIZ', title: 'Q', quizQuestion: 'Why?', quizOptionsText: 'only one', quizCorrectIndex: '0' })
    expect(quiz.record.errors.quizOptionsText.message).toMatch(/2 to 10 options/)
    const noAnswer = await a.post('/admin/api/resources/Content/actions/new', { module: taken.moduleIds[0]!, kind: 'QUIZ', title: 'Q', quizQuestion: 'Why?', quizOptionsText: 'a\nb', quizCorrectIndex: null })
    expect(noAnswer.record.errors.quizCorrectIndex.message).toBe('Choose which option is the right answer.')
    const video = await a.post('/admin/api/resources/Content/actions/new', { module: taken.moduleIds[0]!, kind: 'VIDEO', title: 'V', videoUrl: 'javascript:alert(1)' })
    expect(video.record.errors.videoUrl.message).toBe('The video link must start with http:// or https://.')
    for (const r of [badSlug, noSubject, duplicate, emptyTitle, quiz, noAnswer, video]) expect(r.notice.type).toBe('error')
    expect(await ctx.db.prisma.course.count()).toBe(1)
  })

  it('sets a module’s drip schedule and refuses one that cannot be', async () => {
    const alice = await makeStaffUser(ctx, 'alice@example.test')
    const course = await makeCourse(ctx, alice, { slug: 'drip' })
    const a = await signedIn('alice@example.test')
    const added = await a.post('/admin/api/resources/Module/actions/new', { course: course.id, title: 'Week 2', opensDaysAfterEnrolment: '7', opensOnDate: '' })
    expect(added.notice.type).toBe('success')
    const week2 = (await ctx.db.prisma.module.findFirst({ where: { title: 'Week 2' } }))!
    expect(week2.opensDaysAfterEnrolment).toBe(7)
    const form = await a.json(`/admin/api/resources/Module/records/${week2.id}/edit`)
    const dated = await a.post(`/admin/api/resources/Module/records/${week2.id}/edit`, {
      title: 'Week 2', description: '', opensDaysAfterEnrolment: '', opensOnDate: '2026-12-03', expectedVersion: form.record.params.expectedVersion,
    })
    expect(dated.notice.type).toBe('success')
    expect(await ctx.ports.courses.findModule(week2.id)).toMatchObject({ opensDaysAfterEnrolment: null, opensOnDate: '2026-12-03' })
    expect((await a.json(`/admin/api/resources/Module/records/${week2.id}/show`)).record.params.opensOnDate).toBe('2026-12-03')

    const both = await a.post('/admin/api/resources/Module/actions/new', { course: course.id, title: 'X', opensDaysAfterEnrolment: '3', opensOnDate: '2026-12-03' })
    expect(both.record.errors.opensOnDate.message).toContain('not both')
    const noDate = await a.post('/admin/api/resources/Module/actions/new', { course: course.id, title: 'X', opensOnDate: '2026-02-30' })
    expect(noDate.record.errors.opensOnDate.message).toContain('calendar date')
    const negative = await a.post('/admin/api/resources/Module/actions/new', { course: course.id, title: 'X', opensDaysAfterEnrolment: '-1' })
    expect(negative.record.errors.opensDaysAfterEnrolment.message).toContain('whole number')
    expect(await ctx.db.prisma.module.count({ where: { title: 'X' } })).toBe(0)
  })

  it("sets the course's reminder period: whole days, or empty for none", async () => {
    const alice = await makeStaffUser(ctx, 'alice@example.test')
    const course = await makeCourse(ctx, alice, { slug: 'c' })
    const a = await signedIn('alice@example.test')
    const form = { title: course.title, slug: 'c', subject: course.subjectId, overview: '' }
    const period = async () => (await ctx.ports.courses.findCourseById(course.id))!.remindAfterDays
    const set = await a.post(`/admin/api/resources/Course/records/${course.id}/edit`, { ...form, remindAfterDays: '7' })
    expect(set.notice.type).toBe('success')
    expect(await period()).toBe(7)
    for (const bad of ['0', '400', '2.5', 'weekly']) {
      const refused = await a.post(`/admin/api/resources/Course/records/${course.id}/edit`, { ...form, remindAfterDays: bad })
      expect(refused.record.errors.remindAfterDays.message).toMatch(/whole number of days from 1 to 365/)
    }
    expect(await period()).toBe(7)
    await a.post(`/admin/api/resources/Course/records/${course.id}/edit`, form) // a form without the field leaves it
    expect(await period()).toBe(7)
    await a.post(`/admin/api/resources/Course/records/${course.id}/edit`, { ...form, remindAfterDays: '' })
    expect(await period()).toBeNull()
  })

  it('refuses a stale edit of the same record with a clear message and keeps the newer change; other records never collide', async () => {
    const alice = await makeStaffUser(ctx, 'alice@example.test')
    const bob = await makeStaffUser(ctx, 'bob@example.test')
    const course = await makeCourse(ctx, alice, { slug: 'c', modules: [{ title: 'Module 1', contents: [text('a')] }, { title: 'Module 2', contents: [text('b')] }] })
    await ctx.domain.authoring.setCoAuthors(actor(alice), course.id, [bob.id])
    const [m1, m2] = course.moduleIds as [number, number]
    const a = await signedIn('alice@example.test')
    const b = await signedIn('bob@example.test')
    const edit = (id: number) => `/admin/api/resources/Module/records/${id}/edit`

    // co-authors with forms of different modules open: both save, in any order
    const [formA, formB] = [await a.json(edit(m1)), await b.json(edit(m2))]
    const courseForm = await a.json(`/admin/api/resources/Course/records/${course.id}/edit`)
    const contentForm = await a.json(`/admin/api/resources/Content/records/${course.contentIds[0]}/edit`)
    expect((await b.post(edit(m2), { title: 'Bob’s module', description: '', expectedVersion: formB.record.params.expectedVersion })).notice.type).toBe('success')
    expect((await a.post(edit(m1), { title: 'Alice’s module', description: '', expectedVersion: formA.record.params.expectedVersion })).notice.type).toBe('success')
    // (nor does a module save collide with the course's settings or another record's content)
    const courseSaved = await a.post(`/admin/api/resources/Course/records/${course.id}/edit`, { title: 'Renamed', slug: 'c', subject: course.subjectId, overview: '', expectedVersion: courseForm.record.params.expectedVersion })
    expect(courseSaved.notice.type).toBe('success')
    const contentSaved = await a.post(`/admin/api/resources/Content/records/${course.contentIds[0]}/edit`, { kind: 'TEXT', title: 'a, edited', body: 'x', expectedVersion: contentForm.record.params.expectedVersion })
    expect(contentSaved.notice.type).toBe('success')
    expect((await ctx.ports.courses.loadTree(course.id))!.modules.map((m) => m.title)).toEqual(['Alice’s module', 'Bob’s module'])

    // the same module in two forms (two tabs, or two authors): the second save is refused
    const [tab1, tab2] = [await a.json(edit(m1)), await b.json(edit(m1))]
    expect(tab1.record.params.expectedVersion).toBe(tab2.record.params.expectedVersion)
    expect((await a.post(edit(m1), { title: 'First tab', description: '', expectedVersion: tab1.record.params.expectedVersion })).notice.type).toBe('success')
    const stale = await b.post(edit(m1), { title: 'Second tab', description: '', expectedVersion: tab2.record.params.expectedVersion })
    expect(stale.notice.type).toBe('error')
    expect(stale.notice.message).toBe('This module was changed by someone else since you opened it; reload and apply your edit again')
    expect(stale.record.errors.expectedVersion.message).toContain('reload')
    expect(stale.record.params.title).toBe('Second tab') // what was typed stays in the form
    expect((await ctx.ports.courses.findModule(m1))!.title).toBe('First tab')
    // reloaded, it goes through
    const fresh = await b.json(edit(m1))
    expect((await b.post(edit(m1), { title: 'Second tab', description: '', expectedVersion: fresh.record.params.expectedVersion })).notice.type).toBe('success')
    // a stale course settings form is refused the same way
    const staleCourse = await a.post(`/admin/api/resources/Course/records/${course.id}/edit`, { title: 'x', slug: 'c', subject: course.subjectId, overview: '', expectedVersion: courseForm.record.params.expectedVersion })
    expect(staleCourse.notice.message).toBe('This course was changed by someone else since you opened it; reload and apply your edit again')
  })

  it('words stale edits, stale drops and schedule refusals in the author’s Russian, naming what changed', async () => {
    const olga = await makeStaffUser(ctx, 'olga@example.test', 'AUTHOR', 'Ольга', 'ru')
    const course = await makeCourse(ctx, olga, { slug: 'c', modules: [{ title: 'М1', contents: [text('a')] }, { title: 'М2', contents: [text('b')] }] })
    const boris = await makeStaffUser(ctx, 'boris@example.test', 'AUTHOR', 'Борис', 'ru')
    await ctx.domain.authoring.setCoAuthors(actor(olga), course.id, [boris.id])
    const [m1, m2] = course.moduleIds as [number, number]
    const o = await signedIn('olga@example.test')
    const edit = (resource: string, id: number) => `/admin/api/resources/${resource}/records/${id}/edit`

    // a module and a content, each changed by the co-author meanwhile
    const [moduleForm, contentForm] = [await o.json(edit('Module', m1)), await o.json(edit('Content', course.contentIds[0]!))]
    await ctx.domain.authoring.updateModule(actor(boris), m1, { title: 'М1 (Борис)' })
    await ctx.domain.authoring.updateContent(actor(boris), course.contentIds[0]!, { title: 'a (Борис)' })
    const staleModule = await o.post(edit('Module', m1), { title: 'М1 (Ольга)', description: '', expectedVersion: moduleForm.record.params.expectedVersion })
    expect(staleModule.notice.message).toBe('Пока вы правили, этот модуль изменил кто-то другой; обновите страницу и внесите правку ещё раз.')
    expect(staleModule.record.errors.expectedVersion.message).toBe(staleModule.notice.message)
    const staleContent = await o.post(edit('Content', course.contentIds[0]!), { kind: 'TEXT', title: 'a (Ольга)', body: 'x', expectedVersion: contentForm.record.params.expectedVersion })
    expect(staleContent.notice.message).toBe('Пока вы правили, этот материал изменил кто-то другой; обновите страницу и внесите правку ещё раз.')

    // a drop made on a tree whose order changed meanwhile
    const staleDrop = await o.post(`/admin/api/resources/Course/records/${course.id}/reorder`, { order: `${m1},${m2}`, shown: `${m2},${m1}` })
    expect(staleDrop.notice).toEqual({ type: 'error', message: 'Кто-то другой тем временем изменил порядок модулей; посмотрите на новый порядок и переместите ещё раз.' })

    // the drip schedule's refusals, under their fields
    const fresh = await o.json(edit('Module', m2))
    const save = (fields: Record<string, string>) => o.post(edit('Module', m2), { title: 'М2', description: '', expectedVersion: fresh.record.params.expectedVersion, ...fields })
    const tooLate = await save({ opensDaysAfterEnrolment: 'семь' })
    expect(tooLate.record.errors.opensDaysAfterEnrolment.message).toBe('Дни после записи — целое число от 0 до 3650.')
    const twoRules = await save({ opensDaysAfterEnrolment: '7', opensOnDate: '2027-01-10' })
    expect(twoRules.record.errors.opensOnDate.message).toBe('Модуль открывается либо через несколько дней после записи, либо в дату, но не то и другое сразу.')
    const badDate = await save({ opensOnDate: '10.01.2027' })
    expect(badDate.record.errors.opensOnDate.message).toBe('Дата открытия — календарная дата (ГГГГ-ММ-ДД).')
    const period = await o.post(edit('Course', course.id), { title: 'К', slug: 'c', subject: course.subjectId, overview: '', remindAfterDays: '0' })
    expect(period.record.errors.remindAfterDays.message).toBe('Срок напоминания — целое число дней от 1 до 365, или пусто, если напоминания не нужны.')
    for (const answer of [staleModule, staleContent, staleDrop, tooLate, twoRules, badDate, period]) expect(answer.notice.message).not.toMatch(/[A-Za-z]{3,}/)
    expect((await ctx.ports.courses.findModule(m2))!).toMatchObject({ opensDaysAfterEnrolment: null, opensOnDate: null })
  })

  it('checks uploads against the limits of their kind and serves stored files to the course authors only', async () => {
    const alice = await makeStaffUser(ctx, 'alice@example.test')
    await makeStaffUser(ctx, 'bob@example.test')
    const course = await makeCourse(ctx, alice, { slug: 'c' })
    const a = await signedIn('alice@example.test')
    const module = course.moduleIds[0]!
    const png = new Uint8Array(await Bun.file(new URL('../../prisma/seed-assets/select-diagram.png', import.meta.url)).arrayBuffer())

    const fake = await a.post('/admin/api/resources/Content/actions/new', { module, kind: 'IMAGE', title: 'I', upload: new File(['<svg onload=alert(1)>'], 'x.png', { type: 'image/png' }) })
    expect(fake.record.errors.upload.message).toMatch(/not a PNG, JPEG, GIF or WebP image/)
    const big = new Uint8Array(11 * 1024 * 1024)
    big.set(png.subarray(0, 16))
    const tooBig = await a.post('/admin/api/resources/Content/actions/new', { module, kind: 'IMAGE', title: 'I', upload: new File([big], 'big.png', { type: 'image/png' }) })
    expect(tooBig.record.errors.upload.message).toMatch(/too large .* at most 10 MB/)
    const html = await a.post('/admin/api/resources/Content/actions/new', { module, kind: 'FILE', title: 'F', upload: new File(['<script>'], 'page.html', { type: 'text/html' }) })
    expect(html.record.errors.upload.message).toMatch(/not accepted/)
    const missing = await a.post('/admin/api/resources/Content/actions/new', { module, kind: 'FILE', title: 'F' })
    expect(missing.record.errors.upload.message).toMatch(/Upload a file/)

    const ok = await a.post('/admin/api/resources/Content/actions/new', { module, kind: 'IMAGE', title: 'Diagram', body: 'caption', upload: new File([png], 'diagram.png', { type: 'image/png' }) })
    expect(ok.notice.type).toBe('success')
    const content = await ctx.db.prisma.content.findFirstOrThrow({ where: { moduleId: module, kind: 'IMAGE' } })
    expect(content).toMatchObject({ fileName: 'diagram.png', mimeType: 'image/png', fileSize: png.length })

    const served = await a.request(`/admin/files/content/${content.id}`)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('image/png')
    expect(served.headers.get('x-content-type-options')).toBe('nosniff')
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(png)
    const b = await signedIn('bob@example.test')
    expect((await b.request(`/admin/files/content/${content.id}`)).status).toBe(404)
    expect((await client().request(`/admin/files/content/${content.id}`)).headers.get('location')).toBe('/admin/login')

    // replacing the file removes the old one; deleting the content removes its file
    const first = content.filePath!
    const replaced = await a.post(`/admin/api/resources/Content/records/${content.id}/edit`, { kind: 'IMAGE', title: 'Diagram', body: '', upload: new File([png], 'again.png', { type: 'image/png' }) })
    expect(replaced.notice.type).toBe('success')
    expect(ctx.files.resolve(first) && (await Bun.file(ctx.files.resolve(first)!).exists())).toBe(false)
    const second = (await ctx.db.prisma.content.findUniqueOrThrow({ where: { id: content.id } })).filePath!
    expect((await a.post(`/admin/api/resources/Content/records/${content.id}/delete`, {})).notice.type).toBe('success')
    expect(await Bun.file(ctx.files.resolve(second)!).exists()).toBe(false)
  })

  it('reorders modules and contents through the domain, with the audit trail', async () => {
    const alice = await makeStaffUser(ctx, 'alice@example.test')
    const course = await makeCourse(ctx, alice, { modules: [{ title: 'A', contents: [text('a1'), text('a2')] }, { title: 'B', contents: [text('b')] }, { title: 'C', contents: [text('c')] }] })
    const a = await signedIn('alice@example.test')
    const [mA, , mC] = course.moduleIds as [number, number, number]
    // a GET (a link to the action) only answers the record for its confirmation page
    expect((await a.json(`/admin/api/resources/Module/records/${mC}/moveUp`)).notice).toBeUndefined()
    expect((await ctx.ports.courses.loadTree(course.id))!.modules.map((m) => m.title)).toEqual(['A', 'B', 'C'])
    expect((await a.post(`/admin/api/resources/Module/records/${mC}/moveUp`, {})).notice.message).toBe('Moved up')
    expect((await a.post(`/admin/api/resources/Module/records/${mA}/moveUp`, {})).notice.message).toBe('It is already first')
    expect((await ctx.ports.courses.loadTree(course.id))!.modules.map((m) => m.title)).toEqual(['A', 'C', 'B'])
    await a.post(`/admin/api/resources/Content/records/${course.contentIds[0]}/moveDown`, {})
    expect((await ctx.ports.courses.listContents(mA)).map((c) => c.title)).toEqual(['a2', 'a1'])
    // drag-and-drop: the whole new order, checked against the order the page showed
    const [b, c] = [course.moduleIds[1]!, mC]
    const dropped = await a.post(`/admin/api/resources/Course/records/${course.id}/reorder`, { order: `${b},${c},${mA}`, shown: `${mA},${c},${b}` })
    expect(dropped.notice).toEqual({ type: 'success', message: 'New order of the modules saved' })
    expect((await ctx.ports.courses.loadTree(course.id))!.modules.map((m) => m.title)).toEqual(['B', 'C', 'A'])
    // a page that showed an older order is refused, and nothing moves
    const stale = await a.post(`/admin/api/resources/Course/records/${course.id}/reorder`, { order: `${mA},${b},${c}`, shown: `${mA},${c},${b}` })
    expect(stale.notice.message).toBe('Someone else reordered these modules meanwhile; look at the order now and move again')
    expect((await ctx.ports.courses.loadTree(course.id))!.modules.map((m) => m.title)).toEqual(['B', 'C', 'A'])
    // malformed orders are refused; a GET changes nothing
    expect((await a.post(`/admin/api/resources/Course/records/${course.id}/reorder`, { order: 'x', shown: `${b},${c},${mA}` })).notice.type).toBe('error')
    expect((await a.post(`/admin/api/resources/Course/records/${course.id}/reorder`, { order: `${b},${b},${mA}`, shown: `${b},${c},${mA}` })).notice.type).toBe('error')
    expect((await a.json(`/admin/api/resources/Course/records/${course.id}/reorder?order=${mA},${b},${c}&shown=${b},${c},${mA}`)).notice).toBeUndefined()
    // the contents of a module, through the module's reorder
    const contents = await a.post(`/admin/api/resources/Module/records/${mA}/reorder`, { order: `${course.contentIds[0]},${course.contentIds[1]}`, shown: `${course.contentIds[1]},${course.contentIds[0]}` })
    expect(contents.notice.message).toBe('New order of the contents saved')
    expect((await ctx.ports.courses.listContents(mA)).map((c) => c.title)).toEqual(['a1', 'a2'])
    const audit = await ctx.db.prisma.auditEntry.findMany({ where: { courseId: course.id, action: 'reorder' } })
    expect(audit.map((e) => e.entity)).toEqual(['module', 'content', 'module', 'content'])
  })
})

describe('in production', () => {
  it('marks the session cookie Secure (behind the TLS proxy) and sets it only over https', async () => {
    const prod = await openTestContext({
      NODE_ENV: 'production',
      SESSION_SECRET: 'a-production-session-secret-of-enough-length',
      ADMIN_EMAIL: 'root@example.test',
      ADMIN_PASSWORD: 'root password here',
    })
    const prodPanel = await startPanel(prod)
    try {
      await makeStaffUser(prod, 'author@example.test')
      const viaTls = new PanelClient(prodPanel.url, { 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'https' })
      const res = await viaTls.login('author@example.test', PASSWORD)
      expect(res.status).toBe(302)
      const cookie = res.headers.getSetCookie().find((l) => l.startsWith(`${sessionCookieName(ctx.config.redisPrefix)}=`))!
      expect(cookie).toMatch(/; Secure/i)
      expect(cookie).toMatch(/HttpOnly/i)
      expect(cookie).toMatch(/SameSite=Strict/i)
      const plain = await new PanelClient(prodPanel.url, { 'x-forwarded-for': '203.0.113.8' }).login('author@example.test', PASSWORD)
      expect(plain.headers.getSetCookie().filter((l) => l.startsWith(`${sessionCookieName(ctx.config.redisPrefix)}=`))).toEqual([])
      expect(await plain.text()).toContain('Sign in over HTTPS')
    } finally {
      await prodPanel.stop()
      await prod.close()
    }
  })
})

describe('odd requests', () => {
  it('answers malformed filters with a 400 and a plain message, and an odd id with a notice', async () => {
    const alice = await makeStaffUser(ctx, 'alice@example.test')
    const course = await makeCourse(ctx, alice, { slug: 'c' })
    const a = await signedIn('alice@example.test')
    for (const path of [
      '/admin/api/resources/Course/actions/list?filters.id=abc',
      '/admin/api/resources/Course/actions/list?filters.published=maybe',
      '/admin/api/resources/Course/actions/list?filters.subject=xyz',
      '/admin/api/resources/Course/actions/list?filters.createdAt~~from=not-a-date',
      '/admin/api/resources/Content/actions/list?filters.kind=NOPE',
      '/admin/api/resources/AuditEntry/actions/list?filters.details=x&sortBy=details',
      '/admin/api/resources/Course/actions/list?filters.nosuch=1&sortBy=nosuch',
      '/admin/api/resources/Module/actions/list?filters.course=99999999999999999999',
    ]) {
      const res = await a.request(path)
      expect(res.status, path).toBe(400)
      const body = await res.json()
      expect(body.notice.message, path).toMatch(/^This address is not one the panel understands: /)
    }
    expect((await a.json('/admin/api/resources/Course/actions/list?filters.title=COURSE')).meta.total).toBe(1)
    // an unknown sort is no error: the list's own order
    expect((await a.request('/admin/api/resources/Course/actions/list?sortBy=nosuch')).status).toBe(200)
    const weird = await a.json('/admin/api/resources/Course/records/abc/show')
    expect(weird.notice.type).toBe('error')
    expect(course.id).toBeGreaterThan(0)
  })

  it("sorts only by a resource's own columns; a related field or an unknown name gets the default sort", async () => {
    await makeStaffUser(ctx, 'admin@example.test', 'ADMIN')
    for (const [i, slug] of ['aa', 'bb', 'cc'].entries()) {
      const owner = await makeStaffUser(ctx, `${slug}@example.test`)
      const course = await makeCourse(ctx, owner, { slug })
      await ctx.db.prisma.course.update({ where: { id: course.id }, data: { updatedAt: new Date(Date.UTC(2030, 0, i + 1)) } })
    }
    // password hashes in an order of their own (bb < aa < cc), unlike any other order below
    for (const [slug, hash] of [['aa', '$argon2id$m'], ['bb', '$argon2id$a'], ['cc', '$argon2id$z']])
      await ctx.db.prisma.user.update({ where: { email: `${slug}@example.test` }, data: { passwordHash: hash } })
    const root = await signedIn('admin@example.test')
    const order = async (resource: string, query: string, param = 'slug') => {
      const res = await root.request(`/admin/api/resources/${resource}/actions/list?${query}`)
      expect(res.status, query).toBe(200)
      return ((await res.json()).records as any[]).map((r) => r.params[param])
    }
    const byDefault = ['cc', 'bb', 'aa'] // the resource's sort: updatedAt, newest first
    expect(await order('Course', '')).toEqual(byDefault)
    expect(await order('Course', 'sortBy=updatedAt&direction=asc')).toEqual(['aa', 'bb', 'cc'])
    // a relation sorts by its key (the owners were made in this order)
    expect(await order('Course', 'sortBy=owner&direction=asc')).toEqual(['aa', 'bb', 'cc'])
    expect(await order('Course', 'sortBy=owner.id&direction=desc')).toEqual(['cc', 'bb', 'aa'])
    for (const query of [
      'sortBy=owner.passwordHash&direction=asc',
      'sortBy=owner.passwordHash&direction=desc',
      'sortBy=owner.nosuch&direction=asc',
      'sortBy=owner.email&direction=asc',
      'sortBy=owner.id.x&direction=asc',
      'sortBy=ownerId&direction=asc',
      'sortBy=title.x&direction=asc',
      'sortBy=constructor&direction=asc',
    ])
      expect(await order('Course', query), query).toEqual(byDefault)
    // the staff list does not sort by the password hash either (its default: id, ascending)
    const ids = await order('User', '', 'id')
    expect(await order('User', 'sortBy=passwordHash&direction=desc', 'id')).toEqual(ids)
    expect(await order('User', 'sortBy=passwordHash&direction=asc', 'id')).toEqual(ids)
  })
})
