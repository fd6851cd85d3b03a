// Bad and hostile input gets one clear 4xx in one shape:
// { error, message, details?: { fields: [{ path, message }] } } in user words.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApi } from '../../src/api'
import { MAX_BODY_BYTES, apiDeps, startApiRole } from '../../src/api/server'
import type { AppContext } from '../../src/context'
import { openTestContext, resetData } from '../fixtures/context'
import { makeCourse, makeStaff, makeStudent, quiz, text, tokenFor } from '../fixtures/factories'

let ctx: AppContext
let app: ReturnType<typeof createApi>
beforeAll(async () => {
  ctx = await openTestContext({ PORT: '0' })
  app = createApi(apiDeps(ctx))
})
afterAll(() => ctx?.close())
beforeEach(() => resetData(ctx))

async function call(path: string, init: { method?: string; token?: string; body?: string; type?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers }
  if (init.token) headers.authorization = `Bearer ${init.token}`
  if (init.type) headers['content-type'] = init.type
  const res = await app.handle(new Request(`http://localhost${path}`, { method: init.method ?? 'GET', headers, body: init.body }))
  const raw = await res.text()
  return { status: res.status, raw, json: raw ? JSON.parse(raw) : undefined }
}

async function enrolledStudent() {
  const author = await makeStaff(ctx)
  const course = await makeCourse(ctx, author, { modules: [{ title: 'M', contents: [text('T'), quiz('Q', 1)] }] })
  const student = await makeStudent(ctx)
  await ctx.domain.enrolment.enrol(student.id, course.slug)
  return { author, course, token: await tokenFor(ctx, student) }
}

const expectOneShape = (json: any, status: string) => {
  expect(json).toMatchObject({ error: status, message: expect.any(String) })
  if (json.details?.fields) for (const f of json.details.fields) expect(f).toEqual({ path: expect.any(String), message: expect.any(String) })
  expect(json.details?.field).toBeUndefined()
}

describe('JSON bodies', () => {
  it('refuses bodies that are not a JSON object with 422', async () => {
    const { course, token } = await enrolledStudent()
    for (const body of ['[1,2]', '"str"', 'null', '42', 'true']) {
      const res = await call(`/api/contents/${course.contentIds[0]}/completion`, { method: 'POST', token, type: 'application/json', body })
      expect(res.status, body).toBe(422)
      expectOneShape(res.json, 'invalid')
      expect(res.json.details.fields).toEqual([{ path: 'body', message: 'must be a JSON object' }])
    }
    expect(await ctx.db.prisma.progress.count()).toBe(0)
    // an empty body and {} are fine: a plain content needs no answer
    expect((await call(`/api/contents/${course.contentIds[0]}/completion`, { method: 'POST', token, type: 'application/json', body: '{}' })).status).toBe(200)
  })

  it('compares content types case-insensitively: malformed JSON is always a 400', async () => {
    const { course, token } = await enrolledStudent()
    for (const type of ['APPLICATION/JSON', 'Application/Json; charset=UTF-8', 'application/json;charset=utf-8']) {
      const res = await call(`/api/contents/${course.contentIds[0]}/completion`, { method: 'POST', token, type, body: '{"quizAnswer": 1,' })
      expect(res.status, type).toBe(400)
      expectOneShape(res.json, 'bad_request')
    }
    const ok = await call(`/api/contents/${course.contentIds[1]}/completion`, { method: 'POST', token, type: 'APPLICATION/JSON', body: '{"quizAnswer": 1}' })
    expect(ok.status).toBe(200)
    expect(ok.json.quiz).toMatchObject({ correct: true })
  })

  it('authenticates before it validates a body: no token, a big body of unknown fields, a short 401', async () => {
    const { course, token } = await enrolledStudent()
    const fields = Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`field${i}`, i]))
    const body = JSON.stringify(fields)
    expect(body.length).toBeGreaterThan(500_000)
    const anonymous = await call(`/api/contents/${course.contentIds[0]}/completion`, { method: 'POST', type: 'application/json', body })
    expect(anonymous.status).toBe(401)
    expect(anonymous.raw.length).toBeLessThan(300)
    expectOneShape(anonymous.json, 'unauthenticated')
    // signed in, the answer names a few of the unknown fields, never all of them
    const signed = await call(`/api/contents/${course.contentIds[0]}/completion`, { method: 'POST', token, type: 'application/json', body })
    expect(signed.status).toBe(422)
    expectOneShape(signed.json, 'invalid')
    expect(signed.raw.length).toBeLessThan(4_000)
    expect(signed.json.details.fields[0]).toEqual({ path: 'field0', message: 'is not a known field' })
  })
})

describe('validation messages', () => {
  it('are in user words, under details.fields, for params, bodies and domain rules', async () => {
    const { course, token } = await enrolledStudent()
    const badId = await call('/api/modules/abc', { token })
    expect(badId.status).toBe(422)
    expect(badId.json.details.fields).toEqual([{ path: 'id', message: 'id must be a positive whole number' }])
    expect(badId.json.message).not.toMatch(/should be|Property|integer/)

    const badAnswer = await call(`/api/contents/${course.contentIds[1]}/completion`, { method: 'POST', token, type: 'application/json', body: '{"quizAnswer":"x"}' })
    expect(badAnswer.status).toBe(422)
    expect(badAnswer.json.details.fields).toEqual([{ path: 'quizAnswer', message: 'quizAnswer must be an option index (0-9)' }])

    // a rule the domain checks: same shape
    const outOfRange = await call(`/api/contents/${course.contentIds[1]}/completion`, { method: 'POST', token, type: 'application/json', body: '{"quizAnswer":7}' })
    expect(outOfRange.status).toBe(422)
    expectOneShape(outOfRange.json, 'invalid')
    expect(outOfRange.json.details.fields).toEqual([{ path: 'quizAnswer', message: outOfRange.json.message }])
  })
})

describe('drafts', () => {
  it('answer /api/modules/:id exactly like a module that does not exist', async () => {
    const { author, token } = await enrolledStudent()
    const draft = await makeCourse(ctx, author, { slug: 'secret-draft', published: false })
    const missingId = draft.moduleIds[0]! + 1000
    const hidden = await call(`/api/modules/${draft.moduleIds[0]}`, { token })
    const missing = await call(`/api/modules/${missingId}`, { token })
    expect(hidden.status).toBe(404)
    expect(hidden.raw).not.toContain('secret-draft')
    expect(hidden.json).toEqual({ ...missing.json, details: { module: draft.moduleIds[0] } })
    expect(missing.json).toEqual({ error: 'not_found', message: 'Module not found', details: { module: missingId } })
  })
})

describe('a too-large body', () => {
  it('gets 413 with a JSON answer from the real server', async () => {
    const api = await startApiRole(ctx)
    try {
      const res = await fetch(`http://127.0.0.1:${api.port}/api/contents/1/completion`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ padding: 'x'.repeat(MAX_BODY_BYTES + 10) }),
      })
      expect(res.status).toBe(413)
      expect(res.headers.get('content-type')).toMatch(/application\/json/)
      const json = await res.json()
      expectOneShape(json, 'too_large')
      expect(json.message).toMatch(/1 MB/)
    } finally {
      await api.stop()
    }
  })
})
