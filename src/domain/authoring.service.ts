// Building the course tree. An author edits only courses they own or
// co-author; an admin edits everything. Every change bumps the course's
// version (stale-edit detection), drops its cached tree and is audited.
import { ConflictError, ForbiddenError, NotFoundError, StaleEditError, ValidationError } from './errors'
import type { ContentInput, CourseInput, ModuleInput, SubjectInput } from './inputs'
import type { CourseEntity, CourseEvents } from './course-events'
import type { AuditLog, CourseRepository, CourseTreeCache, UserRepository } from './ports'
import type { FileStorage } from './uploads'
import { assertContentShape, assertPermutation, assertSlug, assertTitle, isAdmin } from './rules'
import type { Actor, Content, Course, Module, Subject } from './types'

export interface AuthoringDeps {
  courses: CourseRepository
  users: UserRepository
  treeCache: CourseTreeCache
  audit: AuditLog
  files: Pick<FileStorage, 'remove'>
  /** Told after each committed change under a course (live co-authoring); none: nobody listens. */
  courseEvents?: CourseEvents
}

/**
 * Optional optimistic-concurrency guard: the course version the editor's form
 * was loaded at. The version is claimed atomically right before the write, so
 * of two saves from forms loaded at the same version exactly one succeeds.
 */
export interface EditGuard {
  expectedVersion?: number
}

/** A course whose version this edit already claimed (then the edit does not bump it again). */
type EditedCourse = Course & { versionClaimed?: boolean }

export class AuthoringService {
  constructor(private readonly deps: AuthoringDeps) {}

  // ---- subjects (shared taxonomy: authors add, admins change and remove)

  async createSubject(actor: Actor, input: SubjectInput): Promise<Subject> {
    requireAuthorRole(actor)
    assertTitle(input.title)
    assertSlug(input.slug)
    if (await this.deps.courses.findSubjectBySlug(input.slug)) throw new ConflictError(`subject slug "${input.slug}" is taken`, { field: 'slug' })
    const subject = await this.deps.courses.createSubject(input)
    await this.audit(actor, null, 'create', 'subject', subject.id, { ...input })
    return subject
  }

  async updateSubject(actor: Actor, id: number, input: Partial<SubjectInput>): Promise<Subject> {
    if (!isAdmin(actor)) throw new ForbiddenError('Only an admin can change a subject')
    if (input.title !== undefined) assertTitle(input.title)
    if (input.slug !== undefined) {
      assertSlug(input.slug)
      const other = await this.deps.courses.findSubjectBySlug(input.slug)
      if (other && other.id !== id) throw new ConflictError(`subject slug "${input.slug}" is taken`, { field: 'slug' })
    }
    if (!(await this.deps.courses.findSubjectById(id))) throw new NotFoundError('Subject')
    const subject = await this.deps.courses.updateSubject(id, input)
    await this.audit(actor, null, 'update', 'subject', id, { ...input })
    return subject
  }

  async deleteSubject(actor: Actor, id: number): Promise<void> {
    if (!isAdmin(actor)) throw new ForbiddenError('Only an admin can delete a subject')
    if (!(await this.deps.courses.findSubjectById(id))) throw new NotFoundError('Subject')
    if ((await this.deps.courses.countCoursesInSubject(id)) > 0) throw new ConflictError('move or delete the courses of this subject first')
    await this.deps.courses.deleteSubject(id)
    await this.audit(actor, null, 'delete', 'subject', id)
  }

  // ---- courses

  async createCourse(actor: Actor, input: CourseInput): Promise<Course> {
    requireAuthorRole(actor)
    await this.checkCourseInput(input)
    const course = await this.deps.courses.createCourse(actor.id, { ...input, overview: input.overview ?? '' })
    await this.audit(actor, course.id, 'create', 'course', course.id, { title: input.title, slug: input.slug })
    await this.announce(actor, course.id, 'create', 'course', course.id, course.version)
    return course
  }

  async updateCourse(actor: Actor, id: number, patch: Partial<CourseInput>, guard: EditGuard = {}): Promise<Course> {
    const current = await this.editableCourse(actor, id, guard)
    await this.checkCourseInput({ ...current, ...patch }, id)
    const before = await this.claim(current, guard)
    const course = await this.deps.courses.updateCourse(id, patch)
    const version = await this.changed(actor, before, 'update', 'course', id, { ...patch }, course.slug)
    return { ...course, version }
  }

  async setPublished(actor: Actor, id: number, published: boolean, guard: EditGuard = {}): Promise<Course> {
    const current = await this.editableCourse(actor, id, guard)
    if (published && (await this.deps.courses.listCourseOutline(id)).length === 0)
      throw new ValidationError('add at least one module with content before publishing')
    const before = await this.claim(current, guard)
    const course = await this.deps.courses.updateCourse(id, { published })
    const version = await this.changed(actor, before, published ? 'publish' : 'unpublish', 'course', id)
    return { ...course, version }
  }

  async deleteCourse(actor: Actor, id: number): Promise<void> {
    const course = await this.editableCourse(actor, id)
    if (!isAdmin(actor) && course.ownerId !== actor.id) throw new ForbiddenError('Only the owner or an admin can delete a course')
    await this.discardFiles(await this.deps.courses.deleteCourse(id))
    await this.deps.treeCache.invalidate([course.slug])
    await this.audit(actor, null, 'delete', 'course', id, { slug: course.slug })
    await this.announce(actor, id, 'delete', 'course', id, null)
  }

  async setCoAuthors(actor: Actor, courseId: number, userIds: number[]): Promise<void> {
    const course = await this.editableCourse(actor, courseId)
    if (!isAdmin(actor) && course.ownerId !== actor.id) throw new ForbiddenError('Only the owner or an admin can choose co-authors')
    const ids = [...new Set(userIds)].filter((u) => u !== course.ownerId)
    for (const id of ids) {
      const user = await this.deps.users.findById(id)
      if (!user) throw new ValidationError(`user ${id} does not exist`, { field: 'coAuthors' })
      if (user.role !== 'AUTHOR' && user.role !== 'ADMIN') throw new ValidationError(`user ${id} is not an author`, { field: 'coAuthors' })
    }
    await this.deps.courses.setCoAuthors(courseId, ids)
    await this.changed(actor, course, 'set-co-authors', 'course', courseId, { userIds })
  }

  // ---- modules

  async createModule(actor: Actor, courseId: number, input: ModuleInput, guard: EditGuard = {}): Promise<Module> {
    const current = await this.editableCourse(actor, courseId, guard)
    checkModuleInput(input)
    const course = await this.claim(current, guard)
    const module = await this.deps.courses.createModule(courseId, input)
    await this.changed(actor, course, 'create', 'module', module.id, { title: input.title, order: module.order })
    return module
  }

  async updateModule(actor: Actor, id: number, input: Partial<ModuleInput>, guard: EditGuard = {}): Promise<Module> {
    const { course: current } = await this.editableModule(actor, id, guard)
    if (input.title !== undefined) assertTitle(input.title)
    if (input.order !== undefined) assertOrder(input.order)
    const course = await this.claim(current, guard)
    const module = await this.deps.courses.updateModule(id, input)
    await this.changed(actor, course, 'update', 'module', id, { ...input })
    return module
  }

  async deleteModule(actor: Actor, id: number, guard: EditGuard = {}): Promise<void> {
    const { course: current } = await this.editableModule(actor, id, guard)
    const course = await this.claim(current, guard)
    await this.discardFiles(await this.deps.courses.deleteModule(id))
    await this.changed(actor, course, 'delete', 'module', id)
  }

  async reorderModules(actor: Actor, courseId: number, orderedIds: number[], guard: EditGuard = {}): Promise<void> {
    const course = await this.claim(await this.editableCourse(actor, courseId, guard), guard)
    await this.deps.courses.reorderModules(courseId, orderedIds, (current) => assertPermutation(current, orderedIds, 'module'))
    await this.changed(actor, course, 'reorder', 'module', null, { order: orderedIds })
  }

  // ---- contents

  async createContent(actor: Actor, moduleId: number, input: ContentInput, guard: EditGuard = {}): Promise<Content> {
    const { course: current } = await this.editableModule(actor, moduleId, guard)
    assertContentShape(input)
    const course = await this.claim(current, guard)
    const content = await this.deps.courses.createContent(moduleId, actor.id, input)
    await this.changed(actor, course, 'create', 'content', content.id, { kind: input.kind, title: input.title, order: content.order })
    return content
  }

  async updateContent(actor: Actor, id: number, input: Partial<ContentInput>, guard: EditGuard = {}): Promise<Content> {
    const current = await this.deps.courses.findContent(id)
    if (!current) throw new NotFoundError('Content')
    const { course: editable } = await this.editableModule(actor, current.moduleId, guard)
    assertContentShape({ ...current, ...input })
    const course = await this.claim(editable, guard)
    const content = await this.deps.courses.updateContent(id, input)
    // a replaced upload is no longer anyone's: remove it once the new one is saved
    if (current.filePath && input.filePath !== undefined && input.filePath !== current.filePath) await this.discardFiles([current.filePath])
    await this.changed(actor, course, 'update', 'content', id, summarize(input))
    return content
  }

  async deleteContent(actor: Actor, id: number, guard: EditGuard = {}): Promise<void> {
    const current = await this.deps.courses.findContent(id)
    if (!current) throw new NotFoundError('Content')
    const course = await this.claim((await this.editableModule(actor, current.moduleId, guard)).course, guard)
    await this.discardFiles(await this.deps.courses.deleteContent(id))
    await this.changed(actor, course, 'delete', 'content', id)
  }

  async reorderContents(actor: Actor, moduleId: number, orderedIds: number[], guard: EditGuard = {}): Promise<void> {
    const course = await this.claim((await this.editableModule(actor, moduleId, guard)).course, guard)
    await this.deps.courses.reorderContents(moduleId, orderedIds, (current) => assertPermutation(current, orderedIds, 'content'))
    await this.changed(actor, course, 'reorder', 'content', moduleId, { order: orderedIds })
  }

  // ---- permission helpers (public: the admin panel uses them to filter what it shows)

  async canEdit(actor: Actor, courseId: number): Promise<boolean> {
    return isAdmin(actor) || (actor.role === 'AUTHOR' && (await this.deps.courses.isAuthor(courseId, actor.id)))
  }

  async editableCourse(actor: Actor, courseId: number, guard: EditGuard = {}): Promise<Course> {
    const course = await this.deps.courses.findCourseById(courseId)
    if (!course) throw new NotFoundError('Course')
    if (!(await this.canEdit(actor, courseId))) throw new ForbiddenError('You are not an author of this course')
    if (guard.expectedVersion !== undefined && guard.expectedVersion !== course.version)
      throw new StaleEditError(guard.expectedVersion, course.version)
    return course
  }

  /** Removes stored files nothing points at any more (after the rows are gone; best effort). */
  private async discardFiles(paths: string[]) {
    await Promise.all(paths.map((p) => this.deps.files.remove(p).catch(() => undefined)))
  }

  /** Claims the guarded version atomically right before a write (a no-op without a guard). */
  private async claim(course: Course, guard: EditGuard): Promise<EditedCourse> {
    if (guard.expectedVersion === undefined) return course
    const version = await this.deps.courses.claimVersion(course.id, guard.expectedVersion)
    if (version === null) {
      const now = await this.deps.courses.findCourseById(course.id)
      throw new StaleEditError(guard.expectedVersion, now?.version ?? course.version)
    }
    return { ...course, version, versionClaimed: true }
  }

  private async editableModule(actor: Actor, moduleId: number, guard: EditGuard = {}): Promise<{ course: Course; module: Module }> {
    const module = await this.deps.courses.findModule(moduleId)
    if (!module) throw new NotFoundError('Module')
    return { module, course: await this.editableCourse(actor, module.courseId, guard) }
  }

  private async checkCourseInput(input: CourseInput, id?: number): Promise<void> {
    assertTitle(input.title)
    assertSlug(input.slug)
    if (input.overview && input.overview.length > 4000) throw new ValidationError('overview must be at most 4000 characters', { field: 'overview' })
    if (!(await this.deps.courses.findSubjectById(input.subjectId))) throw new ValidationError('subject does not exist', { field: 'subjectId' })
    const other = await this.deps.courses.findCourseBySlug(input.slug)
    if (other && other.id !== id) throw new ConflictError(`course slug "${input.slug}" is taken`, { field: 'slug' })
  }

  /** After any change under a course: bump its version, drop cached trees, audit. Returns the new version. */
  private async changed(actor: Actor, course: EditedCourse, action: string, entity: string, entityId: number | null, details?: Record<string, unknown>, newSlug?: string): Promise<number> {
    const version = course.versionClaimed ? course.version : await this.deps.courses.bumpVersion(course.id)
    await this.deps.treeCache.invalidate(newSlug && newSlug !== course.slug ? [course.slug, newSlug] : [course.slug])
    await this.audit(actor, course.id, action, entity, entityId, details)
    // (a reorder's entityId is its parent: the event names no single record then)
    await this.announce(actor, course.id, action, entity, action === 'reorder' ? null : entityId, version)
    return version
  }

  /** Tells live co-authors about a committed change (never fails the change). */
  private async announce(actor: Actor, courseId: number, action: string, entity: string, entityId: number | null, version: number | null) {
    await this.deps.courseEvents?.publish({ courseId, entity: entity as CourseEntity, entityId, action, actorId: actor.id, version }).catch(() => undefined)
  }

  private audit(actor: Actor, courseId: number | null, action: string, entity: string, entityId: number | null, details?: Record<string, unknown>) {
    return this.deps.audit.record({ actorId: actor.id, courseId, action, entity, entityId, details })
  }
}

function requireAuthorRole(actor: Actor) {
  if (actor.role !== 'AUTHOR' && actor.role !== 'ADMIN') throw new ForbiddenError('Only authors and admins can do this')
}

function assertOrder(order: number) {
  if (!Number.isInteger(order) || order < 0) throw new ValidationError('order must be a whole number >= 0', { field: 'order' })
}

function checkModuleInput(input: ModuleInput) {
  assertTitle(input.title)
  if (input.order !== undefined) assertOrder(input.order)
  if (input.description && input.description.length > 4000) throw new ValidationError('description must be at most 4000 characters', { field: 'description' })
}

/** Audit details without bulky bodies. */
function summarize(input: Partial<ContentInput>): Record<string, unknown> {
  const { body, ...rest } = input
  return body === undefined ? rest : { ...rest, body: `(${body.length} characters)` }
}
