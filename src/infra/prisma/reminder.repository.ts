// Reminders on PostgreSQL: the claim of the enrolments due a reminder and the
// REMINDER delivery recording them, in one transaction. The claim is one
// conditional UPDATE that checks again, on the locked row, that the enrolment
// was neither reminded nor active since `since`: a concurrent run waits for the
// first one's commit and then finds nothing left to claim.
import { preferredAccounts } from '../../domain/delivery-platforms'
import type { PacedPlatform } from '../../domain/pacing'
import type { ClaimedReminders, ReminderRepository, RemindingCourse } from '../../domain/reminders'
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

  claimDue(course: RemindingCourse, now: Date, since: Date): Promise<ClaimedReminders | null> {
    return this.db.$transaction(async (tx) => {
      const claimed = await tx.$queryRaw<Array<{ userId: number }>>`
        WITH lessons AS (
          SELECT c."id" FROM "Content" AS c JOIN "Module" AS m ON m."id" = c."moduleId" WHERE m."courseId" = ${course.id}
        ), due AS (
          SELECT e."id"
            FROM "Enrollment" AS e
            LEFT JOIN "Profile" AS p ON p."userId" = e."userId"
           WHERE e."courseId" = ${course.id} AND e."status" = 'ACTIVE'
             AND COALESCE(p."reminders", true)
             -- reachable by a bot: a web-only student has nowhere to get the reminder
             AND EXISTS (SELECT 1 FROM "PlatformAccount" AS pa WHERE pa."userId" = e."userId" AND pa."platform"::text IN ('TELEGRAM', 'DISCORD'))
             AND COALESCE(e."lastActivityAt", e."enrolledAt") <= ${since}
             AND (e."lastRemindedAt" IS NULL OR e."lastRemindedAt" <= ${since})
             AND (SELECT count(*) FROM "Progress" AS pr WHERE pr."userId" = e."userId" AND pr."contentId" IN (SELECT "id" FROM lessons))
               < (SELECT count(*) FROM lessons)
        )
        UPDATE "Enrollment" AS e SET "lastRemindedAt" = ${now}
          FROM due
         WHERE e."id" = due."id" AND e."status" = 'ACTIVE'
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
