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
      if (existing.username !== input.username)
        await this.db.platformAccount.update({ where: { id: existing.id }, data: { username: input.username } })
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

  async create(input: { email: string; passwordHash: string; role: Role; displayName: string }): Promise<User> {
    const row = await this.db.user.create({
      data: { email: input.email, passwordHash: input.passwordHash, role: input.role, profile: { create: { displayName: input.displayName } } },
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

  async merge(fromUserId: number, intoUserId: number): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.platformAccount.updateMany({ where: { userId: fromUserId }, data: { userId: intoUserId } })
      await tx.apiToken.updateMany({ where: { userId: fromUserId }, data: { userId: intoUserId } })
      // live codes die with the merged user; used ones stay so a reuse is refused as "already used"
      await tx.linkCode.deleteMany({ where: { userId: fromUserId, usedAt: null } })
      await tx.linkCode.updateMany({ where: { userId: fromUserId }, data: { userId: intoUserId } })

      const [theirs, ours] = await Promise.all([
        tx.enrollment.findMany({ where: { userId: fromUserId } }),
        tx.enrollment.findMany({ where: { userId: intoUserId } }),
      ])
      for (const e of theirs) {
        const mine = ours.find((o) => o.courseId === e.courseId)
        if (!mine) {
          await tx.enrollment.update({ where: { id: e.id }, data: { userId: intoUserId } })
          continue
        }
        // keep one enrolment: active if either was, enrolled at the earlier date
        await tx.enrollment.update({
          where: { id: mine.id },
          data: {
            status: mine.status === 'ACTIVE' || e.status === 'ACTIVE' ? 'ACTIVE' : 'LEFT',
            enrolledAt: e.enrolledAt < mine.enrolledAt ? e.enrolledAt : mine.enrolledAt,
            source: e.enrolledAt < mine.enrolledAt ? e.source : mine.source,
          },
        })
        await tx.enrollment.delete({ where: { id: e.id } })
      }

      const [theirProgress, ourProgress] = await Promise.all([
        tx.progress.findMany({ where: { userId: fromUserId } }),
        tx.progress.findMany({ where: { userId: intoUserId } }),
      ])
      for (const p of theirProgress) {
        const mine = ourProgress.find((o) => o.contentId === p.contentId)
        if (!mine) {
          await tx.progress.update({ where: { id: p.id }, data: { userId: intoUserId } })
        } else {
          // the earlier completion wins, with its quiz answer
          if (p.completedAt < mine.completedAt) {
            await tx.progress.update({
              where: { id: mine.id },
              data: { completedAt: p.completedAt, quizAnswer: p.quizAnswer, quizCorrect: p.quizCorrect, source: p.source },
            })
          }
          await tx.progress.delete({ where: { id: p.id } })
        }
      }
      // course ownership and authored contents move too (a staff user linking a bot account)
      await tx.course.updateMany({ where: { ownerId: fromUserId }, data: { ownerId: intoUserId } })
      await tx.content.updateMany({ where: { ownerId: fromUserId }, data: { ownerId: intoUserId } })
      const coAuthored = await tx.courseAuthor.findMany({ where: { userId: fromUserId } })
      for (const c of coAuthored) {
        await tx.courseAuthor.upsert({
          where: { courseId_userId: { courseId: c.courseId, userId: intoUserId } },
          update: {},
          create: { courseId: c.courseId, userId: intoUserId },
        })
      }
      await tx.auditEntry.updateMany({ where: { actorId: fromUserId }, data: { actorId: intoUserId } })
      await tx.user.delete({ where: { id: fromUserId } })
    })
  }
}
