// The dashboard's figures, straight from the metrics queries.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { courseMetrics, courseSummaries } from '../../src/admin/metrics'
import { courseScope } from '../../src/admin/panel-user'
import type { AppContext } from '../../src/context'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, makeStaff, quiz, text } from '../fixtures/factories'
import { seedActivity } from './support'

let ctx: AppContext
beforeAll(async () => {
  ctx = await openTestContext()
})
afterAll(() => ctx.close())
beforeEach(() => resetData(ctx))

describe('course metrics', () => {
  it('counts enrolled and active students, module completion, quiz scores and platforms', async () => {
    const owner = await makeStaff(ctx)
    const course = await makeCourse(ctx, owner, {
      slug: 'metrics',
      modules: [
        { title: 'One', contents: [text('a'), text('b')] },
        { title: 'Two', contents: [text('c'), quiz('q1', 0)] },
        { title: 'Three', contents: [quiz('q2', 2)] },
      ],
    })
    await seedActivity(ctx, 'metrics', { students: { TELEGRAM: 3, DISCORD: 2, WEB: 1 } })
    // one more student who enrolled and then left: not counted
    const { user: leaver } = await ctx.domain.accounts.registerFromPlatform({ platform: 'WEB', externalId: 'leaver', displayName: 'L' })
    await ctx.domain.enrolment.enrol(leaver.id, 'metrics', 'WEB')
    await ctx.domain.enrolment.unenrol(leaver.id, 'metrics')

    const m = (await courseMetrics(ctx.db.prisma, course.id))!
    expect(m.enrolled).toBe(6)
    expect(m.active7d).toBe(5) // the last student's activity is 10 days old
    expect(m.modules.map((x) => [x.title, x.contents, x.completed])).toEqual([
      ['One', 2, 6],
      ['Two', 2, 4],
      ['Three', 1, 2],
    ])
    // q1 answered by students 0-3 (right for 0 and 2), q2 by students 0-1 (right for 0)
    expect(m.quizzes.map((q) => [q.title, q.answered, q.correct, q.percent])).toEqual([
      ['q1', 4, 2, 50],
      ['q2', 2, 1, 50],
    ])
    expect(m.quizAverage).toBe(50)
    expect(m.platforms).toEqual([
      { platform: 'TELEGRAM', count: 3 },
      { platform: 'DISCORD', count: 2 },
      { platform: 'WEB', count: 1 },
      { platform: 'UNKNOWN', count: 0 },
    ])
  })

  it('only counts completions of the current contents, and lists the courses a user may see', async () => {
    const alice = await makeStaff(ctx)
    const bob = await makeStaff(ctx)
    const course = await makeCourse(ctx, alice, { slug: 'a', modules: [{ title: 'M', contents: [text('x')] }] })
    await makeCourse(ctx, bob, { slug: 'b' })
    await seedActivity(ctx, 'a', { students: { TELEGRAM: 2 } })
    // a new content makes the module incomplete for everyone
    await ctx.domain.authoring.createContent(actor(alice), course.moduleIds[0]!, text('new'))
    expect((await courseMetrics(ctx.db.prisma, course.id))!.modules[0]!.completed).toBe(0)
    const forAlice = await courseSummaries(ctx.db.prisma, courseScope({ id: alice.id, role: 'AUTHOR', email: 'a', title: 'a' }))
    expect(forAlice.map((c) => [c.slug, c.enrolled])).toEqual([['a', 2]])
    const forAdmin = await courseSummaries(ctx.db.prisma, courseScope({ id: 999, role: 'ADMIN', email: 'r', title: 'r' }))
    expect(forAdmin.map((c) => c.slug).sort()).toEqual(['a', 'b'])
    expect(await courseMetrics(ctx.db.prisma, 424242)).toBeNull()
  })
})
