// Read-only queries for the author panel's dashboard (nothing here writes).
// Who may see which course is decided by MetricsService.
import type { CourseFigures, MetricsRepository } from '../../domain/ports'
import type { CourseSummaryRow, Platform } from '../../domain/types'
import type { Prisma } from '../database'

export class PrismaMetricsRepository implements MetricsRepository {
  constructor(private readonly db: Prisma) {}

  async courseSummaries(filter: { authorId?: number; since: Date; limit: number }): Promise<CourseSummaryRow[]> {
    const { authorId, since, limit } = filter
    const courses = await this.db.course.findMany({
      where: authorId === undefined ? {} : { OR: [{ ownerId: authorId }, { coAuthors: { some: { userId: authorId } } }] },
      select: { id: true, title: true, slug: true, published: true },
      orderBy: [{ title: 'asc' }, { id: 'asc' }],
      take: limit,
    })
    if (!courses.length) return []
    const ids = courses.map((c) => c.id)
    const [enrolled, active] = await Promise.all([
      this.db.enrollment.groupBy({ by: ['courseId'], where: { courseId: { in: ids }, status: 'ACTIVE' }, _count: { _all: true } }),
      this.db.$queryRaw<Array<{ courseId: number; n: number }>>`
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

  async courseFigures(courseId: number, since: Date): Promise<CourseFigures | null> {
    const course = await this.db.course.findUnique({ where: { id: courseId }, select: { id: true, title: true, slug: true, published: true } })
    if (!course) return null
    const [bySource, active, modules, quizzes] = await Promise.all([
      this.db.enrollment.groupBy({ by: ['source'], where: { courseId, status: 'ACTIVE' }, _count: { _all: true } }),
      this.db.$queryRaw<Array<{ n: number }>>`
        SELECT COUNT(DISTINCT p."userId")::int AS n
        FROM "Progress" p
        JOIN "Content" c ON c.id = p."contentId"
        JOIN "Module" m ON m.id = c."moduleId"
        WHERE m."courseId" = ${courseId} AND p."completedAt" >= ${since}`,
      this.db.$queryRaw<Array<{ id: number; title: string; contents: number; completed: number }>>`
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
      this.db.$queryRaw<Array<{ id: number; title: string; answered: number; correct: number }>>`
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
    return {
      course,
      enrolledBySource: bySource.map((row) => ({ source: row.source as Platform | null, count: row._count._all })),
      active: active[0]?.n ?? 0,
      modules: modules.map((m) => ({ id: m.id, title: m.title, contents: m.contents, completed: m.completed })),
      quizzes: quizzes.map((q) => ({ id: q.id, title: q.title, answered: q.answered, correct: q.correct })),
    }
  }
}
