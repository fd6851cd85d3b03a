// Two installations on one Redis (each with its own REDIS_PREFIX) never see
// each other's course trees, invalidations, panel sessions or queues.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSessionStore, sessionCookieName } from '../../src/admin/session-store'
import { type AppContext, openContext } from '../../src/context'
import { createLogger } from '../../src/infra/logger'
import { queuePrefix } from '../../src/jobs/queue'
import { deleteRunKeys, openTestContext, resetData, testConfig } from '../fixtures/context'
import { makeCourse, makeStaff } from '../fixtures/factories'

const runPrefix = process.env.TEST_REDIS_PREFIX ?? 'tm-test:'
const open = (name: string) =>
  openContext(testConfig({ REDIS_PREFIX: `${runPrefix}${name}` }), createLogger({ level: 'silent', pretty: false }))

let base: AppContext
let a: AppContext
let b: AppContext

beforeAll(async () => {
  base = await openTestContext()
  await resetData(base)
  a = await open('install-a')
  b = await open('install-b')
})
afterAll(async () => {
  await a?.close()
  await b?.close()
  if (base) await deleteRunKeys(base)
  await base?.close()
})

describe('one Redis, two installations', () => {
  it('takes its namespace from config: every key, the queue and the panel cookie', () => {
    expect(a.config.redisPrefix).toBe(`${runPrefix}install-a:`)
    expect(a.redis.prefix).toBe(a.config.redisPrefix)
    expect(queuePrefix(a.redis)).toBe(`${runPrefix}install-a:bull`)
    expect(sessionCookieName(a.config.redisPrefix)).not.toBe(sessionCookieName(b.config.redisPrefix))
    expect(sessionCookieName(a.config.redisPrefix)).toMatch(/^[A-Za-z0-9_-]+$/)
  })

  it('serves a course tree only to the installation that cached it', async () => {
    const owner = await makeStaff(base, 'AUTHOR')
    const course = await makeCourse(base, owner, { published: true })
    const tree = await a.domain.catalog.getCourseTree(course.slug)
    expect(tree.slug).toBe(course.slug)
    // the course leaves the database behind the cache's back: A still has it cached, B never saw it
    await base.db.sql.exec(`TRUNCATE "Course" RESTART IDENTITY CASCADE`)
    expect((await a.domain.catalog.getCourseTree(course.slug)).slug).toBe(course.slug)
    await expect(b.domain.catalog.getCourseTree(course.slug)).rejects.toMatchObject({ code: 'not_found' })
    // B's invalidation neither reaches A's Redis copy nor A's processes
    await b.ports.treeCache.invalidate([course.slug])
    const fresh = await open('install-a')
    try {
      expect((await fresh.domain.catalog.getCourseTree(course.slug)).slug).toBe(course.slug)
      // A's own invalidation reaches every A process (pub/sub on A's channel)
      await fresh.ports.treeCache.invalidate([course.slug])
      const outcome = () => a.domain.catalog.getCourseTree(course.slug).then(() => 'served', (err) => err.code)
      await expect.poll(outcome).toBe('not_found')
    } finally {
      await fresh.close()
    }
  })

  it('keeps panel sessions apart', async () => {
    const storeA = createSessionStore(a.redis.client, 60)
    const storeB = createSessionStore(b.redis.client, 60)
    const session = { cookie: { originalMaxAge: 60_000 }, adminUser: { id: 1 } }
    await new Promise<void>((res, rej) => storeA.set('shared-sid', session as never, (err) => (err ? rej(err) : res())))
    const fromB = await new Promise((res, rej) => storeB.get('shared-sid', (err, s) => (err ? rej(err) : res(s))))
    expect(fromB).toBeFalsy()
    const allB = await new Promise<unknown[]>((res, rej) => storeB.all((err, s) => (err ? rej(err) : res((s ?? []) as unknown[]))))
    expect(allB).toEqual([])
    const allA = await new Promise<unknown[]>((res, rej) => storeA.all((err, s) => (err ? rej(err) : res((s ?? []) as unknown[]))))
    expect(allA).toHaveLength(1)
    await new Promise<void>((res) => storeB.destroy('shared-sid', () => res()))
    const stillA = await new Promise((res, rej) => storeA.get('shared-sid', (err, s) => (err ? rej(err) : res(s))))
    expect(stillA).toMatchObject({ adminUser: { id: 1 } })
  })
})
