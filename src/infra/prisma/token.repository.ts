import type { ApiTokenRepository, LinkCodeRepository } from '../../domain/ports'
import type { Prisma } from '../database'
import { toUser, userInclude } from './mappers'

export class PrismaApiTokenRepository implements ApiTokenRepository {
  constructor(private readonly db: Prisma) {}

  async create(userId: number, name: string, tokenHash: string) {
    const row = await this.db.apiToken.create({ data: { userId, name, tokenHash }, select: { id: true } })
    return { id: row.id }
  }

  async findActiveByHash(tokenHash: string) {
    const row = await this.db.apiToken.findUnique({ where: { tokenHash }, include: { user: { include: userInclude } } })
    if (!row || row.revokedAt) return null
    return { tokenId: row.id, user: toUser(row.user) }
  }

  async touch(id: number, at: Date) {
    await this.db.apiToken.update({ where: { id }, data: { lastUsedAt: at } })
  }

  async revoke(id: number, at: Date) {
    const { count } = await this.db.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } })
    return count === 1
  }

  listForUser(userId: number) {
    return this.db.apiToken.findMany({
      where: { userId },
      select: { id: true, name: true, createdAt: true, lastUsedAt: true, revokedAt: true },
      orderBy: { id: 'asc' },
    })
  }
}

export class PrismaLinkCodeRepository implements LinkCodeRepository {
  constructor(private readonly db: Prisma) {}

  async create(userId: number, code: string, expiresAt: Date) {
    // one live code per user: a new one replaces the old
    await this.db.$transaction([
      this.db.linkCode.deleteMany({ where: { userId, usedAt: null } }),
      this.db.linkCode.create({ data: { userId, code, expiresAt } }),
    ])
  }

  async purge({ expiredBefore, usedBefore }: { expiredBefore: Date; usedBefore: Date }) {
    const { count } = await this.db.linkCode.deleteMany({
      where: { OR: [{ usedAt: null, expiresAt: { lt: expiredBefore } }, { usedAt: { lt: usedBefore } }] },
    })
    return count
  }

  inspect(code: string) {
    return this.db.linkCode.findUnique({ where: { code }, select: { userId: true, expiresAt: true, usedAt: true } })
  }
}
