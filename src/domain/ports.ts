// What the domain needs from the outside world. src/infra implements these;
// tests may use the real implementations against PostgreSQL and Redis.
import type { EditedRecord } from './errors'
import type {
  ApiTokenInfo, ApiTokenOwner, ContentInput, CourseInput, ModuleInput, SubjectInput,
} from './inputs'
import type {
  Content, Course, CourseMetrics, CourseSummary, CourseSummaryRow, CourseTree, Enrollment, Module, Platform,
  PlatformAccount, Profile, ProgressEntry, Role, Subject, SubjectWithCount, User,
} from './types'

export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

export interface UserRepository {
  findById(id: number): Promise<User | null>
  findByEmail(email: string): Promise<(User & { passwordHash: string | null }) | null>
  /** What a signed-in session is checked against (role and password hash), by id. */
  findCredential(id: number): Promise<{ role: Role; passwordHash: string | null; locale: string | null } | null>
  findByPlatform(platform: Platform, externalId: string): Promise<User | null>
  /** Returns the account's user, creating both when the account is new. Safe under concurrency. */
  upsertByPlatform(input: {
    platform: Platform
    externalId: string
    username: string | null
    displayName: string
    locale: string
  }): Promise<{ user: User; created: boolean }>
  create(input: { email: string; passwordHash: string; role: Role; displayName: string; locale?: string }): Promise<User>
  update(id: number, patch: { role?: Role; passwordHash?: string; email?: string }): Promise<User>
  updateProfile(id: number, patch: Partial<Profile>): Promise<void>
  listAccounts(userId: number): Promise<PlatformAccount[]>
  /**
   * Moves everything of `fromUserId` (accounts, enrolments, progress, tokens) to
   * `intoUserId` in one transaction and deletes the emptied user. Where both have a
   * row for the same thing the earlier enrolment and the earlier completion win.
   * With `consumeLinkCode`, the code is marked used in the same transaction; if it
   * is no longer usable nothing happens and the result is false.
   */
  merge(fromUserId: number, intoUserId: number, opts?: { consumeLinkCode?: { code: string; now: Date } }): Promise<boolean>
}

export interface ApiTokenRepository {
  create(userId: number, name: string, tokenHash: string): Promise<{ id: number }>
  findActiveByHash(tokenHash: string): Promise<ApiTokenOwner | null>
  touch(id: number, at: Date): Promise<void>
  /** Revokes the token; false when there is no live token with that id. */
  revoke(id: number, at: Date): Promise<boolean>
  listForUser(userId: number): Promise<ApiTokenInfo[]>
}

export interface LinkCodeRepository {
  create(userId: number, code: string, expiresAt: Date): Promise<void>
  /** Deletes codes that expired before `expiredBefore` or were used before `usedBefore`; returns how many. */
  purge(opts: { expiredBefore: Date; usedBefore: Date }): Promise<number>
  /** Why a code cannot be consumed (for a clear message). */
  inspect(code: string): Promise<{ userId: number; expiresAt: Date; usedAt: Date | null } | null>
}

export interface CourseRepository {
  listSubjects(opts: { publishedOnly: boolean }): Promise<SubjectWithCount[]>
  findSubjectBySlug(slug: string): Promise<Subject | null>
  findSubjectById(id: number): Promise<Subject | null>
  createSubject(input: SubjectInput): Promise<Subject>
  updateSubject(id: number, input: Partial<SubjectInput>): Promise<Subject>
  deleteSubject(id: number): Promise<void>
  countCoursesInSubject(id: number): Promise<number>

  listCourses(filter: { subjectSlug?: string; publishedOnly: boolean; authorId?: number }): Promise<CourseSummary[]>
  findCourseBySlug(slug: string): Promise<Course | null>
  findCourseById(id: number): Promise<Course | null>
  loadTree(courseId: number): Promise<CourseTree | null>
  /** Owner or co-author. */
  isAuthor(courseId: number, userId: number): Promise<boolean>
  createCourse(ownerId: number, input: CourseInput): Promise<Course>
  updateCourse(id: number, patch: Partial<CourseInput> & { published?: boolean }): Promise<Course>
  /** Deletes the course and everything under it; returns the stored file paths its contents held. */
  deleteCourse(id: number): Promise<string[]>
  setCoAuthors(courseId: number, userIds: number[]): Promise<void>
  /** Increments the course's version; returns the new one. */
  bumpVersion(courseId: number): Promise<number>
  /** Increments the version only if it still is `expected` (atomic); the new version, or null when it was not. */
  claimVersion(courseId: number, expected: number): Promise<number | null>
  /**
   * Increments the own version of one record an author edits (a course's
   * settings, a module, a content); with `expected`, only if it still is that
   * (atomic). The new version, or null when it was not (or the record is gone).
   */
  claimRecordVersion(record: EditedRecord, id: number, expected?: number): Promise<number | null>

  findModule(id: number): Promise<Module | null>
  /** Appends when `order` is undefined (max + 1, serialized per course). */
  createModule(courseId: number, input: ModuleInput): Promise<Module>
  updateModule(id: number, input: Partial<ModuleInput>): Promise<Module>
  /** Returns the stored file paths its contents held. */
  deleteModule(id: number): Promise<string[]>
  /**
   * Renumbers the course's modules 0..n-1 in the given order, atomically; `check`
   * sees the current ids, in their current order, under the same lock and may refuse by throwing.
   */
  reorderModules(courseId: number, orderedIds: number[], check: (currentIds: number[]) => void): Promise<void>

  findContent(id: number): Promise<Content | null>
  listContents(moduleId: number): Promise<Content[]>
  /** Appends when `order` is undefined (max + 1, serialized per module). */
  createContent(moduleId: number, ownerId: number, input: ContentInput): Promise<Content>
  updateContent(id: number, input: Partial<ContentInput>): Promise<Content>
  /** Returns the stored file path it held, if any. */
  deleteContent(id: number): Promise<string[]>
  reorderContents(moduleId: number, orderedIds: number[], check: (currentIds: number[]) => void): Promise<void>
  /** All contents of a course in reading order (module order, then content order). */
  listCourseOutline(courseId: number): Promise<Array<Pick<Content, 'id' | 'moduleId' | 'kind' | 'title'>>>
}

export interface EnrollmentRepository {
  find(userId: number, courseId: number): Promise<Enrollment | null>
  /** Creates or re-activates. */
  activate(userId: number, courseId: number, source: Platform | null): Promise<{ enrollment: Enrollment; created: boolean }>
  deactivate(userId: number, courseId: number): Promise<void>
  /** Sets the enrolment's last activity time (an active enrolment only; nothing without one). */
  noteActivity(userId: number, courseId: number, at: Date): Promise<void>
  listActiveCourses(userId: number): Promise<CourseSummary[]>
}

export interface ProgressRepository {
  record(entry: Omit<ProgressEntry, 'completedAt'> & { source: Platform | null; completedAt: Date }): Promise<ProgressEntry>
  listForCourse(userId: number, courseId: number): Promise<ProgressEntry[]>
}

/** Cache of course trees by slug. Every change to a course invalidates its entry. */
export interface CourseTreeCache {
  /**
   * The cached tree, or what `load` returns (then cached, unless the course was
   * invalidated while it loaded: a stale tree is never stored).
   */
  getOrLoad(slug: string, load: () => Promise<CourseTree | null>): Promise<CourseTree | null>
  invalidate(slugs: string[]): Promise<void>
}

export interface AuditLog {
  record(entry: {
    actorId: number | null
    courseId: number | null
    action: string
    entity: string
    entityId: number | null
    details?: Record<string, unknown>
  }): Promise<void>
  /** A course's latest entries, newest first, with who made them. */
  listForCourse(courseId: number, limit: number): Promise<AuditRecord[]>
}

export interface AuditRecord {
  id: number
  at: Date
  actor: { id: number; email: string | null; name: string | null } | null
  action: string
  entity: string
  entityId: number | null
  details: unknown
}

/** What a course change writes: its rows, its version and its audit entry, all or nothing. */
export interface CourseChangeWriters {
  courses: CourseRepository
  audit: AuditLog
}

/** Runs `work` in one database transaction (a thrown error rolls everything back). */
export interface UnitOfWork {
  run<T>(work: (tx: CourseChangeWriters) => Promise<T>): Promise<T>
}

/** A platform's own id for an uploaded content file (Telegram file_id, ...), reused instead of re-uploading. */
export interface PlatformFileRepository {
  find(contentId: number, platform: Platform): Promise<{ fileId: string; filePath: string } | null>
  /** Creates or replaces the id for (content, platform). A content deleted meanwhile is ignored. */
  save(entry: { contentId: number; platform: Platform; fileId: string; filePath: string }): Promise<void>
  remove(contentId: number, platform: Platform): Promise<void>
}

/** The raw figures of one course's dashboard; MetricsService derives percentages and the platform split. */
export interface CourseFigures {
  course: CourseMetrics['course']
  /** Active enrolments per source the student enrolled from (null: none recorded). */
  enrolledBySource: Array<{ source: Platform | null; count: number }>
  /** Distinct students who completed any content of the course since the given time. */
  active: number
  /** Per module, in course order: its content count and the actively enrolled students who completed all of them. */
  modules: CourseMetrics['modules']
  /** Per quiz, in course order: answers given and right answers. */
  quizzes: Array<{ id: number; title: string; answered: number; correct: number }>
}

/** Read-only queries behind the author panel's dashboard. Nothing here checks permissions. */
export interface MetricsRepository {
  /**
   * Courses by title (then id), at most `limit`, with their active enrolments and
   * students active since `since`; only those `authorId` owns or co-authors when given.
   */
  courseSummaries(filter: { authorId?: number; since: Date; limit: number }): Promise<CourseSummaryRow[]>
  /** Null when there is no such course. */
  courseFigures(courseId: number, since: Date): Promise<CourseFigures | null>
}
