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

  async activate(userId: number, courseId: number, source: Platform | null) {
    const existing = await this.find(userId, courseId)
    if (existing?.status === 'ACTIVE') return { enrollment: existing, created: false }
    const enrollment = await this.db.enrollment.upsert({
      where: { userId_courseId: { userId, courseId } },
      update: { status: 'ACTIVE' },
      create: { userId, courseId, source },
      select: enrollmentSelect,
    })
    return { enrollment, created: true }
  }

  async deactivate(userId: number, courseId: number) {
    await this.db.enrollment.updateMany({ where: { userId, courseId }, data: { status: 'LEFT' } })
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

  async record(entry: Omit<ProgressEntry, 'completedAt'> & { source: Platform | null; completedAt: Date }) {
    const data = { quizAnswer: entry.quizAnswer, quizCorrect: entry.quizCorrect, source: entry.source }
    const row = await this.db.progress.upsert({
      where: { userId_contentId: { userId: entry.userId, contentId: entry.contentId } },
      // a repeated completion keeps its first date; a new quiz answer replaces the old
      update: entry.quizAnswer === null ? {} : data,
      create: { ...data, userId: entry.userId, contentId: entry.contentId, completedAt: entry.completedAt },
    })
    return { userId: row.userId, contentId: row.contentId, completedAt: row.completedAt, quizAnswer: row.quizAnswer, quizCorrect: row.quizCorrect }
  }

  listForCourse(userId: number, courseId: number): Promise<ProgressEntry[]> {
    return this.db.progress.findMany({
      where: { userId, content: { module: { courseId } } },
      select: { userId: true, contentId: true, completedAt: true, quizAnswer: true, quizCorrect: true },
    })
  }
}
