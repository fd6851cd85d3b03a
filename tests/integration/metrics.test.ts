// The author panel's dashboard figures, from the domain's MetricsService, and
// who may see which course's figures.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, makeStaff, makeStudent, quiz, text } from '../fixtures/factories'
import { seedActivity } from '../admin/support'

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

    const m = await ctx.domain.metrics.courseMetrics(actor(owner), course.id)
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
    const admin = await makeStaff(ctx, 'ADMIN')
    const course = await makeCourse(ctx, alice, { slug: 'a', modules: [{ title: 'M', contents: [text('x')] }] })
    await makeCourse(ctx, bob, { slug: 'b' })
    await seedActivity(ctx, 'a', { students: { TELEGRAM: 2 } })
    // a new content makes the module incomplete for everyone
    await ctx.domain.authoring.createContent(actor(alice), course.moduleIds[0]!, text('new'))
    expect((await ctx.domain.metrics.courseMetrics(actor(alice), course.id)).modules[0]!.completed).toBe(0)
    const forAlice = await ctx.domain.metrics.courseSummaries(actor(alice))
    expect(forAlice.map((c) => [c.slug, c.enrolled])).toEqual([['a', 2]])
    const forAdmin = await ctx.domain.metrics.courseSummaries(actor(admin))
    expect(forAdmin.map((c) => c.slug).sort()).toEqual(['a', 'b'])
    // a course that does not exist
    await expect(ctx.domain.metrics.courseMetrics(actor(admin), 424242)).rejects.toMatchObject({ code: 'not_found' })
  })
})

describe('who sees which course metrics', () => {
  it('an author sees the courses they own or co-author, and no other', async () => {
    const alice = await makeStaff(ctx)
    const bob = await makeStaff(ctx)
    const own = await makeCourse(ctx, alice, { slug: 'alice-own', title: 'A' })
    const shared = await makeCourse(ctx, bob, { slug: 'bob-shared', title: 'B' })
    const foreign = await makeCourse(ctx, bob, { slug: 'bob-only', title: 'C' })
    await ctx.domain.authoring.setCoAuthors(actor(bob), shared.id, [alice.id])

    const forAlice = await ctx.domain.metrics.courseSummaries(actor(alice))
    expect(forAlice.map((c) => c.slug)).toEqual(['alice-own', 'bob-shared'])
    expect((await ctx.domain.metrics.courseMetrics(actor(alice), own.id)).course.slug).toBe('alice-own')
    expect((await ctx.domain.metrics.courseMetrics(actor(alice), shared.id)).course.slug).toBe('bob-shared')

    // another author's course is "not found", the same answer as for a course that does not exist
    const denied = await ctx.domain.metrics.courseMetrics(actor(alice), foreign.id).catch((e) => e)
    const missing = await ctx.domain.metrics.courseMetrics(actor(alice), 424242).catch((e) => e)
    expect(denied).toMatchObject({ code: 'not_found' })
    expect(missing).toMatchObject({ code: 'not_found' })
    expect(denied.message).toBe(missing.message)

    expect((await ctx.domain.metrics.courseSummaries(actor(bob))).map((c) => c.slug)).toEqual(['bob-shared', 'bob-only'])
  })

  it('an admin sees every course; a student sees none', async () => {
    const alice = await makeStaff(ctx)
    const bob = await makeStaff(ctx)
    const admin = await makeStaff(ctx, 'ADMIN')
    const student = await makeStudent(ctx)
    const course = await makeCourse(ctx, alice, { slug: 'a', title: 'A' })
    const other = await makeCourse(ctx, bob, { slug: 'b', title: 'B' })

    expect((await ctx.domain.metrics.courseSummaries(actor(admin))).map((c) => c.slug)).toEqual(['a', 'b'])
    expect((await ctx.domain.metrics.courseMetrics(actor(admin), course.id)).course.slug).toBe('a')
    expect((await ctx.domain.metrics.courseMetrics(actor(admin), other.id)).course.slug).toBe('b')

    await expect(ctx.domain.metrics.courseSummaries(actor(student))).rejects.toMatchObject({ code: 'forbidden' })
    await expect(ctx.domain.metrics.courseMetrics(actor(student), course.id)).rejects.toMatchObject({ code: 'forbidden' })
  })
})
