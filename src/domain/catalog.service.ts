// Reading the course catalogue: subjects, published courses, a course's outline
// (cached) and a module's contents (enrolled students and the course's authors
// only; a drip module only once its schedule opened it for the student).
import { NotEnrolledError, NotFoundError, NotPublishedError } from './errors'
import type { CourseRepository, CourseTreeCache, EnrollmentRepository } from './ports'
import type { ModuleLock, ReleaseService } from './release.service'
import { mayEditCourse, mayEditCourseById } from './access'
import type { Actor, Content, Course, CourseSummary, CourseTree, Module, SubjectWithCount } from './types'

export type OutlineItem = Pick<Content, 'id' | 'moduleId' | 'kind' | 'title'>

export interface CatalogDeps {
  courses: CourseRepository
  enrollments: EnrollmentRepository
  treeCache: CourseTreeCache
  releases: ReleaseService
}

export class CatalogService {
  constructor(private readonly deps: CatalogDeps) {}

  listSubjects(): Promise<SubjectWithCount[]> {
    return this.deps.courses.listSubjects({ publishedOnly: true })
  }

  async listCourses(filter: { subjectSlug?: string } = {}): Promise<CourseSummary[]> {
    if (filter.subjectSlug && !(await this.deps.courses.findSubjectBySlug(filter.subjectSlug)))
      throw new NotFoundError('Subject', { subject: filter.subjectSlug })
    return this.deps.courses.listCourses({ subjectSlug: filter.subjectSlug, publishedOnly: true })
  }

  /** A published course's outline; its authors and admins also see unpublished ones. */
  async getCourseTree(slug: string, viewer?: Actor): Promise<CourseTree> {
    const tree = await this.deps.treeCache.getOrLoad(slug, async () => {
      const course = await this.deps.courses.findCourseBySlug(slug)
      return course && this.deps.courses.loadTree(course.id)
    })
    if (!tree) throw new NotFoundError('Course', { course: slug })
    if (!tree.published && !(viewer && canAuthor(tree, viewer))) throw new NotFoundError('Course', { course: slug })
    return tree
  }

  /** A module with its full contents, for an enrolled student or one of the course's authors. */
  async getModuleContents(moduleId: number, viewer: Actor): Promise<{ course: Course; module: Module; contents: Content[] }> {
    const missing = () => new NotFoundError('Module', { module: moduleId })
    const module = await this.deps.courses.findModule(moduleId)
    if (!module) throw missing()
    const course = await this.requireReadable(module.courseId, viewer).catch(draftAs(missing))
    await this.assertOpen(viewer, module)
    return { course, module, contents: await this.deps.courses.listContents(module.id) }
  }

  /** One content, with the same access rule as its module. */
  async getContent(contentId: number, viewer: Actor): Promise<{ course: Course; content: Content }> {
    const missing = () => new NotFoundError('Content', { content: contentId })
    const content = await this.deps.courses.findContent(contentId)
    if (!content) throw missing()
    const module = await this.deps.courses.findModule(content.moduleId)
    if (!module) throw missing()
    const course = await this.requireReadable(module.courseId, viewer).catch(draftAs(missing))
    await this.assertOpen(viewer, module)
    return { course, content }
  }

  /** The modules of the tree still locked for this viewer by their drip schedule. */
  async moduleLocks(tree: CourseTree, viewer: Actor | undefined): Promise<Map<number, ModuleLock>> {
    if (!viewer) return new Map()
    return this.deps.releases.locks(viewer, tree.id, tree.modules, await this.isCourseStaff(tree.id, viewer))
  }

  /** ModuleLockedError when the module's drip schedule has not opened it for this student yet. */
  private async assertOpen(viewer: Actor, module: Module): Promise<void> {
    if (module.opensDaysAfterEnrolment === null && module.opensOnDate === null) return
    await this.deps.releases.assertOpen(viewer, module, await this.isCourseStaff(module.courseId, viewer))
  }

  /**
   * A course's contents in reading order (module order, then content order),
   * from the cached tree: no permission check, for progress and navigation.
   */
  async outline(courseId: number): Promise<{ course: Course; contents: OutlineItem[] } | null> {
    const course = await this.deps.courses.findCourseById(courseId)
    if (!course) return null
    const tree = await this.deps.treeCache.getOrLoad(course.slug, () => this.deps.courses.loadTree(course.id))
    // a slug changed meanwhile: the cached tree is another course's
    if (!tree || tree.id !== course.id) return { course, contents: await this.deps.courses.listCourseOutline(course.id) }
    return { course, contents: tree.modules.flatMap((m) => m.contents.map((c) => ({ id: c.id, moduleId: m.id, kind: c.kind, title: c.title }))) }
  }

  /** The course, if the viewer may read its contents (the original's IsEnrolled). */
  async requireReadable(courseId: number, viewer: Actor): Promise<Course> {
    const course = await this.deps.courses.findCourseById(courseId)
    if (!course) throw new NotFoundError('Course')
    if (await this.isCourseStaff(course.id, viewer)) return course
    if (!course.published) throw new NotPublishedError(course.slug)
    const enrollment = await this.deps.enrollments.find(viewer.id, course.id)
    if (!enrollment || enrollment.status !== 'ACTIVE') throw new NotEnrolledError(course.slug)
    return course
  }

  /** An admin, or an author of this course (owner or co-author; a demoted author no longer is). */
  async isCourseStaff(courseId: number, actor: Actor): Promise<boolean> {
    return mayEditCourseById(actor, () => this.deps.courses.isAuthor(courseId, actor.id))
  }
}

/** A draft is answered exactly like something that does not exist (no slug, no hint that it is there). */
const draftAs = (missing: () => NotFoundError) => (err: unknown): never => {
  throw err instanceof NotPublishedError ? missing() : err
}

function canAuthor(tree: CourseTree, viewer: Actor): boolean {
  // a demoted author (now a student) no longer sees unpublished courses
  return mayEditCourse(viewer, tree)
}

