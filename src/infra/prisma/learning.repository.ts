// Enrolments and progress.
import type { EnrollmentRepository, ProgressRepository } from '../../domain/ports'
import type { Enrollment, Platform, ProgressEntry } from '../../domain/types'
import type { Prisma } from '../database'
import { courseSummaryInclude, toCourseSummary } from './mappers'

const enrollmentSelect = { id: true, userId: true, courseId: true, status: true, source: true, enrolledAt: true } as const

export class PrismaEnrollmentRepository implements EnrollmentRepository {
  constructor(private readonly db: Prisma) {}

  find(userId: number, courseId: number): Promise<Enrollment | null> {
    return this.db.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } }, select: enrollmentSelect })
  }

  /**
   * One statement, so concurrent enrols of one student create one row and
   * exactly one of them reports `created` (a new or re-activated enrolment).
   */
  async activate(userId: number, courseId: number, source: Platform | null) {
    const changed = await this.db.$queryRaw<Array<{ id: number }>>`
      INSERT INTO "Enrollment" ("userId", "courseId", "source", "status", "enrolledAt", "updatedAt")
      VALUES (${userId}, ${courseId}, ${source}::"Platform", 'ACTIVE', now(), now())
      ON CONFLICT ("userId", "courseId") DO UPDATE SET "status" = 'ACTIVE', "updatedAt" = now()
        WHERE "Enrollment"."status" <> 'ACTIVE'
      RETURNING "id"`
    const enrollment = await this.find(userId, courseId)
    if (!enrollment) throw new Error('enrolment vanished while it was being activated')
    return { enrollment, created: changed.length === 1 }
  }

  async deactivate(userId: number, courseId: number) {
    await this.db.enrollment.updateMany({ where: { userId, courseId }, data: { status: 'LEFT' } })
  }

  async noteActivity(userId: number, courseId: number, at: Date) {
    await this.db.enrollment.updateMany({ where: { userId, courseId, status: 'ACTIVE' }, data: { lastActivityAt: at } })
  }

  async listActiveCourses(userId: number) {
    const rows = await this.db.enrollment.findMany({
      where: { userId, status: 'ACTIVE' },
      orderBy: { enrolledAt: 'asc' },
      include: { course: { include: courseSummaryInclude } },
    })
    return rows.map((r) => toCourseSummary(r.course))
  }
}

export class PrismaProgressRepository implements ProgressRepository {
  constructor(private readonly db: Prisma) {}

  /**
   * Records a completion. A repeated completion keeps its first date, and a quiz
   * keeps its first answer: the score counts first attempts (the right answer is
   * shown after answering, so later attempts would always be right).
   */
  async record(entry: Omit<ProgressEntry, 'completedAt'> & { source: Platform | null; completedAt: Date }) {
    await this.db.$executeRaw`
      INSERT INTO "Progress" ("userId", "contentId", "completedAt", "quizAnswer", "quizCorrect", "source")
      VALUES (${entry.userId}, ${entry.contentId}, ${entry.completedAt}, ${entry.quizAnswer}, ${entry.quizCorrect}, ${entry.source}::"Platform")
      ON CONFLICT ("userId", "contentId") DO UPDATE SET
        "quizAnswer" = EXCLUDED."quizAnswer", "quizCorrect" = EXCLUDED."quizCorrect"
        WHERE "Progress"."quizAnswer" IS NULL AND EXCLUDED."quizAnswer" IS NOT NULL`
    const row = await this.db.progress.findUniqueOrThrow({
      where: { userId_contentId: { userId: entry.userId, contentId: entry.contentId } },
      select: { userId: true, contentId: true, completedAt: true, quizAnswer: true, quizCorrect: true },
    })
    return row
  }

  listForCourse(userId: number, courseId: number): Promise<ProgressEntry[]> {
    return this.db.progress.findMany({
      where: { userId, content: { module: { courseId } } },
      select: { userId: true, contentId: true, completedAt: true, quizAnswer: true, quizCorrect: true },
    })
  }
}
