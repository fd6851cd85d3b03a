import type { Platform, Profile, Role, User } from '../../domain/types'
import type { UserRepository } from '../../domain/ports'
import type { Prisma } from '../database'
import { toUser, userInclude } from './mappers'

export class PrismaUserRepository implements UserRepository {
  constructor(private readonly db: Prisma) {}

  async findById(id: number): Promise<User | null> {
    const row = await this.db.user.findUnique({ where: { id }, include: userInclude })
    return row && toUser(row)
  }

  async findByEmail(email: string) {
    const row = await this.db.user.findUnique({ where: { email }, include: userInclude })
    return row && { ...toUser(row), passwordHash: row.passwordHash }
  }

  async findCredential(id: number) {
    const row = await this.db.user.findUnique({ where: { id }, select: { role: true, passwordHash: true, profile: { select: { locale: true } } } })
    return row && { role: row.role, passwordHash: row.passwordHash, locale: row.profile?.locale ?? null }
  }

  async findByPlatform(platform: Platform, externalId: string): Promise<User | null> {
    const account = await this.db.platformAccount.findUnique({
      where: { platform_externalId: { platform, externalId } },
      include: { user: { include: userInclude } },
    })
    return account && toUser(account.user)
  }

  async upsertByPlatform(input: { platform: Platform; externalId: string; username: string | null; displayName: string; locale: string }) {
    const key = { platform_externalId: { platform: input.platform, externalId: input.externalId } }
    const existing = await this.db.platformAccount.findUnique({ where: key, include: { user: { include: userInclude } } })
    if (existing) {
      // writing to the bot makes an account reachable again (the delivery ledger skips unreachable ones)
      if (existing.username !== input.username || existing.unreachableSince)
        await this.db.platformAccount.update({ where: { id: existing.id }, data: { username: input.username, unreachableSince: null } })
      return { user: toUser(existing.user), created: false }
    }
    try {
      const user = await this.db.user.create({
        data: {
          profile: { create: { displayName: input.displayName, locale: input.locale } },
          accounts: { create: { platform: input.platform, externalId: input.externalId, username: input.username } },
        },
        include: userInclude,
      })
      return { user: toUser(user), created: true }
    } catch (err) {
      // two updates from the same new person at once: the other one created it
      if ((err as { code?: string }).code === 'P2002') {
        const raced = await this.db.platformAccount.findUnique({ where: key, include: { user: { include: userInclude } } })
        if (raced) return { user: toUser(raced.user), created: false }
      }
      throw err
    }
  }

  async create(input: { email: string; passwordHash: string; role: Role; displayName: string; locale?: string }): Promise<User> {
    const row = await this.db.user.create({
      data: { email: input.email, passwordHash: input.passwordHash, role: input.role, profile: { create: { displayName: input.displayName, locale: input.locale } } },
      include: userInclude,
    })
    return toUser(row)
  }

  async update(id: number, patch: { role?: Role; passwordHash?: string; email?: string }): Promise<User> {
    return toUser(await this.db.user.update({ where: { id }, data: patch, include: userInclude }))
  }

  async updateProfile(id: number, patch: Partial<Profile>): Promise<void> {
    await this.db.profile.upsert({
      where: { userId: id },
      update: patch,
      create: { userId: id, displayName: patch.displayName ?? 'Student', ...patch },
    })
  }

  async listAccounts(userId: number) {
    return this.db.platformAccount.findMany({
      where: { userId },
      select: { id: true, userId: true, platform: true, externalId: true, username: true },
      orderBy: { id: 'asc' },
    })
  }

  async merge(fromUserId: number, intoUserId: number, opts: { consumeLinkCode?: { code: string; now: Date } } = {}): Promise<boolean> {
    return this.db.$transaction(
      async (tx) => {
        if (opts.consumeLinkCode) {
          const { code, now } = opts.consumeLinkCode
          const { count } = await tx.linkCode.updateMany({ where: { code, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } })
          if (count !== 1) return false // used or expired meanwhile: nothing is merged
        }
        const from = fromUserId
        const into = intoUserId
        await tx.platformAccount.updateMany({ where: { userId: from }, data: { userId: into } })
        await tx.apiToken.updateMany({ where: { userId: from }, data: { userId: into } })
        // live codes die with the merged user; used ones stay so a reuse is refused as "already used"
        await tx.linkCode.deleteMany({ where: { userId: from, usedAt: null } })
        await tx.linkCode.updateMany({ where: { userId: from }, data: { userId: into } })

        // enrolments in the same course become one: active if either was, with the earlier date and source
        // and the later activity and reminder
        await tx.$executeRaw`
          UPDATE "Enrollment" AS mine SET
            "status" = CASE WHEN mine."status" = 'ACTIVE' OR theirs."status" = 'ACTIVE' THEN 'ACTIVE'::"EnrollmentStatus" ELSE 'LEFT'::"EnrollmentStatus" END,
            "enrolledAt" = LEAST(mine."enrolledAt", theirs."enrolledAt"),
            "lastActivityAt" = GREATEST(mine."lastActivityAt", theirs."lastActivityAt"),
            "lastRemindedAt" = GREATEST(mine."lastRemindedAt", theirs."lastRemindedAt"),
            "source" = CASE WHEN theirs."enrolledAt" < mine."enrolledAt" THEN theirs."source" ELSE mine."source" END
          FROM "Enrollment" AS theirs
          WHERE mine."userId" = ${into} AND theirs."userId" = ${from} AND theirs."courseId" = mine."courseId"`
        await tx.$executeRaw`
          DELETE FROM "Enrollment" AS theirs USING "Enrollment" AS mine
          WHERE theirs."userId" = ${from} AND mine."userId" = ${into} AND mine."courseId" = theirs."courseId"`
        await tx.enrollment.updateMany({ where: { userId: from }, data: { userId: into } })

        // the same content done on both: the earlier completion wins, with its quiz answer
        await tx.$executeRaw`
          UPDATE "Progress" AS mine SET
            "completedAt" = theirs."completedAt", "quizAnswer" = theirs."quizAnswer",
            "quizCorrect" = theirs."quizCorrect", "source" = theirs."source"
          FROM "Progress" AS theirs
          WHERE mine."userId" = ${into} AND theirs."userId" = ${from} AND theirs."contentId" = mine."contentId"
            AND theirs."completedAt" < mine."completedAt"`
        await tx.$executeRaw`
          DELETE FROM "Progress" AS theirs USING "Progress" AS mine
          WHERE theirs."userId" = ${from} AND mine."userId" = ${into} AND mine."contentId" = theirs."contentId"`
        await tx.progress.updateMany({ where: { userId: from }, data: { userId: into } })

        // reminders turned off on either account stay off
        await tx.$executeRaw`
          UPDATE "Profile" AS mine SET "reminders" = false
          FROM "Profile" AS theirs
          WHERE mine."userId" = ${into} AND theirs."userId" = ${from} AND NOT theirs."reminders"`

        // course ownership, authored contents and co-authorships move too (a staff user linking a bot account)
        await tx.course.updateMany({ where: { ownerId: from }, data: { ownerId: into } })
        await tx.content.updateMany({ where: { ownerId: from }, data: { ownerId: into } })
        await tx.$executeRaw`
          INSERT INTO "CourseAuthor" ("courseId", "userId")
          SELECT "courseId", ${into} FROM "CourseAuthor" WHERE "userId" = ${from}
          ON CONFLICT DO NOTHING`
        await tx.auditEntry.updateMany({ where: { actorId: from }, data: { actorId: into } })
        // deliveries under way keep their recipients (the accounts moved above); announcements keep their author
        await tx.$executeRaw`
          UPDATE "DeliveryRecipient" AS theirs SET "userId" = ${into}
          WHERE theirs."userId" = ${from} AND NOT EXISTS (
            SELECT 1 FROM "DeliveryRecipient" AS mine
            WHERE mine."userId" = ${into} AND mine."deliveryId" = theirs."deliveryId" AND mine."platform" = theirs."platform")`
        await tx.delivery.updateMany({ where: { authorId: from }, data: { authorId: into } })
        // course chat rooms: authorship of messages, mutes (a mute is not escaped by linking), web sign-ins
        await tx.roomMessage.updateMany({ where: { authorId: from }, data: { authorId: into } })
        await tx.$executeRaw`
          INSERT INTO "RoomMute" ("roomId", "userId", "mutedById", "reason", "createdAt", "notifiedAt")
          SELECT "roomId", ${into}, "mutedById", "reason", "createdAt", "notifiedAt" FROM "RoomMute" WHERE "userId" = ${from}
          ON CONFLICT DO NOTHING`
        await tx.roomMute.deleteMany({ where: { userId: from } })
        await tx.webSession.updateMany({ where: { userId: from }, data: { userId: into } })
        await tx.webLoginToken.updateMany({ where: { userId: from }, data: { userId: into } })
        await tx.user.delete({ where: { id: from } }) // cascades what is left (its co-authorships, profile)
        return true
      },
      { timeout: 30_000 },
    )
  }
}
