// One database transaction for a course change: the course repository and the
// audit log below write through the transaction's client.
import type { CourseChangeWriters, UnitOfWork } from '../../domain/ports'
import type { Prisma } from '../database'
import { PrismaAuditLog } from './audit.repository'
import { PrismaCourseRepository, type Tx } from './course.repository'

export class PrismaUnitOfWork implements UnitOfWork {
  constructor(private readonly db: Prisma) {}

  run<T>(work: (tx: CourseChangeWriters) => Promise<T>): Promise<T> {
    return this.db.$transaction((tx: Tx) => work({ courses: new PrismaCourseRepository(tx), audit: new PrismaAuditLog(tx) }))
  }
}
