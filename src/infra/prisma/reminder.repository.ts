// Reminders on PostgreSQL: the enrolments that may be due (with their next
// lesson's module schedule: whether it is open is the domain's), then the claim
// of the ones the domain keeps and the REMINDER delivery recording them, in one
// transaction. The claim is one conditional UPDATE that checks again, on the
// locked row, that the enrolment was neither reminded nor active since `since`:
// a concurrent run waits for the first one's commit and then finds nothing left
// to claim.
import { preferredAccounts } from '../../domain/delivery-platforms'
import type { PacedPlatform } from '../../domain/pacing'
import type { ClaimedReminders, DueStudent, ReminderRepository, RemindingCourse } from '../../domain/reminders'
import type { Prisma } from '../database'

const BOT_PLATFORMS: PacedPlatform[] = ['TELEGRAM', 'DISCORD']

export class PrismaReminderRepository implements ReminderRepository {
  constructor(private readonly db: Prisma) {}

  async listCourses(): Promise<RemindingCourse[]> {
    const rows = await this.db.course.findMany({
      where: { published: true, remindAfterDays: { not: null } },
      select: { id: true, remindAfterDays: true },
      orderBy: { id: 'asc' },
    })
    return rows.map((r) => ({ id: r.id, remindAfterDays: r.remindAfterDays! }))
  }

  async listDue(course: RemindingCourse, since: Date): Promise<DueStudent[]> {
    const rows = await this.db.$queryRaw<Array<{ userId: number; enrolledAt: Date; timezone: string | null; opensDaysAfterEnrolment: number | null; opensOnDate: string | null }>>`
      SELECT e."userId", e."enrolledAt", p."timezone", m."opensDaysAfterEnrolment", to_char(m."opensOnDate", 'YYYY-MM-DD') AS "opensOnDate"
        FROM "Enrollment" AS e
        LEFT JOIN "Profile" AS p ON p."userId" = e."userId"
        -- the next lesson: the first one not done, in reading order (none: every lesson done, not due)
        JOIN LATERAL (
          SELECT c."moduleId"
            FROM "Content" AS c JOIN "Module" AS cm ON cm."id" = c."moduleId"
           WHERE cm."courseId" = ${course.id}
             AND NOT EXISTS (SELECT 1 FROM "Progress" AS pr WHERE pr."userId" = e."userId" AND pr."contentId" = c."id")
           ORDER BY cm."order", c."order", c."id"
           LIMIT 1
        ) AS next ON true
        JOIN "Module" AS m ON m."id" = next."moduleId"
       WHERE e."courseId" = ${course.id} AND e."status" = 'ACTIVE'
         AND COALESCE(p."reminders", true)
         -- reachable by a bot: a web-only student has nowhere to get the reminder
         AND EXISTS (SELECT 1 FROM "PlatformAccount" AS pa WHERE pa."userId" = e."userId" AND pa."platform"::text IN ('TELEGRAM', 'DISCORD'))
         AND COALESCE(e."lastActivityAt", e."enrolledAt") <= ${since}
         AND (e."lastRemindedAt" IS NULL OR e."lastRemindedAt" <= ${since})
       ORDER BY e."userId"`
    return rows.map((r) => ({
      userId: r.userId,
      enrolledAt: r.enrolledAt,
      timeZone: r.timezone,
      nextModule: { opensDaysAfterEnrolment: r.opensDaysAfterEnrolment, opensOnDate: r.opensOnDate },
    }))
  }

  claimDue(course: RemindingCourse, candidates: number[], now: Date, since: Date): Promise<ClaimedReminders | null> {
    if (!candidates.length) return Promise.resolve(null)
    return this.db.$transaction(async (tx) => {
      const claimed = await tx.$queryRaw<Array<{ userId: number }>>`
        UPDATE "Enrollment" AS e SET "lastRemindedAt" = ${now}
         WHERE e."courseId" = ${course.id} AND e."userId" = ANY(${candidates}::int[]) AND e."status" = 'ACTIVE'
           AND COALESCE(e."lastActivityAt", e."enrolledAt") <= ${since}
           AND (e."lastRemindedAt" IS NULL OR e."lastRemindedAt" <= ${since})
        RETURNING e."userId"`
      if (!claimed.length) return null
      const userIds = claimed.map((c) => c.userId)
      const linked = await tx.platformAccount.findMany({
        where: { userId: { in: userIds }, platform: { in: BOT_PLATFORMS } },
        select: { userId: true, platform: true, externalId: true, unreachableSince: true, user: { select: { profile: { select: { deliveryPlatforms: true } } } } },
      })
      // each student's accounts of their choice (Profile.deliveryPlatforms)
      const accounts = userIds.flatMap((id) => {
        const own = linked.filter((a) => a.userId === id)
        return preferredAccounts(own, own[0]?.user.profile?.deliveryPlatforms)
      })
      // the claim asks for a bot account, so this holds; never record an empty delivery
      if (!accounts.length) return null
      const delivery = await tx.delivery.create({
        data: {
          kind: 'REMINDER',
          courseId: course.id,
          body: `Reminder to students inactive for ${course.remindAfterDays}+ days`,
          // listed here: nothing for a fan-out to do
          status: 'SENDING',
          createdAt: now,
          expandedAt: now,
        },
        select: { id: true },
      })
      await tx.deliveryRecipient.createMany({
        data: accounts.map((a) => ({
          deliveryId: delivery.id,
          userId: a.userId,
          platform: a.platform,
          chatId: a.externalId,
          status: a.unreachableSince ? ('UNREACHABLE' as const) : ('PENDING' as const),
          updatedAt: now,
        })),
      })
      const pending = await tx.deliveryRecipient.findMany({ where: { deliveryId: delivery.id, status: 'PENDING' }, select: { id: true }, orderBy: { id: 'asc' } })
      return { deliveryId: delivery.id, students: userIds.length, pending: pending.map((p) => p.id) }
    })
  }
}
