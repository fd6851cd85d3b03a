// Shapes of what callers pass to domain services (already type-checked by the
// caller's schema; the services still check the rules).
import type { ContentKind, User } from './types'

export interface SubjectInput {
  title: string
  slug: string
}

export interface CourseInput {
  subjectId: number
  title: string
  slug: string
  overview: string
  /** Remind students inactive for this many days; null: no reminders. */
  remindAfterDays?: number | null
}

export interface ModuleInput {
  title: string
  description?: string
  order?: number
  /** Drip schedule: at most one of the two (null clears it). */
  opensDaysAfterEnrolment?: number | null
  /** `YYYY-MM-DD`, midnight in the student's time zone. */
  opensOnDate?: string | null
}

export interface ContentInput {
  kind: ContentKind
  title: string
  body?: string
  filePath?: string | null
  fileName?: string | null
  mimeType?: string | null
  fileSize?: number | null
  videoUrl?: string | null
  quizQuestion?: string | null
  quizOptions?: string[]
  quizCorrectIndex?: number | null
  quizExplanation?: string | null
  order?: number
}

export interface ApiTokenInfo {
  id: number
  name: string
  createdAt: Date
  lastUsedAt: Date | null
  revokedAt: Date | null
}

export interface ApiTokenOwner {
  tokenId: number
  user: User
}
