import { existsSync } from 'node:fs'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, makeStaff, makeStudent, text } from '../fixtures/factories'

let ctx: AppContext
beforeAll(async () => {
  ctx = await openTestContext()
})
afterAll(() => ctx.close())
beforeEach(() => resetData(ctx))

const titles = async (courseId: number) => (await ctx.ports.courses.loadTree(courseId))!.modules.map((m) => m.title)

describe('ordering (the original OrderField)', () => {
  it('appends modules without an explicit order and keeps an explicit one', async () => {
    const author = await makeStaff(ctx)
    const course = await makeCourse(ctx, author, { published: false, modules: [] })
    const a = actor(author)
    const m1 = await ctx.domain.authoring.createModule(a, course.id, { title: 'first' })
    const m2 = await ctx.domain.authoring.createModule(a, course.id, { title: 'second' })
    const m3 = await ctx.domain.authoring.createModule(a, course.id, { title: 'explicit', order: 10 })
    const m4 = await ctx.domain.authoring.createModule(a, course.id, { title: 'after explicit' })
    expect([m1.order, m2.order, m3.order, m4.order]).toEqual([0, 1, 10, 11])
    expect(await titles(course.id)).toEqual(['first', 'second', 'explicit', 'after explicit'])
  })

  it('appends concurrently created contents without duplicate orders', async () => {
    const author = await makeStaff(ctx)
    const course = await makeCourse(ctx, author, { published: false, modules: [{ contents: [] }] })
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, i) => ctx.domain.authoring.createContent(actor(author), course.moduleIds[0]!, text(`c${i}`))),
    )
    expect(new Set(created.map((c) => c.order)).size).toBe(8)
    expect(created.map((c) => c.order).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
  })

  it('reorders a whole group atomically and rejects partial lists', async () => {
    const author = await makeStaff(ctx)
    const course = await makeCourse(ctx, author, {
      modules: [{ title: 'A', contents: [text('a')] }, { title: 'B', contents: [text('b')] }, { title: 'C', contents: [text('c')] }],
    })
    const [a, b, c] = course.moduleIds as [number, number, number]
    await ctx.domain.authoring.reorderModules(actor(author), course.id, [c, a, b])
    expect(await titles(course.id)).toEqual(['C', 'A', 'B'])
    await expect(ctx.domain.authoring.reorderModules(actor(author), course.id, [a, b])).rejects.toMatchObject({ code: 'invalid' })
    await expect(ctx.domain.authoring.reorderModules(actor(author), course.id, [a, a, b])).rejects.toMatchObject({ code: 'invalid' })
    expect(await titles(course.id)).toEqual(['C', 'A', 'B'])
  })

  it('reorders contents inside a module', async () => {
    const author = await makeStaff(ctx)
    const course = await makeCourse(ctx, author, { modules: [{ contents: [text('one'), text('two'), text('three')] }] })
    const [one, two, three] = course.contentIds as [number, number, number]
    await ctx.domain.authoring.reorderContents(actor(author), course.moduleIds[0]!, [three, one, two])
    const outline = await ctx.ports.courses.listCourseOutline(course.id)
    expect(outline.map((c) => c.title)).toEqual(['three', 'one', 'two'])
  })
})

describe('ownership rules', () => {
  it('lets owners, co-authors and admins edit, and nobody else', async () => {
    const owner = await makeStaff(ctx)
    const coAuthor = await makeStaff(ctx)
    const stranger = await makeStaff(ctx)
    const admin = await makeStaff(ctx, 'ADMIN')
    const student = await makeStudent(ctx)
    const course = await makeCourse(ctx, owner)
    await ctx.domain.authoring.setCoAuthors(actor(owner), course.id, [coAuthor.id])

    await expect(ctx.domain.authoring.updateCourse(actor(coAuthor), course.id, { title: 'By co-author' })).resolves.toMatchObject({ title: 'By co-author' })
    await expect(ctx.domain.authoring.updateCourse(actor(admin), course.id, { title: 'By admin' })).resolves.toMatchObject({ title: 'By admin' })
    await expect(ctx.domain.authoring.updateCourse(actor(stranger), course.id, { title: 'x' })).rejects.toMatchObject({ code: 'forbidden' })
    await expect(ctx.domain.authoring.createModule(actor(student), course.id, { title: 'x' })).rejects.toMatchObject({ code: 'forbidden' })
    await expect(ctx.domain.authoring.createCourse(actor(student), { subjectId: course.subjectId, title: 't', slug: 'student-course', overview: '' })).rejects.toMatchObject({ code: 'forbidden' })
    // co-authors cannot delete or change co-authors; the owner can
    await expect(ctx.domain.authoring.deleteCourse(actor(coAuthor), course.id)).rejects.toMatchObject({ code: 'forbidden' })
    await expect(ctx.domain.authoring.setCoAuthors(actor(coAuthor), course.id, [])).rejects.toMatchObject({ code: 'forbidden' })
    await ctx.domain.authoring.deleteCourse(actor(owner), course.id)
    expect(await ctx.ports.courses.findCourseById(course.id)).toBeNull()
  })

  it('detects a stale edit from a form loaded before another change', async () => {
    const owner = await makeStaff(ctx)
    const course = await makeCourse(ctx, owner)
    const loadedAt = course.settingsVersion
    await ctx.domain.authoring.updateCourse(actor(owner), course.id, { title: 'First edit' }, { expectedVersion: loadedAt })
    await expect(ctx.domain.authoring.updateCourse(actor(owner), course.id, { title: 'Second edit' }, { expectedVersion: loadedAt })).rejects.toMatchObject({ code: 'stale' })
    expect((await ctx.ports.courses.findCourseById(course.id))!.title).toBe('First edit')
  })

  it('lets exactly one of two saves from forms loaded at the same version through', async () => {
    const owner = await makeStaff(ctx)
    const course = await makeCourse(ctx, owner)
    const loadedAt = course.settingsVersion
    const results = await Promise.allSettled(
      ['Edit A', 'Edit B', 'Edit C'].map((title) => ctx.domain.authoring.updateCourse(actor(owner), course.id, { title }, { expectedVersion: loadedAt })),
    )
    const ok = results.filter((r) => r.status === 'fulfilled')
    expect(ok).toHaveLength(1)
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['stale', 'stale'])
    const saved = (await ctx.ports.courses.findCourseById(course.id))!
    expect(saved.title).toBe((ok[0] as PromiseFulfilledResult<{ title: string }>).value.title)
    // a validation error does not use up the form's version
    await expect(ctx.domain.authoring.updateCourse(actor(owner), course.id, { title: ' ' }, { expectedVersion: saved.settingsVersion })).rejects.toMatchObject({ code: 'invalid' })
    await expect(ctx.domain.authoring.updateCourse(actor(owner), course.id, { title: 'Fixed' }, { expectedVersion: saved.settingsVersion })).resolves.toMatchObject({
      title: 'Fixed',
      version: saved.version + 1,
      settingsVersion: saved.settingsVersion + 1,
    })
  })

  it('detects stale edits per record: different modules and contents never collide, the same one twice does', async () => {
    const owner = await makeStaff(ctx)
    const coAuthor = await makeStaff(ctx)
    const course = await makeCourse(ctx, owner, { modules: [{ contents: [text('A'), text('B')] }, { contents: [text('C')] }] })
    await ctx.domain.authoring.setCoAuthors(actor(owner), course.id, [coAuthor.id])
    const [m1, m2] = course.moduleIds as [number, number]
    const [c1, c2] = course.contentIds as [number, number]
    const authoring = ctx.domain.authoring
    const versionOf = async (id: number) => (await ctx.ports.courses.findModule(id))!.version
    // forms opened at the same time: two modules, two contents, the course settings
    const [v1, v2] = [await versionOf(m1), await versionOf(m2)]
    const [cv1, cv2] = [(await ctx.ports.courses.findContent(c1))!.version, (await ctx.ports.courses.findContent(c2))!.version]
    const settings = (await ctx.ports.courses.findCourseById(course.id))!.settingsVersion
    // saved concurrently by two authors, and a reorder in between: all go through
    const saves = await Promise.allSettled([
      authoring.updateModule(actor(owner), m1, { title: 'Owner’s module' }, { expectedVersion: v1 }),
      authoring.updateModule(actor(coAuthor), m2, { title: 'Co-author’s module' }, { expectedVersion: v2 }),
      authoring.updateContent(actor(owner), c1, { title: 'A, edited' }, { expectedVersion: cv1 }),
      authoring.updateContent(actor(coAuthor), c2, { title: 'B, edited' }, { expectedVersion: cv2 }),
      authoring.reorderModules(actor(coAuthor), course.id, [m2, m1]),
    ])
    expect(saves.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled'])
    await expect(authoring.updateCourse(actor(owner), course.id, { title: 'Renamed' }, { expectedVersion: settings })).resolves.toMatchObject({ title: 'Renamed' })
    expect(await versionOf(m1)).toBe(v1 + 1)

    // the same module from two forms loaded at the same version: exactly one save, the other refused with its name
    const loaded = await versionOf(m1)
    const twice = await Promise.allSettled(['Tab 1', 'Tab 2'].map((title) => authoring.updateModule(actor(owner), m1, { title }, { expectedVersion: loaded })))
    expect(twice.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const refused = twice.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(refused.reason).toMatchObject({ code: 'stale', message: 'This module was changed by someone else since you opened it; reload and apply your edit again' })
    // a stale content form and a stale delete are refused the same way, and change nothing
    await expect(authoring.updateContent(actor(coAuthor), c1, { title: 'late' }, { expectedVersion: cv1 })).rejects.toMatchObject({ code: 'stale', details: { record: 'content' } })
    await expect(authoring.deleteModule(actor(coAuthor), m2, { expectedVersion: v2 })).rejects.toMatchObject({ code: 'stale' })
    expect((await ctx.ports.courses.findContent(c1))!.title).toBe('A, edited')
    expect(await ctx.ports.courses.findModule(m2)).not.toBeNull()
    // a reorder made from a page that showed an older order is refused
    await expect(authoring.reorderModules(actor(owner), course.id, [m2, m1], { expectedOrder: [m1, m2] })).rejects.toMatchObject({ code: 'stale' })
    await expect(authoring.reorderModules(actor(owner), course.id, [m1, m2], { expectedOrder: [m2, m1] })).resolves.toBeUndefined()
  })

  it('takes only authors as co-authors, and a demoted author loses access to drafts', async () => {
    const owner = await makeStaff(ctx)
    const coAuthor = await makeStaff(ctx)
    const student = await makeStudent(ctx)
    const draft = await makeCourse(ctx, owner, { published: false })
    await expect(ctx.domain.authoring.setCoAuthors(actor(owner), draft.id, [student.id])).rejects.toMatchObject({ code: 'invalid' })
    await expect(ctx.domain.authoring.setCoAuthors(actor(owner), draft.id, [999999])).rejects.toMatchObject({ code: 'invalid' })
    await ctx.domain.authoring.setCoAuthors(actor(owner), draft.id, [coAuthor.id])
    await expect(ctx.domain.catalog.getModuleContents(draft.moduleIds[0]!, actor(coAuthor))).resolves.toBeTruthy()
    await expect(ctx.domain.catalog.getCourseTree(draft.slug, actor(coAuthor))).resolves.toMatchObject({ slug: draft.slug })
    const demoted = { id: coAuthor.id, role: 'STUDENT' as const }
    await expect(ctx.domain.catalog.getModuleContents(draft.moduleIds[0]!, demoted)).rejects.toMatchObject({ code: 'not_found' })
    await expect(ctx.domain.catalog.getCourseTree(draft.slug, demoted)).rejects.toMatchObject({ code: 'not_found' })
  })

  it('removes stored files that nothing points at any more', async () => {
    const owner = await makeStaff(ctx)
    const course = await makeCourse(ctx, owner, { modules: [{ contents: [text('t')] }, { contents: [text('u')] }] })
    const save = (name: string) => ctx.files.save(new TextEncoder().encode(name), `${name}.txt`, 'text/plain')
    const onDisk = (path: string) => existsSync(ctx.files.resolve(path)!)
    const fileContent = async (moduleId: number, name: string) => {
      const f = await save(name)
      return { file: f, content: await ctx.domain.authoring.createContent(actor(owner), moduleId, { kind: 'FILE', title: name, filePath: f.path, fileName: f.name, mimeType: f.mimeType, fileSize: f.size }) }
    }
    const first = await fileContent(course.moduleIds[0]!, 'first')
    const replacement = await save('replacement')
    await ctx.domain.authoring.updateContent(actor(owner), first.content.id, { filePath: replacement.path, fileName: replacement.name, mimeType: 'text/plain', fileSize: replacement.size })
    expect(onDisk(first.file.path)).toBe(false)
    expect(onDisk(replacement.path)).toBe(true)

    const inSecond = await fileContent(course.moduleIds[1]!, 'second')
    await ctx.domain.authoring.deleteModule(actor(owner), course.moduleIds[1]!)
    expect(onDisk(inSecond.file.path)).toBe(false)
    expect(onDisk(replacement.path)).toBe(true)
    await ctx.domain.authoring.deleteCourse(actor(owner), course.id)
    expect(onDisk(replacement.path)).toBe(false)
  })

  it('validates content by kind and slugs', async () => {
    const owner = await makeStaff(ctx)
    const course = await makeCourse(ctx, owner, { published: false })
    const m = course.moduleIds[0]!
    const a = actor(owner)
    await expect(ctx.domain.authoring.createContent(a, m, { kind: 'TEXT', title: 'empty', body: '  ' })).rejects.toMatchObject({ code: 'invalid' })
    await expect(ctx.domain.authoring.createContent(a, m, { kind: 'QUIZ', title: 'q', quizQuestion: 'q?', quizOptions: ['only one'], quizCorrectIndex: 0 })).rejects.toMatchObject({ code: 'invalid' })
    await expect(ctx.domain.authoring.createContent(a, m, { kind: 'QUIZ', title: 'q', quizQuestion: 'q?', quizOptions: ['a', 'b'], quizCorrectIndex: 2 })).rejects.toMatchObject({ code: 'invalid' })
    await expect(ctx.domain.authoring.createContent(a, m, { kind: 'VIDEO', title: 'v', videoUrl: 'javascript:alert(1)' })).rejects.toMatchObject({ code: 'invalid' })
    await expect(ctx.domain.authoring.createContent(a, m, { kind: 'IMAGE', title: 'i' })).rejects.toMatchObject({ code: 'invalid' })
    await expect(ctx.domain.authoring.updateCourse(a, course.id, { slug: 'Not A Slug' })).rejects.toMatchObject({ code: 'invalid' })
    const other = await makeCourse(ctx, owner)
    await expect(ctx.domain.authoring.updateCourse(a, course.id, { slug: other.slug })).rejects.toMatchObject({ code: 'conflict' })
  })

  it('refuses to publish an empty course and records an audit trail', async () => {
    const owner = await makeStaff(ctx)
    const course = await makeCourse(ctx, owner, { published: false, modules: [] })
    await expect(ctx.domain.authoring.setPublished(actor(owner), course.id, true)).rejects.toMatchObject({ code: 'invalid' })
    const m = await ctx.domain.authoring.createModule(actor(owner), course.id, { title: 'M' })
    await ctx.domain.authoring.createContent(actor(owner), m.id, text('T'))
    await ctx.domain.authoring.setPublished(actor(owner), course.id, true)
    const audit = await ctx.db.prisma.auditEntry.findMany({ where: { courseId: course.id }, orderBy: { id: 'asc' } })
    expect(audit.map((e) => `${e.action} ${e.entity}`)).toEqual(['create course', 'create module', 'create content', 'publish course'])
    expect(audit.every((e) => e.actorId === owner.id)).toBe(true)
  })
})
