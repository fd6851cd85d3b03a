// Read-only metrics for the panel's dashboard. Plain queries on the database
// (nothing here writes); which courses a user may see is decided by the caller
// with courseScope().
import type { Prisma } from '../infra/database'

export const PLATFORMS = ['TELEGRAM', 'DISCORD', 'WEB', 'UNKNOWN'] as const
export type PlatformLabel = (typeof PLATFORMS)[number]

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

export interface CourseSummaryRow {
  id: number
  title: string
  slug: string
  published: boolean
  enrolled: number
  active7d: number
}

const DAY_MS = 24 * 60 * 60 * 1000
const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part * 1000) / whole) / 10 : null)

export async function courseMetrics(prisma: Prisma, courseId: number, now = new Date()): Promise<CourseMetrics | null> {
  const course = await prisma.course.findUnique({ where: { id: courseId }, select: { id: true, title: true, slug: true, published: true } })
  if (!course) return null
  const since = new Date(now.getTime() - 7 * DAY_MS)

  const [bySource, active, modules, quizzes] = await Promise.all([
    prisma.enrollment.groupBy({ by: ['source'], where: { courseId, status: 'ACTIVE' }, _count: { _all: true } }),
    prisma.$queryRaw<Array<{ n: number }>>`
      SELECT COUNT(DISTINCT p."userId")::int AS n
      FROM "Progress" p
      JOIN "Content" c ON c.id = p."contentId"
      JOIN "Module" m ON m.id = c."moduleId"
      WHERE m."courseId" = ${courseId} AND p."completedAt" >= ${since}`,
    prisma.$queryRaw<Array<{ id: number; title: string; contents: number; completed: number }>>`
      WITH mc AS (
        SELECT m.id, m.title, m."order", COUNT(c.id)::int AS contents
        FROM "Module" m LEFT JOIN "Content" c ON c."moduleId" = m.id
        WHERE m."courseId" = ${courseId}
        GROUP BY m.id
      ), done AS (
        SELECT c."moduleId" AS id, p."userId", COUNT(*)::int AS n
        FROM "Progress" p
        JOIN "Content" c ON c.id = p."contentId"
        JOIN "Module" m ON m.id = c."moduleId"
        JOIN "Enrollment" e ON e."userId" = p."userId" AND e."courseId" = m."courseId" AND e.status = 'ACTIVE'
        WHERE m."courseId" = ${courseId}
        GROUP BY c."moduleId", p."userId"
      )
      SELECT mc.id, mc.title, mc.contents,
             (COUNT(done."userId") FILTER (WHERE mc.contents > 0 AND done.n >= mc.contents))::int AS completed
      FROM mc LEFT JOIN done ON done.id = mc.id
      GROUP BY mc.id, mc.title, mc."order", mc.contents
      ORDER BY mc."order", mc.id`,
    prisma.$queryRaw<Array<{ id: number; title: string; answered: number; correct: number }>>`
      SELECT c.id, c.title,
             COUNT(p.id)::int AS answered,
             (COUNT(p.id) FILTER (WHERE p."quizCorrect"))::int AS correct
      FROM "Content" c
      JOIN "Module" m ON m.id = c."moduleId"
      LEFT JOIN "Progress" p ON p."contentId" = c.id AND p."quizAnswer" IS NOT NULL
      WHERE m."courseId" = ${courseId} AND c.kind = 'QUIZ'
      GROUP BY c.id, c.title, m."order", m.id, c."order"
      ORDER BY m."order", m.id, c."order", c.id`,
  ])

  const counts = new Map<PlatformLabel, number>()
  for (const row of bySource) counts.set((row.source ?? 'UNKNOWN') as PlatformLabel, row._count._all)
  const enrolled = [...counts.values()].reduce((a, b) => a + b, 0)
  const answered = quizzes.reduce((a, q) => a + q.answered, 0)
  const correct = quizzes.reduce((a, q) => a + q.correct, 0)
  return {
    course,
    enrolled,
    active7d: active[0]?.n ?? 0,
    modules: modules.map((m) => ({ id: m.id, title: m.title, contents: m.contents, completed: m.completed })),
    quizzes: quizzes.map((q) => ({ ...q, percent: pct(q.correct, q.answered) })),
    quizAverage: pct(correct, answered),
    platforms: PLATFORMS.map((platform) => ({ platform, count: counts.get(platform) ?? 0 })),
    generatedAt: now.toISOString(),
  }
}

/** One line per course the user may see: enrolled and active students. */
export async function courseSummaries(prisma: Prisma, where: Record<string, unknown>, now = new Date(), limit = 200): Promise<CourseSummaryRow[]> {
  const courses = await prisma.course.findMany({
    where: where as never,
    select: { id: true, title: true, slug: true, published: true },
    orderBy: [{ title: 'asc' }, { id: 'asc' }],
    take: limit,
  })
  if (!courses.length) return []
  const ids = courses.map((c) => c.id)
  const since = new Date(now.getTime() - 7 * DAY_MS)
  const [enrolled, active] = await Promise.all([
    prisma.enrollment.groupBy({ by: ['courseId'], where: { courseId: { in: ids }, status: 'ACTIVE' }, _count: { _all: true } }),
    prisma.$queryRaw<Array<{ courseId: number; n: number }>>`
      SELECT m."courseId" AS "courseId", COUNT(DISTINCT p."userId")::int AS n
      FROM "Progress" p
      JOIN "Content" c ON c.id = p."contentId"
      JOIN "Module" m ON m.id = c."moduleId"
      WHERE m."courseId" = ANY(${ids}) AND p."completedAt" >= ${since}
      GROUP BY m."courseId"`,
  ])
  const e = new Map(enrolled.map((r) => [r.courseId, r._count._all]))
  const a = new Map(active.map((r) => [r.courseId, r.n]))
  return courses.map((c) => ({ ...c, enrolled: e.get(c.id) ?? 0, active7d: a.get(c.id) ?? 0 }))
}
