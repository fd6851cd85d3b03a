import type { EditedRecord } from '../../domain/errors'
import type { ContentInput, CourseInput, ModuleInput, SubjectInput } from '../../domain/inputs'
import type { CourseRepository } from '../../domain/ports'
import { nextOrder } from '../../domain/rules'
import type { Content, CourseTree, Module } from '../../domain/types'
import type { Prisma } from '../database'
import { courseSummaryInclude, moduleSchedule, toCourse, toCourseSummary, toModule } from './mappers'

export type Tx = Parameters<Parameters<Prisma['$transaction']>[0]>[0]

export class PrismaCourseRepository implements CourseRepository {
  /** @param db the client, or a transaction's client (PrismaUnitOfWork): then its writes join that transaction */
  constructor(private readonly db: Prisma | Tx) {}

  /** `fn` in a transaction: a new one, or the one this repository already writes in. */
  private tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return '$transaction' in this.db ? this.db.$transaction(fn) : fn(this.db)
  }

  // ---- subjects

  async listSubjects({ publishedOnly }: { publishedOnly: boolean }) {
    const rows = await this.db.subject.findMany({
      orderBy: { title: 'asc' },
      include: { _count: { select: { courses: publishedOnly ? { where: { published: true } } : true } } },
    })
    return rows
      .map((s) => ({ id: s.id, title: s.title, slug: s.slug, courseCount: s._count.courses }))
      .filter((s) => !publishedOnly || s.courseCount > 0)
  }

  findSubjectBySlug(slug: string) {
    return this.db.subject.findUnique({ where: { slug } })
  }

  findSubjectById(id: number) {
    return this.db.subject.findUnique({ where: { id } })
  }

  createSubject(input: SubjectInput) {
    return this.db.subject.create({ data: input })
  }

  updateSubject(id: number, input: Partial<SubjectInput>) {
    return this.db.subject.update({ where: { id }, data: input })
  }

  async deleteSubject(id: number) {
    await this.db.subject.delete({ where: { id } })
  }

  countCoursesInSubject(id: number) {
    return this.db.course.count({ where: { subjectId: id } })
  }

  // ---- courses

  async listCourses(filter: { subjectSlug?: string; publishedOnly: boolean; authorId?: number }) {
    const rows = await this.db.course.findMany({
      where: {
        ...(filter.publishedOnly ? { published: true } : {}),
        ...(filter.subjectSlug ? { subject: { slug: filter.subjectSlug } } : {}),
        ...(filter.authorId ? { OR: [{ ownerId: filter.authorId }, { coAuthors: { some: { userId: filter.authorId } } }] } : {}),
      },
      include: courseSummaryInclude,
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    })
    return rows.map(toCourseSummary)
  }

  async findCourseBySlug(slug: string) {
    const row = await this.db.course.findUnique({ where: { slug } })
    return row && toCourse(row)
  }

  async findCourseById(id: number) {
    const row = await this.db.course.findUnique({ where: { id } })
    return row && toCourse(row)
  }

  async loadTree(courseId: number): Promise<CourseTree | null> {
    const row = await this.db.course.findUnique({
      where: { id: courseId },
      include: {
        ...courseSummaryInclude,
        modules: {
          orderBy: [{ order: 'asc' }, { id: 'asc' }],
          include: { contents: { orderBy: [{ order: 'asc' }, { id: 'asc' }], select: { id: true, kind: true, title: true, order: true } } },
        },
      },
    })
    if (!row) return null
    return {
      ...toCourseSummary(row),
      coAuthorIds: row.coAuthors.map((c) => c.userId),
      modules: row.modules.map((m) => ({ ...toModule(m), contents: m.contents })),
    }
  }

  async isAuthor(courseId: number, userId: number) {
    const n = await this.db.course.count({
      where: { id: courseId, OR: [{ ownerId: userId }, { coAuthors: { some: { userId } } }] },
    })
    return n > 0
  }

  async createCourse(ownerId: number, input: CourseInput) {
    return toCourse(await this.db.course.create({ data: { ...input, ownerId } }))
  }

  async updateCourse(id: number, patch: Partial<CourseInput> & { published?: boolean }) {
    return toCourse(await this.db.course.update({ where: { id }, data: patch }))
  }

  deleteCourse(id: number) {
    return this.tx(async (tx) => {
      const files = await storedFiles(tx, { module: { courseId: id } })
      await tx.course.delete({ where: { id } })
      return files
    })
  }

  async setCoAuthors(courseId: number, userIds: number[]) {
    await this.tx(async (tx) => {
      await tx.courseAuthor.deleteMany({ where: { courseId } })
      await tx.courseAuthor.createMany({ data: userIds.map((userId) => ({ courseId, userId })) })
    })
  }

  async claimVersion(courseId: number, expected: number) {
    const { count } = await this.db.course.updateMany({ where: { id: courseId, version: expected }, data: { version: { increment: 1 } } })
    return count === 1 ? expected + 1 : null
  }

  async bumpVersion(courseId: number) {
    const row = await this.db.course.update({ where: { id: courseId }, data: { version: { increment: 1 } }, select: { version: true } })
    return row.version
  }

  async claimRecordVersion(record: EditedRecord, id: number, expected?: number) {
    const bump = { increment: 1 }
    const at = (field: string) => (expected === undefined ? {} : { [field]: expected })
    if (record === 'course') {
      const rows = await this.db.course.updateManyAndReturn({ where: { id, ...at('settingsVersion') }, data: { settingsVersion: bump }, select: { settingsVersion: true } })
      return rows[0]?.settingsVersion ?? null
    }
    const rows =
      record === 'module'
        ? await this.db.module.updateManyAndReturn({ where: { id, ...at('version') }, data: { version: bump }, select: { version: true } })
        : await this.db.content.updateManyAndReturn({ where: { id, ...at('version') }, data: { version: bump }, select: { version: true } })
    return rows[0]?.version ?? null
  }

  // ---- modules

  async findModule(id: number): Promise<Module | null> {
    const row = await this.db.module.findUnique({ where: { id } })
    return row && toModule(row)
  }

  createModule(courseId: number, input: ModuleInput): Promise<Module> {
    return this.tx(async (tx) => {
      await lockRow(tx, 'Course', courseId)
      const order = input.order ?? nextOrder((await tx.module.findMany({ where: { courseId }, select: { order: true } })).map((m) => m.order))
      return toModule(await tx.module.create({ data: { ...moduleSchedule(input), courseId, title: input.title, description: input.description ?? '', order } }))
    })
  }

  async updateModule(id: number, input: Partial<ModuleInput>): Promise<Module> {
    return toModule(await this.db.module.update({ where: { id }, data: { ...input, ...moduleSchedule(input) } }))
  }

  deleteModule(id: number) {
    return this.tx(async (tx) => {
      const files = await storedFiles(tx, { moduleId: id })
      await tx.module.delete({ where: { id } })
      return files
    })
  }

  async reorderModules(courseId: number, orderedIds: number[], check: (currentIds: number[]) => void) {
    await this.tx(async (tx) => {
      await lockRow(tx, 'Course', courseId)
      check((await tx.module.findMany({ where: { courseId }, select: { id: true }, orderBy: [{ order: 'asc' }, { id: 'asc' }] })).map((m) => m.id))
      for (const [order, id] of orderedIds.entries()) await tx.module.update({ where: { id, courseId }, data: { order } })
    })
  }

  // ---- contents

  findContent(id: number): Promise<Content | null> {
    return this.db.content.findUnique({ where: { id } })
  }

  listContents(moduleId: number): Promise<Content[]> {
    return this.db.content.findMany({ where: { moduleId }, orderBy: [{ order: 'asc' }, { id: 'asc' }] })
  }

  createContent(moduleId: number, ownerId: number, input: ContentInput): Promise<Content> {
    return this.tx(async (tx) => {
      await lockRow(tx, 'Module', moduleId)
      const order = input.order ?? nextOrder((await tx.content.findMany({ where: { moduleId }, select: { order: true } })).map((c) => c.order))
      return tx.content.create({ data: { ...contentData(input), moduleId, ownerId, kind: input.kind, title: input.title, order } })
    })
  }

  updateContent(id: number, input: Partial<ContentInput>): Promise<Content> {
    return this.tx(async (tx) => {
      const content = await tx.content.update({ where: { id }, data: contentData(input) })
      // a new upload makes the platforms' cached file ids stale
      if (input.filePath !== undefined) await tx.platformFile.deleteMany({ where: { contentId: id, NOT: { filePath: input.filePath ?? '' } } })
      return content
    })
  }

  async deleteContent(id: number) {
    const { filePath } = await this.db.content.delete({ where: { id }, select: { filePath: true } })
    return filePath ? [filePath] : []
  }

  async reorderContents(moduleId: number, orderedIds: number[], check: (currentIds: number[]) => void) {
    await this.tx(async (tx) => {
      await lockRow(tx, 'Module', moduleId)
      check((await tx.content.findMany({ where: { moduleId }, select: { id: true }, orderBy: [{ order: 'asc' }, { id: 'asc' }] })).map((c) => c.id))
      for (const [order, id] of orderedIds.entries()) await tx.content.update({ where: { id, moduleId }, data: { order } })
    })
  }

  listCourseOutline(courseId: number) {
    return this.db.content.findMany({
      where: { module: { courseId } },
      select: { id: true, moduleId: true, kind: true, title: true },
      orderBy: [{ module: { order: 'asc' } }, { moduleId: 'asc' }, { order: 'asc' }, { id: 'asc' }],
    })
  }
}

async function storedFiles(tx: Tx, where: { moduleId?: number; module?: { courseId: number } }): Promise<string[]> {
  const rows = await tx.content.findMany({ where: { ...where, filePath: { not: null } }, select: { filePath: true } })
  return rows.map((r) => r.filePath!)
}

/** Serializes concurrent appends/reorders within one parent (SELECT ... FOR UPDATE). */
async function lockRow(tx: Tx, table: 'Course' | 'Module', id: number) {
  await tx.$queryRawUnsafe(`SELECT 1 FROM "${table}" WHERE id = $1 FOR UPDATE`, id)
}

function contentData(input: Partial<ContentInput>) {
  const { kind: _kind, title, order, ...rest } = input
  return {
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
    ...(title !== undefined ? { title } : {}),
    ...(order !== undefined ? { order } : {}),
    ...(_kind !== undefined ? { kind: _kind } : {}),
  }
}
