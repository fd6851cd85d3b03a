// Drip releases on PostgreSQL (ModuleRelease, unique per module and student).
// A release and its DRIP delivery are written in one transaction; the unique
// key decides which of two concurrent runs records (and sends) it.
import type { ModuleReleaseRepository, ReleaseCandidate } from '../../domain/drip.service'
import type { Prisma } from '../database'

export class PrismaModuleReleaseRepository implements ModuleReleaseRepository {
  constructor(private readonly db: Prisma) {}

  listUnreleased(horizon: Date, after: { userId: number; moduleId: number }, limit: number): Promise<ReleaseCandidate[]> {
    return this.db.$queryRaw<ReleaseCandidate[]>`
      SELECT e."userId", m."id" AS "moduleId", m."courseId", m."title" AS "moduleTitle", e."enrolledAt",
             COALESCE(p."timezone", 'UTC') AS "timeZone", m."opensDaysAfterEnrolment",
             to_char(m."opensOnDate", 'YYYY-MM-DD') AS "opensOnDate"
        FROM "Enrollment" AS e
        JOIN "Course" AS c ON c."id" = e."courseId" AND c."published"
        JOIN "Module" AS m ON m."courseId" = e."courseId"
        LEFT JOIN "Profile" AS p ON p."userId" = e."userId"
       WHERE e."status" = 'ACTIVE'
         AND (e."userId", m."id") > (${after.userId}, ${after.moduleId})
         AND (m."opensOnDate" <= ${horizon}::date
              OR e."enrolledAt" + make_interval(days => m."opensDaysAfterEnrolment") <= ${horizon})
         AND NOT EXISTS (SELECT 1 FROM "ModuleRelease" AS r WHERE r."moduleId" = m."id" AND r."userId" = e."userId")
       ORDER BY e."userId", m."id"
       LIMIT ${limit}`
  }

  record(module: { id: number; courseId: number; title: string }, releases: Array<{ userId: number; opensAt: Date; announce: boolean }>, at: Date) {
    return this.db.$transaction(async (tx) => {
      const announced = releases.filter((r) => r.announce)
      const delivery = announced.length
        ? await tx.delivery.create({ data: { kind: 'DRIP', courseId: module.courseId, moduleId: module.id, authorId: null, body: module.title }, select: { id: true } })
        : null
      // a row another run recorded first is skipped (and waits for that run's transaction)
      const rows = await tx.moduleRelease.createManyAndReturn({
        data: releases.map((r) => ({ moduleId: module.id, userId: r.userId, opensAt: r.opensAt, releasedAt: at, deliveryId: r.announce ? (delivery?.id ?? null) : null })),
        skipDuplicates: true,
        select: { deliveryId: true },
      })
      if (delivery && !rows.some((r) => r.deliveryId === delivery.id)) {
        await tx.delivery.delete({ where: { id: delivery.id } })
        return { deliveryId: null, recorded: rows.length }
      }
      return { deliveryId: delivery?.id ?? null, recorded: rows.length }
    })
  }
}
