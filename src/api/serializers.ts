// Domain objects -> the JSON the API returns (no internal fields, no quiz answers).
import type { Content, CourseSummary, CourseTree, User } from '../domain'

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

export const treeJson = (tree: CourseTree) => ({
  ...courseJson(tree),
  modules: tree.modules.map((m) => ({ id: m.id, title: m.title, description: m.description, order: m.order, contents: m.contents })),
})

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
})
