import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApi } from '../../src/api'
import type { AppContext } from '../../src/context'
import type { User } from '../../src/domain'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, makeStaff, makeStudent, quiz, text, tokenFor } from '../fixtures/factories'

let ctx: AppContext
let app: ReturnType<typeof createApi>
beforeAll(async () => {
  ctx = await openTestContext()
  app = buildApi()
})
afterAll(() => ctx.close())
beforeEach(() => resetData(ctx))

function buildApi(health = [
  { name: 'database', check: () => ctx.db.ping() },
  { name: 'redis', check: () => ctx.redis.ping() },
]) {
  return createApi({ domain: ctx.domain, files: ctx.files, logger: ctx.logger, health, publicUrl: 'http://localhost:3000' })
}

interface Call {
  method?: string
  token?: string
  json?: unknown
  body?: string
  headers?: Record<string, string>
}

async function call(path: string, opts: Call = {}, api: { handle(r: Request): Promise<Response> } = app) {
  const headers: Record<string, string> = { ...opts.headers }
  if (opts.token) headers.authorization = `Bearer ${opts.token}`
  let body: string | undefined = opts.body
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(opts.json)
  }
  const res = await api.handle(new Request(`http://localhost${path}`, { method: opts.method ?? 'GET', headers, body }))
  const raw = await res.text()
  let json: any = undefined
  try {
    json = JSON.parse(raw)
  } catch {}
  return { status: res.status, headers: res.headers, raw, json }
}

/** A published course with two modules, a student with a token, and a second (unenrolled) student. */
async function world() {
  const author = await makeStaff(ctx)
  const course = await makeCourse(ctx, author, {
    slug: 'intro-to-ts',
    title: 'Intro to TS',
    subjectSlug: 'programming',
    modules: [
      { title: 'Basics', contents: [text('Types'), quiz('Check yourself', 2)] },
      { title: 'Advanced', contents: [text('Generics')] },
    ],
  })
  const student = await makeStudent(ctx, 'Alice')
  const outsider = await makeStudent(ctx, 'Bob')
  return { author, course, student, outsider, token: await tokenFor(ctx, student), outsiderToken: await tokenFor(ctx, outsider) }
}

const enrol = (u: User, slug: string) => ctx.domain.enrolment.enrol(u.id, slug)

describe('health', () => {
  it('reports database and redis as ok', async () => {
    const res = await call('/health')
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ status: 'ok', checks: { database: { ok: true }, redis: { ok: true } } })
  })

  it('answers 503 and names the failing dependency', async () => {
    const broken = buildApi([
      { name: 'database', check: () => ctx.db.ping() },
      { name: 'redis', check: () => Promise.reject(new Error('connection refused')) },
    ])
    const res = await call('/health', {}, broken)
    expect(res.status).toBe(503)
    expect(res.json).toMatchObject({ status: 'degraded', checks: { database: { ok: true }, redis: { ok: false, error: 'connection refused' } } })
  })
})

describe('catalogue', () => {
  it('lists subjects with published courses', async () => {
    const author = await makeStaff(ctx)
    await makeCourse(ctx, author, { subjectSlug: 'maths' })
    await makeCourse(ctx, author, { subjectSlug: 'drafts', published: false })
    const res = await call('/api/subjects')
    expect(res.status).toBe(200)
    expect(res.json).toEqual([{ id: expect.any(Number), title: 'MATHS', slug: 'maths', courseCount: 1 }])
  })

  it('lists published courses, filtered by subject', async () => {
    const author = await makeStaff(ctx)
    await makeCourse(ctx, author, { subjectSlug: 'maths', slug: 'algebra', title: 'Algebra' })
    await makeCourse(ctx, author, { subjectSlug: 'physics', slug: 'mechanics', title: 'Mechanics' })
    await makeCourse(ctx, author, { subjectSlug: 'maths', slug: 'draft', published: false })

    const all = await call('/api/courses')
    expect(all.status).toBe(200)
    expect(all.json.map((c: { slug: string }) => c.slug)).toEqual(['algebra', 'mechanics'])
    expect(all.json[0]).toMatchObject({ title: 'Algebra', published: true, subject: { slug: 'maths', title: 'MATHS' }, moduleCount: 1, overview: 'An overview' })
    expect(all.json[0].createdAt).toMatch(/^\d{4}-\d\d-\d\dT/)
    expect(all.json[0]).not.toHaveProperty('ownerId')
    expect(all.json[0]).not.toHaveProperty('version')

    const maths = await call('/api/courses?subject=maths')
    expect(maths.status).toBe(200)
    expect(maths.json.map((c: { slug: string }) => c.slug)).toEqual(['algebra'])

    const unknown = await call('/api/courses?subject=chemistry')
    expect(unknown.status).toBe(404)
    expect(unknown.json).toMatchObject({ error: 'not_found', message: 'Subject not found' })

    const bad = await call('/api/courses?subject=Bad_Subject')
    expect(bad.status).toBe(422)
    expect(bad.json.error).toBe('invalid')
    expect(bad.json.message).toContain('subject')
  })

  it('returns a course tree in order, and 404 for unknown or unpublished courses', async () => {
    const { author, course } = await world()
    await ctx.domain.authoring.reorderModules(actor(author), course.id, [course.moduleIds[1]!, course.moduleIds[0]!])
    const res = await call('/api/courses/intro-to-ts')
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ slug: 'intro-to-ts', title: 'Intro to TS', subject: { slug: 'programming' } })
    expect(res.json.modules.map((m: any) => [m.title, m.contents.map((c: any) => `${c.kind}:${c.title}`)])).toEqual([
      ['Advanced', ['TEXT:Generics']],
      ['Basics', ['TEXT:Types', 'QUIZ:Check yourself']],
    ])
    // the outline carries no bodies, no answers and no internal ids
    expect(res.raw).not.toContain('Types body')
    expect(res.raw).not.toContain('quizCorrectIndex')
    expect(res.raw).not.toContain('coAuthorIds')

    // the second (cached) answer is the same
    expect((await call('/api/courses/intro-to-ts')).json).toEqual(res.json)

    expect((await call('/api/courses/no-such-course')).status).toBe(404)
    await ctx.domain.authoring.setPublished(actor(author), course.id, false)
    const hidden = await call('/api/courses/intro-to-ts')
    expect(hidden.status).toBe(404)
    expect(hidden.json).toMatchObject({ error: 'not_found' })
  })

  it('rejects a malformed slug with 422', async () => {
    const res = await call('/api/courses/Bad_Slug')
    expect(res.status).toBe(422)
    expect(res.json).toMatchObject({ error: 'invalid' })
    expect(res.json.message).toContain('slug')
  })
})

describe('module contents', () => {
  it('needs a valid token and an enrolment', async () => {
    const { course, student, token, outsiderToken } = await world()
    const path = `/api/modules/${course.moduleIds[0]}`

    const anonymous = await call(path)
    expect(anonymous.status).toBe(401)
    expect(anonymous.json).toMatchObject({ error: 'unauthenticated' })
    expect((await call(path, { token: 'tm_not-a-real-token' })).status).toBe(401)
    expect((await call(path, { token: `tm_${'x'.repeat(40)}` })).status).toBe(401)
    expect((await call(path, { headers: { authorization: `Basic ${btoa('a:b')}` } })).status).toBe(401)

    const notEnrolled = await call(path, { token: outsiderToken })
    expect(notEnrolled.status).toBe(403)
    expect(notEnrolled.json).toMatchObject({ error: 'not_enrolled', details: { course: 'intro-to-ts' } })

    await enrol(student, course.slug)
    const res = await call(path, { token })
    expect(res.status).toBe(200)
    expect(res.json.course).toEqual({ slug: 'intro-to-ts', title: 'Intro to TS' })
    expect(res.json.module).toMatchObject({ id: course.moduleIds[0], title: 'Basics', order: 0 })
    expect(res.json.contents.map((c: any) => [c.kind, c.title])).toEqual([['TEXT', 'Types'], ['QUIZ', 'Check yourself']])
    expect(res.json.contents[0]).toMatchObject({ body: 'Types body', file: null, quiz: null })
    expect(res.json.contents[1].quiz).toEqual({ question: 'Check yourself?', options: ['a', 'b', 'c'] })
  })

  it('never sends the right answer of a quiz', async () => {
    const { course, student, token } = await world()
    await enrol(student, course.slug)
    const res = await call(`/api/modules/${course.moduleIds[0]}`, { token })
    expect(res.status).toBe(200)
    const quizJson = res.json.contents.find((c: any) => c.kind === 'QUIZ')
    expect(quizJson).toBeDefined()
    expect(res.raw).not.toMatch(/correct/i)
    expect(res.raw).not.toContain('because') // the explanation comes with the student's answer
  })

  it('answers 404 for an unknown module and 422 for a malformed id', async () => {
    const { token } = await world()
    const unknown = await call('/api/modules/999999', { token })
    expect(unknown.status).toBe(404)
    expect(unknown.json).toMatchObject({ error: 'not_found' })
    for (const bad of ['abc', '0', '-1', '1.5', '99999999999', '1e3x']) {
      const res = await call(`/api/modules/${bad}`, { token })
      expect(res.status, bad).toBe(422)
      expect(res.json.error).toBe('invalid')
    }
  })

  it('lets the course authors read without enrolling', async () => {
    const { author, course } = await world()
    const res = await call(`/api/modules/${course.moduleIds[1]}`, { token: await tokenFor(ctx, author) })
    expect(res.status).toBe(200)
    expect(res.json.contents.map((c: any) => c.title)).toEqual(['Generics'])
  })
})

describe('content files', () => {
  it('serves the stored bytes with their type to enrolled students only', async () => {
    const { author, course, student, token, outsiderToken } = await world()
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4])
    const stored = await ctx.files.save(bytes, 'diagram.png', 'image/png')
    const image = await ctx.domain.authoring.createContent(actor(author), course.moduleIds[0]!, {
      kind: 'IMAGE',
      title: 'Diagram',
      filePath: stored.path,
      fileName: stored.name,
      mimeType: stored.mimeType,
      fileSize: stored.size,
    })
    const path = `/api/contents/${image.id}/file`

    expect((await call(path)).status).toBe(401)
    const refused = await call(path, { token: outsiderToken })
    expect(refused.status).toBe(403)
    expect(refused.json).toMatchObject({ error: 'not_enrolled' })

    await enrol(student, course.slug)
    const res = await app.handle(new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${token}` } }))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('content-disposition')).toContain('diagram.png')
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes)

    // the module lists the file with its URL
    const module = await call(`/api/modules/${course.moduleIds[0]}`, { token })
    expect(module.json.contents.find((c: any) => c.id === image.id).file).toEqual({ url: path, name: 'diagram.png', mimeType: 'image/png', size: bytes.length })

    // a content without a file, and an unknown content
    const noFile = await call(`/api/contents/${course.contentIds[0]}/file`, { token })
    expect(noFile.status).toBe(404)
    expect(noFile.json).toMatchObject({ error: 'not_found' })
    expect((await call('/api/contents/999999/file', { token })).status).toBe(404)

    // a file lost from disk is a 404, not a broken download
    await ctx.files.remove(stored.path)
    const lost = await call(path, { token })
    expect(lost.status).toBe(404)
    expect(lost.json).toMatchObject({ error: 'not_found' })
  })
})

describe('enrolment', () => {
  it('enrols with 201, then 200, and leaves idempotently', async () => {
    const { token } = await world()
    const path = '/api/courses/intro-to-ts/enrolment'
    expect((await call(path, { method: 'PUT' })).status).toBe(401)

    const first = await call(path, { method: 'PUT', token })
    expect(first.status).toBe(201)
    expect(first.json).toEqual({ course: 'intro-to-ts', enrolled: true })
    const second = await call(path, { method: 'PUT', token })
    expect(second.status).toBe(200)
    expect(second.json).toEqual({ course: 'intro-to-ts', enrolled: true })
    expect((await call('/api/me/courses', { token })).json.map((c: any) => c.slug)).toEqual(['intro-to-ts'])

    for (let i = 0; i < 2; i++) {
      const left = await call(path, { method: 'DELETE', token })
      expect(left.status).toBe(200)
      expect(left.json).toEqual({ course: 'intro-to-ts', enrolled: false })
    }
    expect((await call('/api/me/courses', { token })).json).toEqual([])
  })

  it('answers 404 for unknown and unpublished courses and 422 for a bad slug', async () => {
    const { author, token } = await world()
    await makeCourse(ctx, author, { slug: 'draft', published: false })
    const unknown = await call('/api/courses/nope/enrolment', { method: 'PUT', token })
    expect(unknown.status).toBe(404)
    expect(unknown.json).toMatchObject({ error: 'not_found' })
    const draft = await call('/api/courses/draft/enrolment', { method: 'PUT', token })
    expect(draft.status).toBe(404)
    // a draft is answered exactly like a course that does not exist
    expect(draft.json).toEqual({ error: 'not_found', message: 'Course not found', details: { course: 'draft' } })
    expect((await call('/api/courses/nope/enrolment', { method: 'DELETE', token })).status).toBe(404)
    expect((await call('/api/courses/Bad_Slug/enrolment', { method: 'PUT', token })).status).toBe(422)
    expect((await call('/api/me/courses', { token })).json).toEqual([])
  })
})

describe('me', () => {
  it('sets where my deliveries go, and refuses a choice that is none', async () => {
    const { token } = await world()
    const set = await call('/api/me', { method: 'PATCH', token, json: { deliveryPlatforms: 'DISCORD_ONLY' } })
    expect(set.status).toBe(200)
    expect(set.json).toMatchObject({ deliveryPlatforms: 'DISCORD_ONLY', reminders: true })
    expect((await call('/api/me', { token })).json.deliveryPlatforms).toBe('DISCORD_ONLY')
    const bad = await call('/api/me', { method: 'PATCH', token, json: { deliveryPlatforms: '<b>EVERYWHERE</b>' } })
    expect(bad.status).toBe(422)
    expect(bad.json.message).toContain('deliveryPlatforms must be EVERY_LINKED, TELEGRAM_ONLY or DISCORD_ONLY')
    expect((await call('/api/me', { token })).json.deliveryPlatforms).toBe('DISCORD_ONLY')
  })

  it('shows who I am, my courses and my progress', async () => {
    const { course, student, token } = await world()
    expect((await call('/api/me')).status).toBe(401)
    const me = await call('/api/me', { token })
    expect(me.status).toBe(200)
    expect(me.json).toEqual({ id: student.id, role: 'STUDENT', displayName: 'Alice', locale: 'en', reminders: true, deliveryPlatforms: 'EVERY_LINKED' })
    // reminders off and on again through the profile; nothing else of it may change here
    const off = await call('/api/me', { method: 'PATCH', token, json: { reminders: false } })
    expect(off.status).toBe(200)
    expect(off.json).toMatchObject({ id: student.id, reminders: false })
    expect((await call('/api/me', { token })).json).toMatchObject({ reminders: false })
    expect((await call('/api/me', { method: 'PATCH', token, json: { role: 'ADMIN' } })).status).toBe(422)
    expect((await call('/api/me', { method: 'PATCH', token, json: { reminders: 'no' } })).status).toBe(422)
    expect((await call('/api/me', { method: 'PATCH', json: { reminders: true } })).status).toBe(401)
    expect((await call('/api/me', { method: 'PATCH', token, json: { reminders: true } })).json).toMatchObject({ role: 'STUDENT', reminders: true })

    expect((await call('/api/me/courses', { token })).json).toEqual([])
    expect((await call('/api/me/progress', { token })).json).toEqual([])

    await call('/api/courses/intro-to-ts/enrolment', { method: 'PUT', token })
    const courses = await call('/api/me/courses', { token })
    expect(courses.status).toBe(200)
    expect(courses.json).toMatchObject([{ slug: 'intro-to-ts', title: 'Intro to TS', moduleCount: 2 }])

    await call(`/api/contents/${course.contentIds[0]}/completion`, { method: 'POST', token })
    const progress = await call('/api/me/progress', { token })
    expect(progress.status).toBe(200)
    expect(progress.json).toEqual([
      {
        course: { id: course.id, slug: 'intro-to-ts', title: 'Intro to TS' },
        totalContents: 3,
        completedContents: 1,
        percent: 33,
        quiz: { total: 1, answered: 0, correct: 0 },
        next: { moduleId: course.moduleIds[0], contentId: course.contentIds[1], title: 'Check yourself' },
      },
    ])
    expect((await call('/api/me/progress')).status).toBe(401)
    expect((await call('/api/me/courses')).status).toBe(401)
  })
})

describe('completion', () => {
  it('completes texts and scores quizzes', async () => {
    const { course, student, token } = await world()
    await enrol(student, course.slug)
    const [textId, quizId] = course.contentIds as [number, number]

    const done = await call(`/api/contents/${textId}/completion`, { method: 'POST', token })
    expect(done.status).toBe(200)
    expect(done.json).toMatchObject({ quiz: null, progress: { completedContents: 1, next: { contentId: quizId } } })
    expect(Date.parse(done.json.completedAt)).not.toBeNaN()

    const wrong = await call(`/api/contents/${quizId}/completion`, { method: 'POST', token, json: { quizAnswer: 0 } })
    expect(wrong.status).toBe(200)
    expect(wrong.json.quiz).toEqual({ answer: 0, correct: false, correctIndex: 2, explanation: 'because', first: true })
    const right = await call(`/api/contents/${quizId}/completion`, { method: 'POST', token, json: { quizAnswer: 2 } })
    // the score keeps the first attempt, and so does the verdict
    expect(right.json.quiz).toEqual({ answer: 0, correct: false, correctIndex: 2, explanation: 'because', first: false })
    expect(right.json.progress).toMatchObject({ completedContents: 2, quiz: { total: 1, answered: 1, correct: 0 } })
  })

  it('rejects bad completion requests with clear 4xx answers', async () => {
    const { course, student, token, outsiderToken } = await world()
    await enrol(student, course.slug)
    const quizPath = `/api/contents/${course.contentIds[1]}/completion`

    const noAnswer = await call(quizPath, { method: 'POST', token })
    expect(noAnswer.status).toBe(422)
    expect(noAnswer.json).toMatchObject({ error: 'invalid', details: { fields: [{ path: 'quizAnswer', message: expect.any(String) }] } })
    const emptyBody = await call(quizPath, { method: 'POST', token, json: {} })
    expect(emptyBody.status).toBe(422)

    const wrongType = await call(quizPath, { method: 'POST', token, json: { quizAnswer: 'x' } })
    expect(wrongType.status).toBe(422)
    expect(wrongType.json.error).toBe('invalid')
    expect(wrongType.json.message).toContain('quizAnswer')

    const outOfRange = await call(quizPath, { method: 'POST', token, json: { quizAnswer: 5 } })
    expect(outOfRange.status).toBe(422)

    const malformed = await call(quizPath, { method: 'POST', token, body: '{"quizAnswer": ', headers: { 'content-type': 'application/json' } })
    expect(malformed.status).toBe(400)
    expect(malformed.json).toMatchObject({ error: 'bad_request' })

    const extra = await call(quizPath, { method: 'POST', token, json: { quizAnswer: 1, isAdmin: true } })
    expect(extra.status).toBe(422)
    expect(extra.json.error).toBe('invalid')

    // none of these recorded anything
    expect(await ctx.db.prisma.progress.count()).toBe(0)

    expect((await call(quizPath, { method: 'POST', json: { quizAnswer: 1 } })).status).toBe(401)
    const outsider = await call(quizPath, { method: 'POST', token: outsiderToken, json: { quizAnswer: 1 } })
    expect(outsider.status).toBe(403)
    expect(outsider.json.error).toBe('not_enrolled')
    expect((await call('/api/contents/999999/completion', { method: 'POST', token })).status).toBe(404)
    expect((await call('/api/contents/abc/completion', { method: 'POST', token })).status).toBe(422)
  })
})

describe('docs', () => {
  it('publishes an OpenAPI document listing the routes', async () => {
    const res = await call('/api/openapi.json')
    expect(res.status).toBe(200)
    const paths = Object.keys(res.json.paths)
    for (const p of [
      '/health', '/api/subjects', '/api/courses', '/api/courses/{slug}', '/api/modules/{id}', '/api/contents/{id}/file',
      '/api/me', '/api/me/courses', '/api/me/progress', '/api/courses/{slug}/enrolment', '/api/contents/{id}/completion',
    ])
      expect(paths, p).toContain(p)
    expect(paths.some((p) => p.startsWith('/api/docs'))).toBe(false)
    expect(res.json.paths['/api/courses/{slug}/enrolment']).toHaveProperty('put')
    expect(res.json.paths['/api/courses/{slug}/enrolment']).toHaveProperty('delete')
    expect(res.json.paths['/api/contents/{id}/completion']).toHaveProperty('post')
  })

  it('serves a Swagger UI page with local assets only', async () => {
    const page = await call('/api/docs')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toContain('text/html')
    expect(page.raw).not.toMatch(/(src|href)=["']?(https?:)?\/\//)
    const refs = [...page.raw.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!)
    expect(refs.length).toBeGreaterThanOrEqual(2)
    for (const ref of refs) {
      expect(ref.startsWith('/api/docs/assets/')).toBe(true)
      const asset = await app.handle(new Request(`http://localhost${ref}`))
      expect(asset.status, ref).toBe(200)
      expect((await asset.arrayBuffer()).byteLength, ref).toBeGreaterThan(10)
    }
    const bundle = await app.handle(new Request('http://localhost/api/docs/assets/swagger-ui-bundle.js'))
    expect(bundle.headers.get('content-type')).toContain('javascript')
    expect((await call('/api/docs/assets/..%2F..%2Fpackage.json')).status).toBe(404)
    expect((await call('/api/docs/assets/not-there.js')).status).toBe(404)
  })
})

describe('hostile and unknown requests', () => {
  it('answers an unknown route with JSON 404', async () => {
    const res = await call('/api/nothing-here')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toContain('application/json')
    expect(res.json).toMatchObject({ error: 'not_found' })
  })

  it('never answers 500 to odd input', async () => {
    const { token } = await world()
    const long = 'a'.repeat(10_000)
    const requests: Array<[string, Call]> = [
      [`/api/courses/${long}`, {}],
      [`/api/courses/${long}/enrolment`, { method: 'PUT', token }],
      [`/api/courses?subject=${long}`, {}],
      [`/api/courses?subject=`, {}],
      [`/api/courses/${encodeURIComponent("x' OR 1=1 --")}`, {}],
      ['/api/courses/%E0%A4%A', {}],
      [`/api/modules/${'9'.repeat(400)}`, { token }],
      ['/api/modules/NaN', { token }],
      ['/api/modules/Infinity', { token }],
      ['/api/me', { headers: { authorization: `Bearer ${'x'.repeat(10_000)}` } }],
      ['/api/me', { headers: { authorization: 'Bearer' } }],
      [`/api/contents/1/completion`, { method: 'POST', token, body: 'x'.repeat(10_000), headers: { 'content-type': 'application/json' } }],
      [`/api/contents/1/completion`, { method: 'POST', token, json: [1, 2, 3] }],
      [`/api/contents/1/completion`, { method: 'POST', token, json: { quizAnswer: 1e308 } }],
      [`/api/contents/1/completion`, { method: 'POST', token, json: { quizAnswer: null } }],
    ]
    for (const [path, opts] of requests) {
      const res = await call(path, opts)
      expect(res.status, `${opts.method ?? 'GET'} ${path.slice(0, 60)}`).toBeGreaterThanOrEqual(400)
      expect(res.status, `${opts.method ?? 'GET'} ${path.slice(0, 60)}`).toBeLessThan(500)
      expect(res.json, path.slice(0, 60)).toHaveProperty('error')
    }
  })
})
