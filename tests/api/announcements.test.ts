// Announcements through the HTTP API (app.handle), on real PostgreSQL and Redis.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApi } from '../../src/api'
import type { AppContext } from '../../src/context'
import { openTestContext, resetData } from '../fixtures/context'
import { makeCourse, makeStaff, makeStudent, tokenFor } from '../fixtures/factories'

let ctx: AppContext
let app: ReturnType<typeof createApi>
beforeAll(async () => {
  ctx = await openTestContext()
  app = createApi({ domain: ctx.domain, files: ctx.files, logger: ctx.logger, health: [], publicUrl: 'http://localhost:3000' })
})
afterAll(async () => {
  await ctx.jobs.queue.obliterate({ force: true })
  await ctx.close()
})
beforeEach(async () => {
  await ctx.jobs.queue.obliterate({ force: true })
  await resetData(ctx)
})

async function call(path: string, opts: { method?: string; token?: string; json?: unknown } = {}) {
  const headers: Record<string, string> = {}
  if (opts.token) headers.authorization = `Bearer ${opts.token}`
  if (opts.json !== undefined) headers['content-type'] = 'application/json'
  const res = await app.handle(new Request(`http://localhost${path}`, { method: opts.method ?? 'GET', headers, body: opts.json === undefined ? undefined : JSON.stringify(opts.json) }))
  return { status: res.status, json: (await res.json().catch(() => undefined)) as any }
}

async function world() {
  const author = await makeStaff(ctx)
  const course = await makeCourse(ctx, author, { slug: 'rust-101' })
  const students = [await makeStudent(ctx), await makeStudent(ctx), await makeStudent(ctx)]
  for (const s of students) await ctx.domain.enrolment.enrol(s.id, course.slug, 'TELEGRAM')
  return { author, course, students, authorToken: await tokenFor(ctx, author), studentToken: await tokenFor(ctx, students[0]!) }
}

describe('POST /api/courses/:slug/announcements', () => {
  it('queues an announcement for the course author and shows its progress', async () => {
    const { authorToken } = await world()
    const created = await call('/api/courses/rust-101/announcements', { method: 'POST', token: authorToken, json: { body: 'Live session <b>tonight</b> @everyone' } })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({ status: 'QUEUED', body: 'Live session <b>tonight</b> @everyone', cancelledAt: null })
    // the fan-out job is queued under the delivery's key
    const fanOut = (await ctx.jobs.queue.getWaiting()).filter((j) => j.name === 'delivery.fan-out')
    expect(fanOut.map((j) => j.data)).toEqual([{ deliveryId: created.json.id }])

    await ctx.domain.delivery.expand(created.json.id) // what the worker's fan-out job does
    const shown = await call(`/api/announcements/${created.json.id}`, { token: authorToken })
    expect(shown.status).toBe(200)
    expect(shown.json.counts).toEqual({ total: 3, pending: 3, sent: 0, failed: 0, unreachable: 0, cancelled: 0 })
    const listed = await call('/api/courses/rust-101/announcements', { token: authorToken })
    expect(listed.json.map((a: any) => a.id)).toEqual([created.json.id])

    const cancelled = await call(`/api/announcements/${created.json.id}/cancel`, { method: 'POST', token: authorToken })
    expect(cancelled.json).toEqual({ cancelled: 3 })
    expect((await call(`/api/announcements/${created.json.id}`, { token: authorToken })).json).toMatchObject({ status: 'CANCELLED', counts: { cancelled: 3, pending: 0 } })
  })

  it('refuses students, other authors, anonymous callers and malformed bodies', async () => {
    const { authorToken, studentToken } = await world()
    const other = await tokenFor(ctx, await makeStaff(ctx))
    const post = (token: string | undefined, json: unknown, slug = 'rust-101') => call(`/api/courses/${slug}/announcements`, { method: 'POST', token, json })
    expect((await post(undefined, { body: 'Hi' })).status).toBe(401)
    expect((await post(studentToken, { body: 'Hi' })).status).toBe(403)
    expect((await post(other, { body: 'Hi' })).status).toBe(404)
    expect((await post(authorToken, { body: 'Hi' }, 'no-such-course')).status).toBe(404)
    expect((await post(authorToken, { body: '' })).status).toBe(422)
    expect((await post(authorToken, { body: 'x'.repeat(4001) })).status).toBe(422)
    expect((await post(authorToken, { body: 'Hi', imagePath: '/etc/passwd' })).status).toBe(422)
    expect((await post(authorToken, { body: '[ ](https://example.test)' })).json).toMatchObject({ error: 'invalid', message: 'The announcement has no text' })
    expect((await call('/api/announcements/999999', { token: authorToken })).status).toBe(404)
    expect(await ctx.db.prisma.delivery.count()).toBe(0)
  })
})
