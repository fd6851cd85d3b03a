// Building the course tree. An author edits only courses they own or
// co-author; an admin edits everything. Every change of a course, its version
// bumps and its audit entry are written in one transaction; the cached tree
// is dropped after it commits.
//
// Stale edits are detected per record: a course's settings, a module and a
// content each carry their own version, which an edit form sends back
// (EditGuard), so co-authors editing different records never collide, while
// two forms of the same record cannot both save. Publishing checks the
// course's version (bumped by any change under it); a drag-and-drop reorder
// checks the order its page showed (ReorderGuard).
import { ConflictError, type EditedRecord, ForbiddenError, NotFoundError, StaleEditError, StaleOrderError, ValidationError } from './errors'
import type { ContentInput, CourseInput, ModuleInput, SubjectInput } from './inputs'
import type { CourseEntity, CourseEvents } from './course-events'
import type { AuditLog, AuditRecord, CourseRepository, CourseTreeCache, UnitOfWork, UserRepository } from './ports'
import type { FileStorage } from './uploads'
import { isAdmin, isStaffRole, mayEditCourseById, requireStaff } from './access'
import { assertContentShape, assertOrder, assertPermutation, assertRemindAfterDays, assertSlug, assertTitle, withQuizTitle } from './rules'
import { freeSlug, slugFromTitle } from './slug'
import { checkSchedule } from './release-schedule'
import type { Actor, Content, Course, CourseTree, Module, Subject, User } from './types'

export interface AuthoringDeps {
  courses: CourseRepository
  users: UserRepository
  treeCache: CourseTreeCache
  audit: AuditLog
  unitOfWork: UnitOfWork
  files: Pick<FileStorage, 'remove'>
  /** Told after each committed change under a course (live co-authoring); none: nobody listens. */
  courseEvents?: CourseEvents
}

/**
 * Optional optimistic-concurrency guard: the version of the changed record
 * the editor's form was loaded at (a course's settingsVersion for its
 * settings, its version for publishing; a module's or content's own version).
 * The version is claimed atomically in the change's transaction, so of two
 * saves from forms loaded at the same version exactly one succeeds.
 */
export interface EditGuard {
  expectedVersion?: number
}

/** Optional guard of a reorder: the order (all ids) the author's page showed before the move. */
export interface ReorderGuard {
  expectedOrder?: number[]
}

/** The audit entry of a course change. */
interface ChangeEntry {
  action: string
  entity: string
  entityId: number | null
  details?: Record<string, unknown>
}

export class AuthoringService {
  constructor(private readonly deps: AuthoringDeps) {}

  // ---- subjects (shared taxonomy: authors add, admins change and remove)

  async createSubject(actor: Actor, given: SubjectInput): Promise<Subject> {
    requireAuthorRole(actor)
    assertTitle(given.title)
    // no slug given: proposed from the title (transliterated), made unique
    const input = given.slug ? given : { ...given, slug: await freeSlug(slugFromTitle(given.title), async (s) => !!(await this.deps.courses.findSubjectBySlug(s))) }
    assertSlug(input.slug)
    if (await this.deps.courses.findSubjectBySlug(input.slug)) throw new ConflictError(`subject slug "${input.slug}" is taken`, { field: 'slug', reason: 'subjectSlugTaken', slug: input.slug })
    const subject = await this.deps.courses.createSubject(input)
    await this.audit(actor, null, 'create', 'subject', subject.id, { ...input })
    return subject
  }

  async updateSubject(actor: Actor, id: number, input: Partial<SubjectInput>): Promise<Subject> {
    if (!isAdmin(actor)) throw new ForbiddenError('Only an admin can change a subject', { reason: 'onlyAdminSubject' })
    if (input.title !== undefined) assertTitle(input.title)
    if (input.slug !== undefined) {
      assertSlug(input.slug)
      const other = await this.deps.courses.findSubjectBySlug(input.slug)
      if (other && other.id !== id) throw new ConflictError(`subject slug "${input.slug}" is taken`, { field: 'slug', reason: 'subjectSlugTaken', slug: input.slug })
    }
    if (!(await this.deps.courses.findSubjectById(id))) throw new NotFoundError('Subject')
    const subject = await this.deps.courses.updateSubject(id, input)
    await this.audit(actor, null, 'update', 'subject', id, { ...input })
    return subject
  }

  async deleteSubject(actor: Actor, id: number): Promise<void> {
    if (!isAdmin(actor)) throw new ForbiddenError('Only an admin can delete a subject', { reason: 'onlyAdminSubject' })
    if (!(await this.deps.courses.findSubjectById(id))) throw new NotFoundError('Subject')
    if ((await this.deps.courses.countCoursesInSubject(id)) > 0) throw new ConflictError('move or delete the courses of this subject first', { reason: 'subjectHasCourses' })
    await this.deps.courses.deleteSubject(id)
    await this.audit(actor, null, 'delete', 'subject', id)
  }

  // ---- courses

  async createCourse(actor: Actor, given: CourseInput): Promise<Course> {
    requireAuthorRole(actor)
    // no slug given: proposed from the title (transliterated), made unique
    const input = given.slug ? given : { ...given, slug: await this.freeCourseSlug(given.title) }
    await this.checkCourseInput(input)
    const course = await this.deps.courses.createCourse(actor.id, { ...input, overview: input.overview ?? '' })
    await this.audit(actor, course.id, 'create', 'course', course.id, { title: input.title, slug: input.slug })
    await this.announce(actor, course.id, 'create', 'course', course.id, course.version)
    return course
  }

  async updateCourse(actor: Actor, id: number, given: Partial<CourseInput>, guard: EditGuard = {}): Promise<Course> {
    const current = await this.editableCourse(actor, id)
    if (guard.expectedVersion !== undefined && guard.expectedVersion !== current.settingsVersion)
      throw new StaleEditError(guard.expectedVersion, current.settingsVersion)
    // a slug emptied: proposed again from the (new) title
    const patch = given.slug === '' ? { ...given, slug: await this.freeCourseSlug(given.title ?? current.title, id) } : given
    await this.checkCourseInput({ ...current, ...patch }, id)
    const { result: course, version } = await this.change(
      actor,
      current,
      {},
      async (tx) => {
        const settingsVersion = await this.claimRecord(tx, 'course', id, guard)
        return { ...(await tx.updateCourse(id, patch)), settingsVersion }
      },
      () => ({ action: 'update', entity: 'course', entityId: id, details: { ...patch } }),
      patch.slug,
    )
    return { ...course, version }
  }

  async setPublished(actor: Actor, id: number, published: boolean, guard: EditGuard = {}): Promise<Course> {
    const current = await this.editableCourse(actor, id, guard)
    if (published && (await this.deps.courses.listCourseOutline(id)).length === 0)
      throw new ValidationError('add at least one module with content before publishing', { reason: 'publishEmpty' })
    const { result: course, version } = await this.change(actor, current, guard, (tx) => tx.updateCourse(id, { published }), () => ({ action: published ? 'publish' : 'unpublish', entity: 'course', entityId: id }))
    return { ...course, version }
  }

  async deleteCourse(actor: Actor, id: number): Promise<void> {
    const course = await this.editableCourse(actor, id)
    if (!isAdmin(actor) && course.ownerId !== actor.id) throw new ForbiddenError('Only the owner or an admin can delete a course', { reason: 'onlyOwnerDelete' })
    await this.discardFiles(await this.deps.courses.deleteCourse(id))
    await this.deps.treeCache.invalidate([course.slug])
    await this.audit(actor, null, 'delete', 'course', id, { slug: course.slug })
    await this.announce(actor, id, 'delete', 'course', id, null)
  }

  async setCoAuthors(actor: Actor, courseId: number, userIds: number[]): Promise<void> {
    const course = await this.editableCourse(actor, courseId)
    if (!isAdmin(actor) && course.ownerId !== actor.id) throw new ForbiddenError('Only the owner or an admin can choose co-authors', { reason: 'onlyOwnerCoAuthors' })
    const ids = [...new Set(userIds)].filter((u) => u !== course.ownerId)
    for (const id of ids) {
      const user = await this.deps.users.findById(id)
      if (!user) throw new ValidationError(`user ${id} does not exist`, { field: 'coAuthors', reason: 'coAuthorMissing' })
      if (!isStaffRole(user.role)) throw new ValidationError(`user ${id} is not an author`, { field: 'coAuthors', reason: 'coAuthorNotStaff' })
    }
    await this.change(actor, course, {}, (tx) => tx.setCoAuthors(courseId, ids), () => ({ action: 'set-co-authors', entity: 'course', entityId: courseId, details: { userIds } }))
  }

  // ---- modules

  async createModule(actor: Actor, courseId: number, input: ModuleInput): Promise<Module> {
    const current = await this.editableCourse(actor, courseId)
    checkModuleInput(input)
    const { result: module } = await this.change(actor, current, {}, (tx) => tx.createModule(courseId, input), (m) => ({ action: 'create', entity: 'module', entityId: m.id, details: { title: input.title, order: m.order } }))
    return module
  }

  async updateModule(actor: Actor, id: number, input: Partial<ModuleInput>, guard: EditGuard = {}): Promise<Module> {
    const { course: current } = await this.editableModule(actor, id)
    if (input.title !== undefined) assertTitle(input.title)
    if (input.order !== undefined) assertOrder(input.order)
    input = withOneSchedule(input)
    checkSchedule(input)
    const write = async (tx: CourseRepository) => {
      await this.claimRecord(tx, 'module', id, guard)
      return tx.updateModule(id, input)
    }
    const { result: module } = await this.change(actor, current, {}, write, () => ({ action: 'update', entity: 'module', entityId: id, details: { ...input } }))
    return module
  }

  async deleteModule(actor: Actor, id: number, guard: EditGuard = {}): Promise<void> {
    const { course: current, module } = await this.editableModule(actor, id)
    const write = async (tx: CourseRepository) => {
      await this.claimRecord(tx, 'module', id, guard)
      return tx.deleteModule(id)
    }
    const { result: files } = await this.change(actor, current, {}, write, () => ({ action: 'delete', entity: 'module', entityId: id, details: { title: module.title } }))
    await this.discardFiles(files)
  }

  async reorderModules(actor: Actor, courseId: number, orderedIds: number[], guard: ReorderGuard = {}): Promise<void> {
    const course = await this.editableCourse(actor, courseId)
    await this.change(
      actor,
      course,
      {},
      (tx) => tx.reorderModules(courseId, orderedIds, (current) => checkReorder(current, orderedIds, guard, 'module')),
      () => ({ action: 'reorder', entity: 'module', entityId: null, details: { order: orderedIds } }),
    )
  }

  // ---- contents

  async createContent(actor: Actor, moduleId: number, given: ContentInput): Promise<Content> {
    const { course: current } = await this.editableModule(actor, moduleId)
    const input = withQuizTitle(given)
    assertContentShape(input)
    const { result: content } = await this.change(actor, current, {}, (tx) => tx.createContent(moduleId, actor.id, input), (c) => ({
      action: 'create',
      entity: 'content',
      entityId: c.id,
      details: { kind: input.kind, title: input.title, order: c.order },
    }))
    return content
  }

  async updateContent(actor: Actor, id: number, given: Partial<ContentInput>, guard: EditGuard = {}): Promise<Content> {
    const current = await this.deps.courses.findContent(id)
    if (!current) throw new NotFoundError('Content')
    // a quiz whose title is emptied is named by its (new) question again
    const input = given.title !== undefined && !given.title.trim() ? { ...given, title: withQuizTitle({ ...current, ...given }).title } : given
    const { course: editable } = await this.editableModule(actor, current.moduleId)
    assertContentShape({ ...current, ...input })
    const write = async (tx: CourseRepository) => {
      await this.claimRecord(tx, 'content', id, guard)
      return tx.updateContent(id, input)
    }
    const { result: content } = await this.change(actor, editable, {}, write, () => ({ action: 'update', entity: 'content', entityId: id, details: summarize(input) }))
    // a replaced upload is no longer anyone's: remove it once the new one is saved
    if (current.filePath && input.filePath !== undefined && input.filePath !== current.filePath) await this.discardFiles([current.filePath])
    return content
  }

  async deleteContent(actor: Actor, id: number, guard: EditGuard = {}): Promise<void> {
    const current = await this.deps.courses.findContent(id)
    if (!current) throw new NotFoundError('Content')
    const { course } = await this.editableModule(actor, current.moduleId)
    const write = async (tx: CourseRepository) => {
      await this.claimRecord(tx, 'content', id, guard)
      return tx.deleteContent(id)
    }
    const { result: files } = await this.change(actor, course, {}, write, () => ({ action: 'delete', entity: 'content', entityId: id, details: { title: current.title } }))
    await this.discardFiles(files)
  }

  async reorderContents(actor: Actor, moduleId: number, orderedIds: number[], guard: ReorderGuard = {}): Promise<void> {
    const { course } = await this.editableModule(actor, moduleId)
    await this.change(
      actor,
      course,
      {},
      (tx) => tx.reorderContents(moduleId, orderedIds, (current) => checkReorder(current, orderedIds, guard, 'content')),
      () => ({ action: 'reorder', entity: 'content', entityId: moduleId, details: { order: orderedIds } }),
    )
  }

  // ---- read models for the author panel (it has already limited what the actor sees to their courses)

  async courseIdOfModule(moduleId: number): Promise<number | null> {
    return (await this.deps.courses.findModule(moduleId))?.courseId ?? null
  }

  /** The whole course in order (modules with their contents). */
  courseTree(courseId: number): Promise<CourseTree | null> {
    return this.deps.courses.loadTree(courseId)
  }

  /** A module with its full contents in order and its course's tree (what "Preview as student" renders); null when it is gone. */
  async moduleForPreview(moduleId: number): Promise<{ module: Module; course: CourseTree | null; contents: Content[] } | null> {
    const module = await this.deps.courses.findModule(moduleId)
    if (!module) return null
    const [course, contents] = await Promise.all([this.deps.courses.loadTree(module.courseId), this.deps.courses.listContents(moduleId)])
    return { module, course, contents }
  }

  /** The ids of a course's modules, or a module's contents, in their order. */
  async moduleOrder(courseId: number): Promise<number[]> {
    return ((await this.deps.courses.loadTree(courseId))?.modules ?? []).map((m) => m.id)
  }
  async contentOrder(moduleId: number): Promise<number[]> {
    return (await this.deps.courses.listContents(moduleId)).map((c) => c.id)
  }

  /** A course's latest changes, newest first. */
  history(courseId: number, limit = 200): Promise<AuditRecord[]> {
    return this.deps.audit.listForCourse(courseId, limit)
  }

  /** The owner and co-authors of a course. */
  async authorsOf(courseId: number): Promise<{ owner: User | null; coAuthors: User[] } | null> {
    const tree = await this.deps.courses.loadTree(courseId)
    if (!tree) return null
    const users = await Promise.all([tree.ownerId, ...tree.coAuthorIds].map((id) => this.deps.users.findById(id)))
    return { owner: users[0] ?? null, coAuthors: users.slice(1).filter((u): u is User => u !== null) }
  }

  /** Staff accounts by email (for choosing co-authors); emails no staff member has are left out. */
  async staffByEmails(emails: string[]): Promise<User[]> {
    const found = await Promise.all(emails.map((e) => this.deps.users.findByEmail(e)))
    return found.filter((u): u is NonNullable<typeof u> => !!u && isStaffRole(u.role)).map(({ passwordHash: _, ...u }) => u)
  }

  /** A content's stored file, for someone who may edit its course; null otherwise. */
  async storedFileOf(actor: Actor, contentId: number): Promise<{ path: string; name: string | null; mimeType: string | null } | null> {
    const content = await this.deps.courses.findContent(contentId)
    const module = content?.filePath ? await this.deps.courses.findModule(content.moduleId) : null
    if (!content?.filePath || !module || !(await this.canEdit(actor, module.courseId))) return null
    return { path: content.filePath, name: content.fileName, mimeType: content.mimeType }
  }

  // ---- permission helpers (public: the admin panel uses them to filter what it shows)

  async canEdit(actor: Actor, courseId: number): Promise<boolean> {
    return mayEditCourseById(actor, () => this.deps.courses.isAuthor(courseId, actor.id))
  }

  async editableCourse(actor: Actor, courseId: number, guard: EditGuard = {}): Promise<Course> {
    const course = await this.deps.courses.findCourseById(courseId)
    if (!course) throw new NotFoundError('Course')
    if (!(await this.canEdit(actor, courseId))) throw new ForbiddenError('You are not an author of this course', { reason: 'notAuthor' })
    if (guard.expectedVersion !== undefined && guard.expectedVersion !== course.version)
      throw new StaleEditError(guard.expectedVersion, course.version)
    return course
  }

  /** Removes stored files nothing points at any more (after the rows are gone; best effort). */
  private async discardFiles(paths: string[]) {
    await Promise.all(paths.map((p) => this.deps.files.remove(p).catch(() => undefined)))
  }

  /**
   * One course change in one transaction: the guarded course version is
   * claimed (or the version bumped), `write` runs, and its audit entry is recorded; any
   * failure (a stale version included) rolls all of it back. The cached tree
   * is dropped after the commit (under the old slug and a new one).
   */
  private async change<T>(
    actor: Actor,
    course: Course,
    guard: EditGuard,
    write: (courses: CourseRepository) => Promise<T>,
    entry: (result: T) => ChangeEntry,
    newSlug?: string,
  ): Promise<{ result: T; version: number }> {
    const done = await this.deps.unitOfWork.run(async ({ courses, audit }) => {
      // the course row first, always: concurrent changes under one course then queue on it instead of deadlocking
      let version: number
      if (guard.expectedVersion !== undefined) {
        const claimed = await courses.claimVersion(course.id, guard.expectedVersion)
        if (claimed === null) throw new StaleEditError(guard.expectedVersion, (await courses.findCourseById(course.id))?.version ?? course.version)
        version = claimed
      } else version = await courses.bumpVersion(course.id)
      const result = await write(courses)
      const recorded = entry(result)
      await audit.record({ actorId: actor.id, courseId: course.id, ...recorded })
      return { result, version, recorded }
    })
    await this.deps.treeCache.invalidate(newSlug && newSlug !== course.slug ? [course.slug, newSlug] : [course.slug])
    const { action, entity, entityId } = done.recorded
    // (a reorder's entityId is its parent: the event names no single record then)
    await this.announce(actor, course.id, action, entity, action === 'reorder' ? null : entityId, done.version)
    return { result: done.result, version: done.version }
  }

  private async editableModule(actor: Actor, moduleId: number): Promise<{ course: Course; module: Module }> {
    const module = await this.deps.courses.findModule(moduleId)
    if (!module) throw new NotFoundError('Module')
    return { module, course: await this.editableCourse(actor, module.courseId) }
  }

  /**
   * Inside a change's transaction: bumps the edited record's own version, or
   * claims it at the guarded version (a StaleEditError rolls the change back).
   */
  private async claimRecord(tx: CourseRepository, record: EditedRecord, id: number, guard: EditGuard): Promise<number> {
    const version = await tx.claimRecordVersion(record, id, guard.expectedVersion)
    if (version !== null) return version
    if (guard.expectedVersion === undefined) throw new NotFoundError(record === 'course' ? 'Course' : record === 'module' ? 'Module' : 'Content')
    throw new StaleEditError(guard.expectedVersion, (await this.recordVersion(tx, record, id)) ?? guard.expectedVersion, record)
  }

  private async recordVersion(courses: CourseRepository, record: EditedRecord, id: number): Promise<number | null> {
    if (record === 'course') return (await courses.findCourseById(id))?.settingsVersion ?? null
    return (record === 'module' ? await courses.findModule(id) : await courses.findContent(id))?.version ?? null
  }

  /** The slug a course title proposes, unique among the other courses. */
  private freeCourseSlug(title: string, id?: number): Promise<string> {
    return freeSlug(slugFromTitle(title), async (s) => {
      const other = await this.deps.courses.findCourseBySlug(s)
      return !!other && other.id !== id
    })
  }

  private async checkCourseInput(input: CourseInput, id?: number): Promise<void> {
    assertTitle(input.title)
    assertSlug(input.slug)
    if (input.overview && input.overview.length > 4000) throw new ValidationError('the overview must be at most 4000 characters', { field: 'overview', reason: 'overviewTooLong', max: 4000 })
    assertRemindAfterDays(input.remindAfterDays)
    if (!(await this.deps.courses.findSubjectById(input.subjectId))) throw new ValidationError('subject does not exist', { field: 'subjectId', reason: 'subjectMissing' })
    const other = await this.deps.courses.findCourseBySlug(input.slug)
    if (other && other.id !== id) throw new ConflictError(`course slug "${input.slug}" is taken`, { field: 'slug', reason: 'courseSlugTaken', slug: input.slug })
  }

  /** Tells live co-authors about a committed change (never fails the change). */
  private async announce(actor: Actor, courseId: number, action: string, entity: string, entityId: number | null, version: number | null) {
    await this.deps.courseEvents?.publish({ courseId, entity: entity as CourseEntity, entityId, action, actorId: actor.id, version }).catch(() => undefined)
  }

  private audit(actor: Actor, courseId: number | null, action: string, entity: string, entityId: number | null, details?: Record<string, unknown>) {
    return this.deps.audit.record({ actorId: actor.id, courseId, action, entity, entityId, details })
  }
}

const requireAuthorRole = (actor: Actor) => requireStaff(actor)

function checkModuleInput(input: ModuleInput) {
  assertTitle(input.title)
  if (input.order !== undefined) assertOrder(input.order)
  if (input.description && input.description.length > 4000) throw new ValidationError('the description must be at most 4000 characters', { field: 'description', reason: 'descriptionTooLong', max: 4000 })
  checkSchedule(input)
}

/** Setting one rule of a drip schedule clears the other (a module has at most one). */
function withOneSchedule(input: Partial<ModuleInput>): Partial<ModuleInput> {
  if (input.opensOnDate != null && input.opensDaysAfterEnrolment === undefined) return { ...input, opensDaysAfterEnrolment: null }
  if (input.opensDaysAfterEnrolment != null && input.opensOnDate === undefined) return { ...input, opensOnDate: null }
  return input
}

/** A reorder lists every id once; with a guard, the order it was made from must still be the current one. */
function checkReorder(current: number[], orderedIds: number[], guard: ReorderGuard, what: 'module' | 'content') {
  if (guard.expectedOrder && guard.expectedOrder.join(',') !== current.join(',')) throw new StaleOrderError(what)
  assertPermutation(current, orderedIds, what)
}

/** Audit details without bulky bodies. */
function summarize(input: Partial<ContentInput>): Record<string, unknown> {
  const { body, ...rest } = input
  return body === undefined ? rest : { ...rest, body: `(${body.length} characters)` }
}
