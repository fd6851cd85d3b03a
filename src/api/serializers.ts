// Domain objects -> the JSON the API returns (no internal fields, no quiz answers).
import type { Content, CourseSummary, CourseTree, User } from '../domain'
import type { ModuleLock } from '../domain/release.service'

export const courseJson = (c: CourseSummary) => ({
  id: c.id,
  slug: c.slug,
  title: c.title,
  overview: c.overview,
  published: c.published,
  subject: { slug: c.subject.slug, title: c.subject.title },
  moduleCount: c.moduleCount,
  authors: c.authors,
  createdAt: new Date(c.createdAt).toISOString(),
})

/** A course's outline; `locks`: the modules still locked for the student who asks (drip schedules). */
export const treeJson = (tree: CourseTree, locks: ReadonlyMap<number, ModuleLock> = new Map()) => ({
  ...courseJson(tree),
  modules: tree.modules.map((m) => ({
    id: m.id,
    title: m.title,
    description: m.description,
    order: m.order,
    schedule: scheduleJson(m),
    locked: locks.has(m.id),
    opensAt: locks.get(m.id)?.opensAt.toISOString() ?? null,
    contents: m.contents,
  })),
})

const scheduleJson = (m: CourseTree['modules'][number]) =>
  m.opensDaysAfterEnrolment !== null
    ? { daysAfterEnrolment: m.opensDaysAfterEnrolment, onDate: null }
    : m.opensOnDate !== null
      ? { daysAfterEnrolment: null, onDate: m.opensOnDate }
      : null

export const contentJson = (c: Content) => ({
  id: c.id,
  kind: c.kind,
  title: c.title,
  order: c.order,
  body: c.body,
  file: c.filePath ? { url: `/api/contents/${c.id}/file`, name: c.fileName ?? 'file', mimeType: c.mimeType ?? 'application/octet-stream', size: c.fileSize ?? 0 } : null,
  videoUrl: c.videoUrl,
  // the right answer is not sent: it comes back with the student's answer
  quiz: c.kind === 'QUIZ' ? { question: c.quizQuestion ?? '', options: c.quizOptions } : null,
})

export const meJson = (u: User) => ({
  id: u.id,
  role: u.role,
  displayName: u.profile?.displayName ?? null,
  locale: u.profile?.locale ?? 'ru',
  reminders: u.profile?.reminders ?? true,
  deliveryPlatforms: u.profile?.deliveryPlatforms ?? 'EVERY_LINKED',
})
