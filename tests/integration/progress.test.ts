import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import type { User } from '../../src/domain'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, makeStaff, makeStudent, makeTwoModuleCourse, text } from '../fixtures/factories'

let ctx: AppContext
beforeAll(async () => {
  ctx = await openTestContext()
})
afterAll(() => ctx.close())
beforeEach(() => resetData(ctx))

const enrolledSetup = () => makeTwoModuleCourse(ctx, { enrol: true })

const complete = (s: User, contentId: number, quizAnswer?: number) => ctx.domain.progress.complete(actor(s), contentId, { quizAnswer })

describe('completing contents', () => {
  it('marks a text content done and moves the next pointer on', async () => {
    const { student, course, ids } = await enrolledSetup()
    const before = await ctx.domain.progress.forCourse(student.id, course.id)
    expect(before).toMatchObject({ totalContents: 4, completedContents: 0, percent: 0, next: { contentId: ids.read, title: 'Read me' } })

    const r = await complete(student, ids.read)
    expect(r.quiz).toBeNull()
    expect(r.entry).toMatchObject({ userId: student.id, contentId: ids.read, quizAnswer: null })
    expect(r.progress).toMatchObject({ completedContents: 1, percent: 25, next: { contentId: ids.pick, moduleId: course.moduleIds[0] } })

    // completing again changes nothing and keeps the first date
    const again = await complete(student, ids.read)
    expect(again.entry.completedAt.getTime()).toBe(r.entry.completedAt.getTime())
    expect(again.progress.completedContents).toBe(1)
  })

  it('needs a valid answer for a quiz', async () => {
    const { student, course, ids } = await enrolledSetup()
    await expect(complete(student, ids.pick)).rejects.toMatchObject({ code: 'invalid', details: { field: 'quizAnswer' } })
    await expect(complete(student, ids.pick, 3)).rejects.toMatchObject({ code: 'invalid' })
    await expect(complete(student, ids.pick, -1)).rejects.toMatchObject({ code: 'invalid' })
    await expect(complete(student, ids.pick, 0.5)).rejects.toMatchObject({ code: 'invalid' })
    expect((await ctx.domain.progress.forCourse(student.id, course.id)).completedContents).toBe(0)
  })

  it('scores right and wrong answers; the first answer is the one that counts', async () => {
    const { student, course, ids } = await enrolledSetup()
    const wrong = await complete(student, ids.pick, 0)
    expect(wrong.quiz).toEqual({ answer: 0, correct: false, correctIndex: 1, explanation: 'because', first: true })
    expect(wrong.progress.quiz).toEqual({ total: 2, answered: 1, correct: 0 })

    // trying again after seeing the right answer changes nothing: the verdict is the stored first answer's
    const again = await complete(student, ids.pick, 1)
    expect(again.quiz).toEqual({ answer: 0, correct: false, correctIndex: 1, explanation: 'because', first: false })
    expect(again.entry).toMatchObject({ quizAnswer: 0, quizCorrect: false })
    expect(again.progress.quiz).toEqual({ total: 2, answered: 1, correct: 0 })
    expect(again.progress.completedContents).toBe(1)
    expect(await ctx.db.prisma.progress.count({ where: { userId: student.id } })).toBe(1)

    const final = await complete(student, ids.final, 2)
    expect(final.quiz!.correct).toBe(true)
    const back = await ctx.domain.progress.forCourse(student.id, course.id)
    expect(back.quiz).toEqual({ total: 2, answered: 2, correct: 1 })
  })

  it('keeps the completion time from the domain clock', async () => {
    const { student, ids } = await enrolledSetup()
    const before = Date.now()
    const { entry } = await complete(student, ids.read)
    expect(entry.completedAt.getTime()).toBeGreaterThanOrEqual(before - 1000)
    expect(entry.completedAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000)
  })

  it('computes percent and next in module order, then content order', async () => {
    const { author, student, course, ids } = await enrolledSetup()
    // put M2 first: reading order is now second, final, read, pick
    await ctx.domain.authoring.reorderModules(actor(author), course.id, [course.moduleIds[1]!, course.moduleIds[0]!])
    let p = await ctx.domain.progress.forCourse(student.id, course.id)
    expect(p.next).toEqual({ moduleId: course.moduleIds[1], contentId: ids.second, title: 'Second read' })

    await complete(student, ids.second)
    p = (await complete(student, ids.read)).progress
    expect(p.percent).toBe(50)
    expect(p.next).toMatchObject({ contentId: ids.final })

    p = (await complete(student, ids.final, 0)).progress
    expect(p).toMatchObject({ completedContents: 3, percent: 75, next: { contentId: ids.pick, title: 'Pick one' } })
    p = (await complete(student, ids.pick, 1)).progress
    expect(p).toMatchObject({ completedContents: 4, percent: 100, next: null })
  })

  it('rounds the percentage down', async () => {
    const author = await makeStaff(ctx)
    const student = await makeStudent(ctx)
    const course = await makeCourse(ctx, author, { modules: [{ contents: [text('a'), text('b'), text('c')] }] })
    await ctx.domain.enrolment.enrol(student.id, course.slug)
    expect((await complete(student, course.contentIds[0]!)).progress.percent).toBe(33)
    expect((await complete(student, course.contentIds[1]!)).progress.percent).toBe(66)
  })

  it('refuses a student who is not enrolled, and unknown contents', async () => {
    const { course, ids } = await enrolledSetup()
    const outsider = await makeStudent(ctx)
    await expect(complete(outsider, ids.read)).rejects.toMatchObject({ code: 'not_enrolled' })
    await expect(complete(outsider, 999_999)).rejects.toMatchObject({ code: 'not_found' })
    expect(await ctx.db.prisma.progress.count({ where: { userId: outsider.id } })).toBe(0)
    // an unenrolled student's progress is kept but further completions are refused
    const student = await makeStudent(ctx)
    await ctx.domain.enrolment.enrol(student.id, course.slug)
    await complete(student, ids.read)
    await ctx.domain.enrolment.unenrol(student.id, course.slug)
    await expect(complete(student, ids.second)).rejects.toMatchObject({ code: 'not_enrolled' })
    expect((await ctx.domain.progress.forCourse(student.id, course.id)).completedContents).toBe(1)
  })

  it('lists progress for each active course of a student', async () => {
    const { author, student, course, ids } = await enrolledSetup()
    const other = await makeCourse(ctx, author, { title: 'Other', modules: [{ contents: [text('only')] }] })
    const left = await makeCourse(ctx, author, { title: 'Left' })
    await ctx.domain.enrolment.enrol(student.id, other.slug)
    await ctx.domain.enrolment.enrol(student.id, left.slug)
    await ctx.domain.enrolment.unenrol(student.id, left.slug)
    await complete(student, ids.read)
    await complete(student, other.contentIds[0]!)

    const all = await ctx.domain.progress.forStudent(student.id)
    expect(all.map((p) => [p.course.slug, p.completedContents, p.totalContents, p.percent])).toEqual([
      [course.slug, 1, 4, 25],
      [other.slug, 1, 1, 100],
    ])
    expect(await ctx.domain.progress.forStudent((await makeStudent(ctx)).id)).toEqual([])
  })
})

describe('neighbours in reading order', () => {
  it('crosses module boundaries and returns null at the ends', async () => {
    const { course, ids } = await enrolledSetup()
    const [m1, m2] = course.moduleIds as [number, number]
    const nb = (id: number, dir: 1 | -1) => ctx.domain.progress.neighbour(course.id, id, dir)
    expect(await nb(ids.read, -1)).toBeNull()
    expect(await nb(ids.read, 1)).toMatchObject({ id: ids.pick, moduleId: m1 })
    expect(await nb(ids.pick, 1)).toMatchObject({ id: ids.second, moduleId: m2 })
    expect(await nb(ids.second, -1)).toMatchObject({ id: ids.pick, moduleId: m1 })
    expect(await nb(ids.final, 1)).toBeNull()
    expect(await nb(999_999, 1)).toBeNull()
  })
})
