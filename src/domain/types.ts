// Plain domain types. Repositories (src/infra) map rows to these; nothing here
// depends on Prisma or any SDK.

export type Role = 'STUDENT' | 'AUTHOR' | 'ADMIN'
export type Platform = 'TELEGRAM' | 'DISCORD' | 'WEB'
export type ContentKind = 'TEXT' | 'IMAGE' | 'FILE' | 'VIDEO' | 'QUIZ'
export const CONTENT_KINDS: readonly ContentKind[] = ['TEXT', 'IMAGE', 'FILE', 'VIDEO', 'QUIZ']

export interface Profile {
  displayName: string
  bio: string
  avatarUrl: string | null
  locale: string
  timezone: string
  /** Which linked bot accounts get deliveries (see delivery-platforms.ts). */
  deliveryPlatforms: DeliveryPlatforms
  /** Reminders of unfinished courses (on unless the student turned them off). */
  reminders: boolean
}

export type DeliveryPlatforms = 'EVERY_LINKED' | 'TELEGRAM_ONLY' | 'DISCORD_ONLY'
export const DELIVERY_PLATFORM_CHOICES: readonly DeliveryPlatforms[] = ['EVERY_LINKED', 'TELEGRAM_ONLY', 'DISCORD_ONLY']

export interface User {
  id: number
  role: Role
  email: string | null
  profile: Profile | null
}

/** Who is acting: enough to decide permissions. */
export interface Actor {
  id: number
  role: Role
}

export interface PlatformAccount {
  id: number
  userId: number
  platform: Platform
  externalId: string
  username: string | null
}

export interface Subject {
  id: number
  title: string
  slug: string
}

export interface SubjectWithCount extends Subject {
  courseCount: number
}

export interface Course {
  id: number
  ownerId: number
  subjectId: number
  title: string
  slug: string
  overview: string
  published: boolean
  /** Remind students inactive for this many days (at most once per period); null: no reminders. */
  remindAfterDays: number | null
  /** Bumped on every change to the course or anything under it (publishing checks it). */
  version: number
  /** Bumped on every edit of the course's own settings (its edit form checks it). */
  settingsVersion: number
  createdAt: Date
  updatedAt: Date
}

export interface CourseSummary extends Course {
  subject: Subject
  moduleCount: number
  authors: string[]
}

export interface Module {
  id: number
  courseId: number
  title: string
  description: string
  order: number
  /** Bumped on every edit of the module's own fields, not on reorders (its edit form checks it). */
  version: number
  /** Drip schedule (see release-schedule.ts): open N days after enrolment, or on a local date (`YYYY-MM-DD`); neither: open at once. */
  opensDaysAfterEnrolment: number | null
  opensOnDate: string | null
}

export interface Content {
  id: number
  moduleId: number
  ownerId: number
  kind: ContentKind
  title: string
  body: string
  filePath: string | null
  fileName: string | null
  mimeType: string | null
  fileSize: number | null
  videoUrl: string | null
  quizQuestion: string | null
  quizOptions: string[]
  quizCorrectIndex: number | null
  quizExplanation: string | null
  order: number
  /** Bumped on every edit of the content, not on reorders (its edit form checks it). */
  version: number
  createdAt: Date
  updatedAt: Date
}

/** The outline of a course: modules and content titles, no bodies. */
export interface CourseTree extends CourseSummary {
  coAuthorIds: number[]
  modules: Array<Module & { contents: Array<Pick<Content, 'id' | 'kind' | 'title' | 'order'>> }>
}

export type EnrollmentStatus = 'ACTIVE' | 'LEFT'

export interface Enrollment {
  id: number
  userId: number
  courseId: number
  status: EnrollmentStatus
  source: Platform | null
  enrolledAt: Date
}

export interface ProgressEntry {
  userId: number
  contentId: number
  completedAt: Date
  quizAnswer: number | null
  quizCorrect: boolean | null
}

export interface CourseProgress {
  course: Pick<Course, 'id' | 'slug' | 'title'>
  totalContents: number
  completedContents: number
  percent: number
  quiz: { total: number; answered: number; correct: number }
  /** The first content not yet done, in course order; null when all are done. */
  next: { moduleId: number; contentId: number; title: string } | null
}

/** Where an active enrolment came from, as the dashboard counts it (UNKNOWN: no source recorded). */
export type PlatformLabel = Platform | 'UNKNOWN'
export const PLATFORMS: readonly PlatformLabel[] = ['TELEGRAM', 'DISCORD', 'WEB', 'UNKNOWN']

/** The author panel's figures for one course. */
export interface CourseMetrics {
  course: { id: number; title: string; slug: string; published: boolean }
  /** Students with an active enrolment. */
  enrolled: number
  /** Students who completed any content of the course in the last 7 days. */
  active7d: number
  /** Per module, in course order: enrolled students who completed every content of it. */
  modules: Array<{ id: number; title: string; contents: number; completed: number }>
  /** Per quiz, in course order: answers given and how many were right. */
  quizzes: Array<{ id: number; title: string; answered: number; correct: number; percent: number | null }>
  /** Right answers / all answers over the course's quizzes, in percent (null: no answers yet). */
  quizAverage: number | null
  /** Active enrolments by the platform the student enrolled from. */
  platforms: Array<{ platform: PlatformLabel; count: number }>
  generatedAt: string
}

/** One line of the author panel's course list. */
export interface CourseSummaryRow {
  id: number
  title: string
  slug: string
  published: boolean
  /** Students with an active enrolment. */
  enrolled: number
  /** Students who completed any content of the course since the given time (the last 7 days). */
  active7d: number
}
