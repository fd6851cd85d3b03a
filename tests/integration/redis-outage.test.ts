// Redis goes away mid-run (a private redis-server this test starts and stops):
// the course tree still comes from the database, a completion and an author's
// edit still succeed, panel sign-in answers with a human message, and /health
// is the one place that says 503. When Redis is back, everything uses it again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LoginThrottle, createAuthenticate } from '../../src/admin/auth'
import { DEFAULT_PANEL_LANGUAGE, translator } from '../../src/admin/locales'
import { createApi } from '../../src/api'
import { apiDeps } from '../../src/api/server'
import type { AppContext } from '../../src/context'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, makeStaff, makeStudent, tokenFor } from '../fixtures/factories'
import { type PrivateRedis, startPrivateRedis } from '../fixtures/private-redis'

let redis: PrivateRedis
let ctx: AppContext
let api: ReturnType<typeof createApi>

const call = (path: string, init: RequestInit = {}) => api.handle(new Request(`http://local${path}`, init))

beforeAll(async () => {
  redis = await startPrivateRedis()
  ctx = await openTestContext({ REDIS_URL: redis.url })
  await resetData(ctx)
  api = createApi(apiDeps(ctx))
}, 30_000)
afterAll(async () => {
  await ctx?.close()
  await redis?.stop()
})

describe('with Redis stopped mid-run', () => {
  it('serves the course tree, records a completion, saves an edit, and only /health says 503', async () => {
    const author = await makeStaff(ctx, 'AUTHOR')
    const course = await makeCourse(ctx, author, { published: true })
    const student = await makeStudent(ctx)
    const token = await tokenFor(ctx, student)
    const auth = { authorization: `Bearer ${token}` }
    expect((await call(`/api/courses/${course.slug}/enrolment`, { method: 'PUT', headers: auth })).status).toBe(201)
    expect((await call(`/api/courses/${course.slug}`)).status).toBe(200) // cached in Redis now

    await redis.stop()
    await expect.poll(() => ctx.redis.client.status).not.toBe('ready')

    const tree = await call(`/api/courses/${course.slug}`)
    expect(tree.status).toBe(200)
    expect(((await tree.json()) as { slug: string }).slug).toBe(course.slug)

    const done = await call(`/api/contents/${course.contentIds[0]}/completion`, { method: 'POST', headers: auth })
    expect(done.status).toBe(200)
    expect(await ctx.db.prisma.progress.count({ where: { userId: student.id } })).toBe(1)

    // an author's change is saved and reported as saved; readers see it at once
    await ctx.domain.authoring.updateCourse(actor(author), course.id, { title: 'Renamed while Redis was away' })
    expect(((await (await call(`/api/courses/${course.slug}`)).json()) as { title: string }).title).toBe('Renamed while Redis was away')

    const health = await call('/health')
    expect(health.status).toBe(503)
    expect(await health.json()).toMatchObject({ checks: { database: { ok: true }, redis: { ok: false } } })

    // panel sign-in: the form gets a human message, not a driver error after a long hang
    const authenticate = createAuthenticate(ctx, new LoginThrottle(ctx.redis.client), '/admin/login')
    await expect(authenticate('author@example.test', 'any password', { req: { ip: '203.0.113.9', get: () => undefined } } as never)).rejects.toThrow(translator(DEFAULT_PANEL_LANGUAGE)('messages.loginStoreDown'))

    // Redis is back (empty): the cache is used again and the pending invalidation went out
    await redis.start()
    await expect.poll(async () => (await call('/health')).status, { timeout: 15_000 }).toBe(200)
    expect(((await (await call(`/api/courses/${course.slug}`)).json()) as { title: string }).title).toBe('Renamed while Redis was away')
    const cachedAfterRead = async () => {
      await call(`/api/courses/${course.slug}`)
      return ctx.redis.client.exists(`course-tree:${course.slug}`)
    }
    await expect.poll(cachedAfterRead).toBe(1)
  }, 60_000)
})
