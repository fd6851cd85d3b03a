import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AppContext } from '../../src/context'
import { createDomain } from '../../src/domain'
import { createPorts } from '../../src/infra'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, makeStaff, makeStudent, quiz, text } from '../fixtures/factories'

let ctx: AppContext
beforeAll(async () => {
  ctx = await openTestContext()
})
afterAll(() => ctx.close())
beforeEach(() => resetData(ctx))

describe('catalogue', () => {
  it('lists only subjects that have published courses, with their published count', async () => {
    const author = await makeStaff(ctx)
    await makeCourse(ctx, author, { subjectSlug: 'maths' })
    await makeCourse(ctx, author, { subjectSlug: 'maths', published: false })
    await makeCourse(ctx, author, { subjectSlug: 'drafts-only', published: false })
    await ctx.domain.authoring.createSubject(actor(author), { title: 'Empty', slug: 'empty' })

    const subjects = await ctx.domain.catalog.listSubjects()
    expect(subjects.map((s) => [s.slug, s.courseCount])).toEqual([['maths', 1]])
  })

  it('lists published courses only, optionally of one subject; an unknown subject is not_found', async () => {
    const author = await makeStaff(ctx)
    const m1 = await makeCourse(ctx, author, { subjectSlug: 'maths', title: 'Algebra' })
    const p1 = await makeCourse(ctx, author, { subjectSlug: 'physics', title: 'Mechanics' })
    await makeCourse(ctx, author, { subjectSlug: 'maths', title: 'Draft', published: false })

    expect((await ctx.domain.catalog.listCourses()).map((c) => c.slug)).toEqual([m1.slug, p1.slug])
    const maths = await ctx.domain.catalog.listCourses({ subjectSlug: 'maths' })
    expect(maths.map((c) => c.title)).toEqual(['Algebra'])
    expect(maths[0]).toMatchObject({ subject: { slug: 'maths' }, moduleCount: 1, published: true })
    await expect(ctx.domain.catalog.listCourses({ subjectSlug: 'chemistry' })).rejects.toMatchObject({ code: 'not_found' })
  })

  it('hides an unpublished course tree from students and strangers but shows it to its authors and admins', async () => {
    const owner = await makeStaff(ctx)
    const coAuthor = await makeStaff(ctx)
    const stranger = await makeStaff(ctx)
    const admin = await makeStaff(ctx, 'ADMIN')
    const student = await makeStudent(ctx)
    const course = await makeCourse(ctx, owner, { published: false })
    await ctx.domain.authoring.setCoAuthors(actor(owner), course.id, [coAuthor.id])

    await expect(ctx.domain.catalog.getCourseTree(course.slug)).rejects.toMatchObject({ code: 'not_found' })
    await expect(ctx.domain.catalog.getCourseTree(course.slug, actor(student))).rejects.toMatchObject({ code: 'not_found' })
    await expect(ctx.domain.catalog.getCourseTree(course.slug, actor(stranger))).rejects.toMatchObject({ code: 'not_found' })
    for (const viewer of [owner, coAuthor, admin])
      expect((await ctx.domain.catalog.getCourseTree(course.slug, actor(viewer))).modules.map((m) => m.title)).toEqual(['Module 1'])
    await expect(ctx.domain.catalog.getCourseTree('no-such-course')).rejects.toMatchObject({ code: 'not_found' })
  })

  it('returns the tree in module and content order', async () => {
    const author = await makeStaff(ctx)
    const course = await makeCourse(ctx, author, {
      modules: [
        { title: 'Intro', contents: [text('Welcome'), quiz('Warm-up')] },
        { title: 'Deep dive', contents: [text('Details')] },
      ],
    })
    const tree = await ctx.domain.catalog.getCourseTree(course.slug)
    expect(tree.modules.map((m) => [m.title, m.contents.map((c) => `${c.kind}:${c.title}`)])).toEqual([
      ['Intro', ['TEXT:Welcome', 'QUIZ:Warm-up']],
      ['Deep dive', ['TEXT:Details']],
    ])
  })
})

describe('course tree cache', () => {
  const cacheKey = (slug: string) => `course-tree:${slug}`

  it('serves the second read from Redis', async () => {
    const author = await makeStaff(ctx)
    const course = await makeCourse(ctx, author, { modules: [{ title: 'Cached', contents: [text('a')] }] })
    expect(await ctx.redis.client.exists(cacheKey(course.slug))).toBe(0)
    const first = await ctx.domain.catalog.getCourseTree(course.slug)
    expect(await ctx.redis.client.exists(cacheKey(course.slug))).toBe(1)

    // change the row behind the service's back: a cached read does not see it
    await ctx.db.prisma.module.update({ where: { id: course.moduleIds[0]! }, data: { title: 'Changed in SQL' } })
    const second = await ctx.domain.catalog.getCourseTree(course.slug)
    expect(second.modules[0]!.title).toBe('Cached')
    expect(second.createdAt).toBeInstanceOf(Date)
    expect(second.createdAt.getTime()).toBe(first.createdAt.getTime())
    expect(second).toEqual(first)

    // another process (fresh in-process tier) gets the tree from Redis, not from the database
    const other = createDomain(createPorts(ctx.db, ctx.redis, ctx.files))
    expect((await other.catalog.getCourseTree(course.slug)).modules[0]!.title).toBe('Cached')
  })

  it('drops the copies other processes hold when a course changes', async () => {
    const author = await makeStaff(ctx)
    const course = await makeCourse(ctx, author, { modules: [{ title: 'Before', contents: [text('a')] }] })
    const other = createDomain(createPorts(ctx.db, ctx.redis, ctx.files))
    expect((await other.catalog.getCourseTree(course.slug)).modules[0]!.title).toBe('Before')
    await ctx.domain.authoring.updateModule(actor(author), course.moduleIds[0]!, { title: 'After' })
    await vi.waitFor(async () => expect((await other.catalog.getCourseTree(course.slug)).modules[0]!.title).toBe('After'), { timeout: 10_000 })
  })

  it('drops the cached tree on every authoring change', async () => {
    const author = await makeStaff(ctx)
    const course = await makeCourse(ctx, author, {
      modules: [{ title: 'A', contents: [text('a1'), text('a2')] }, { title: 'B', contents: [text('b1')] }],
    })
    const a = actor(author)
    const read = async () => (await ctx.domain.catalog.getCourseTree(course.slug)).modules
    const [mA, mB] = course.moduleIds as [number, number]
    const [a1, a2] = course.contentIds as [number, number]

    expect((await read()).map((m) => m.title)).toEqual(['A', 'B'])
    await ctx.domain.authoring.updateModule(a, mA, { title: 'A renamed' })
    expect(await ctx.redis.client.exists(cacheKey(course.slug))).toBe(0)
    expect((await read()).map((m) => m.title)).toEqual(['A renamed', 'B'])

    await ctx.domain.authoring.reorderModules(a, course.id, [mB, mA])
    expect((await read()).map((m) => m.title)).toEqual(['B', 'A renamed'])

    await ctx.domain.authoring.reorderContents(a, mA, [a2, a1])
    expect((await read())[1]!.contents.map((c) => c.title)).toEqual(['a2', 'a1'])

    await ctx.domain.authoring.createContent(a, mB, text('b2'))
    expect((await read())[0]!.contents.map((c) => c.title)).toEqual(['b1', 'b2'])

    await ctx.domain.authoring.setPublished(a, course.id, false)
    await expect(ctx.domain.catalog.getCourseTree(course.slug)).rejects.toMatchObject({ code: 'not_found' })
  })

  it('serves a renamed course under its new slug only', async () => {
    const author = await makeStaff(ctx)
    const course = await makeCourse(ctx, author, { slug: 'old-slug' })
    await ctx.domain.catalog.getCourseTree('old-slug')
    await ctx.domain.authoring.updateCourse(actor(author), course.id, { slug: 'new-slug', title: 'Renamed' })
    await expect(ctx.domain.catalog.getCourseTree('old-slug')).rejects.toMatchObject({ code: 'not_found' })
    expect((await ctx.domain.catalog.getCourseTree('new-slug')).title).toBe('Renamed')
  })
})

describe('course tree cache races', () => {
  it('never stores a tree that was loaded before a change (another process keeps reading fresh)', async () => {
    const author = await makeStaff(ctx)
    const course = await makeCourse(ctx, author, { title: 'Before' })
    // a reader loads the tree from the database; the author changes the course before the reader stores it
    const stale = await ctx.ports.treeCache.getOrLoad(course.slug, async () => {
      const tree = await ctx.ports.courses.loadTree(course.id)
      await ctx.domain.authoring.setPublished(actor(author), course.id, false)
      return tree
    })
    expect(stale!.published).toBe(true) // that reader got what it loaded...
    // ...but nobody else gets it: not this process, not another one
    await expect(ctx.domain.catalog.getCourseTree(course.slug)).rejects.toMatchObject({ code: 'not_found' })
    const other = createDomain(createPorts(ctx.db, ctx.redis, ctx.files))
    await expect(other.catalog.getCourseTree(course.slug)).rejects.toMatchObject({ code: 'not_found' })
  })
})

describe('module contents', () => {
  it('needs an active enrolment, or authorship, or the admin role', async () => {
    const owner = await makeStaff(ctx)
    const coAuthor = await makeStaff(ctx)
    const admin = await makeStaff(ctx, 'ADMIN')
    const student = await makeStudent(ctx)
    const course = await makeCourse(ctx, owner, { modules: [{ contents: [text('First'), quiz('Check')] }] })
    await ctx.domain.authoring.setCoAuthors(actor(owner), course.id, [coAuthor.id])
    const moduleId = course.moduleIds[0]!

    await expect(ctx.domain.catalog.getModuleContents(moduleId, actor(student))).rejects.toMatchObject({ code: 'not_enrolled' })

    await ctx.domain.enrolment.enrol(student.id, course.slug)
    const seen = await ctx.domain.catalog.getModuleContents(moduleId, actor(student))
    expect(seen.course.slug).toBe(course.slug)
    expect(seen.contents.map((c) => c.title)).toEqual(['First', 'Check'])
    expect(seen.contents[0]!.body).toBe('First body')

    for (const viewer of [coAuthor, admin])
      expect((await ctx.domain.catalog.getModuleContents(moduleId, actor(viewer))).contents).toHaveLength(2)

    await ctx.domain.enrolment.unenrol(student.id, course.slug)
    await expect(ctx.domain.catalog.getModuleContents(moduleId, actor(student))).rejects.toMatchObject({ code: 'not_enrolled' })
    await expect(ctx.domain.catalog.getModuleContents(999_999, actor(admin))).rejects.toMatchObject({ code: 'not_found' })
  })

  it('closes an unpublished course to its enrolled students but not to its author', async () => {
    const owner = await makeStaff(ctx)
    const student = await makeStudent(ctx)
    const course = await makeCourse(ctx, owner)
    await ctx.domain.enrolment.enrol(student.id, course.slug)
    await ctx.domain.authoring.setPublished(actor(owner), course.id, false)
    await expect(ctx.domain.catalog.getModuleContents(course.moduleIds[0]!, actor(student))).rejects.toMatchObject({ code: 'not_found', message: 'Module not found' })
    await expect(ctx.domain.catalog.getModuleContents(course.moduleIds[0]!, actor(owner))).resolves.toMatchObject({ module: { id: course.moduleIds[0] } })
  })
})

describe('enrolment', () => {
  it('is idempotent both ways and lists my courses', async () => {
    const author = await makeStaff(ctx)
    const student = await makeStudent(ctx)
    const c1 = await makeCourse(ctx, author, { title: 'One' })
    const c2 = await makeCourse(ctx, author, { title: 'Two' })

    const first = await ctx.domain.enrolment.enrol(student.id, c1.slug, 'TELEGRAM')
    expect(first).toMatchObject({ created: true, enrollment: { status: 'ACTIVE', source: 'TELEGRAM' } })
    const again = await ctx.domain.enrolment.enrol(student.id, c1.slug, 'DISCORD')
    expect(again.created).toBe(false)
    expect(again.enrollment.id).toBe(first.enrollment.id)
    await ctx.domain.enrolment.enrol(student.id, c2.slug)
    expect(await ctx.db.prisma.enrollment.count({ where: { userId: student.id } })).toBe(2)

    expect((await ctx.domain.enrolment.myCourses(student.id)).map((c) => c.title)).toEqual(['One', 'Two'])
    expect(await ctx.domain.enrolment.isEnrolled(student.id, c1.id)).toBe(true)

    await ctx.domain.enrolment.unenrol(student.id, c1.slug)
    await ctx.domain.enrolment.unenrol(student.id, c1.slug)
    expect(await ctx.domain.enrolment.isEnrolled(student.id, c1.id)).toBe(false)
    expect((await ctx.domain.enrolment.myCourses(student.id)).map((c) => c.title)).toEqual(['Two'])

    // coming back re-activates the same enrolment
    const back = await ctx.domain.enrolment.enrol(student.id, c1.slug)
    expect(back.enrollment).toMatchObject({ id: first.enrollment.id, status: 'ACTIVE' })
    expect(await ctx.domain.enrolment.isEnrolled(student.id, c1.id)).toBe(true)
  })

  it('keeps one enrolment when the same student enrols twice at once', async () => {
    const author = await makeStaff(ctx)
    const student = await makeStudent(ctx)
    const course = await makeCourse(ctx, author)
    const results = await Promise.all([1, 2, 3].map(() => ctx.domain.enrolment.enrol(student.id, course.slug)))
    expect(new Set(results.map((r) => r.enrollment.id)).size).toBe(1)
    expect(await ctx.db.prisma.enrollment.count({ where: { userId: student.id } })).toBe(1)
    // exactly one of them is told "enrolled" (the others: "already enrolled")
    expect(results.filter((r) => r.created)).toHaveLength(1)
  })

  it('refuses unpublished and unknown courses', async () => {
    const author = await makeStaff(ctx)
    const student = await makeStudent(ctx)
    const draft = await makeCourse(ctx, author, { published: false })
    await expect(ctx.domain.enrolment.enrol(student.id, draft.slug)).rejects.toMatchObject({ code: 'not_found' })
    await expect(ctx.domain.enrolment.enrol(student.id, 'nope')).rejects.toMatchObject({ code: 'not_found' })
    await expect(ctx.domain.enrolment.unenrol(student.id, 'nope')).rejects.toMatchObject({ code: 'not_found' })
    expect(await ctx.domain.enrolment.myCourses(student.id)).toEqual([])
  })
})
