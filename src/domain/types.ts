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
}

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
  version: number
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
