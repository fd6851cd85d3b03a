// The delivery ledger on PostgreSQL (Delivery, DeliveryRecipient). Claims are
// one conditional UPDATE each, so two workers never both own a row.
import type { AudienceMember, ClaimedRecipient, Delivery, DeliveryCounts, DeliveryKind, DeliveryRepository, RecipientOutcome } from '../../domain/deliveries'
import type { PacedPlatform } from '../../domain/pacing'
import type { Prisma } from '../database'

const BOT_PLATFORMS: PacedPlatform[] = ['TELEGRAM', 'DISCORD']

export class PrismaDeliveryRepository implements DeliveryRepository {
  constructor(private readonly db: Prisma) {}

  create(input: { kind: DeliveryKind; courseId: number; authorId: number | null; body: string; imagePath: string | null; moduleId?: number | null }): Promise<Delivery> {
    return this.db.delivery.create({ data: input })
  }

  find(id: number): Promise<Delivery | null> {
    return this.db.delivery.findUnique({ where: { id } })
  }

  listForCourse(courseId: number, limit: number, kind?: DeliveryKind): Promise<Delivery[]> {
    return this.db.delivery.findMany({ where: { courseId, ...(kind ? { kind } : {}) }, orderBy: { id: 'desc' }, take: limit })
  }

  async listAudience(courseId: number, afterUserId: number, limit: number, releasedBy?: number): Promise<AudienceMember[]> {
    const rows = await this.db.enrollment.findMany({
      where: { courseId, status: 'ACTIVE', userId: { gt: afterUserId }, ...(releasedBy !== undefined ? { user: { moduleReleases: { some: { deliveryId: releasedBy } } } } : {}) },
      orderBy: { userId: 'asc' },
      take: limit,
      select: {
        userId: true,
        user: { select: { profile: { select: { deliveryPlatforms: true } }, accounts: { where: { platform: { in: BOT_PLATFORMS } }, select: { platform: true, externalId: true, unreachableSince: true } } } },
      },
    })
    return rows.map((r) => ({
      userId: r.userId,
      deliveryPlatforms: r.user.profile?.deliveryPlatforms ?? null,
      accounts: r.user.accounts.map((a) => ({ platform: a.platform as PacedPlatform, externalId: a.externalId, unreachable: a.unreachableSince !== null })),
    }))
  }

  async addRecipients(
    deliveryId: number,
    rows: Array<{ userId: number; platform: PacedPlatform; chatId: string; status: 'PENDING' | 'UNREACHABLE' }>,
  ): Promise<Array<{ id: number; platform: PacedPlatform }>> {
    if (!rows.length) return []
    await this.db.deliveryRecipient.createMany({ data: rows.map((r) => ({ deliveryId, ...r })), skipDuplicates: true })
    const pending = await this.db.deliveryRecipient.findMany({
      where: { deliveryId, status: 'PENDING', userId: { in: [...new Set(rows.map((r) => r.userId))] } },
      select: { id: true, platform: true },
      orderBy: { id: 'asc' },
    })
    return pending.map((p) => ({ id: p.id, platform: p.platform as PacedPlatform }))
  }

  async markExpanded(deliveryId: number, at: Date): Promise<void> {
    await this.db.delivery.updateMany({ where: { id: deliveryId, status: 'QUEUED' }, data: { status: 'SENDING', expandedAt: at } })
  }

  async claim(recipientId: number, now: Date, leaseUntil: Date): Promise<ClaimedRecipient | null> {
    const rows = await this.db.$queryRaw<ClaimedRecipient[]>`
      UPDATE "DeliveryRecipient" AS r
         SET "status" = 'SENDING', "leaseUntil" = ${leaseUntil}, "attempts" = r."attempts" + 1, "updatedAt" = ${now}
        FROM "Delivery" AS d
       WHERE r."id" = ${recipientId} AND d."id" = r."deliveryId" AND d."status" <> 'CANCELLED'
         AND (r."status" = 'PENDING' OR (r."status" = 'SENDING' AND r."leaseUntil" < ${now}))
      RETURNING r."id", r."deliveryId", d."kind"::text AS "kind", d."courseId", d."moduleId", r."userId", r."platform"::text AS "platform", r."chatId", r."attempts", d."body", d."imagePath",
        (SELECT p."locale" FROM "Profile" AS p WHERE p."userId" = r."userId") AS "locale"`
    return rows[0] ?? null
  }

  async extendLease(recipientId: number, leaseUntil: Date): Promise<void> {
    await this.db.deliveryRecipient.updateMany({ where: { id: recipientId, status: 'SENDING' }, data: { leaseUntil } })
  }

  async finish(recipientId: number, outcome: RecipientOutcome): Promise<void> {
    const data =
      outcome.status === 'SENT'
        ? { status: outcome.status, platformMessageId: outcome.messageId, sentAt: outcome.at, leaseUntil: null, lastError: null }
        : { status: outcome.status, lastError: outcome.error.slice(0, 500), leaseUntil: null }
    // only the claimed row changes (a cancel meanwhile turned PENDING rows, not this one)
    await this.db.deliveryRecipient.updateMany({ where: { id: recipientId, status: 'SENDING' }, data })
  }

  async counts(deliveryId: number): Promise<DeliveryCounts> {
    const groups = await this.db.deliveryRecipient.groupBy({ by: ['status'], where: { deliveryId }, _count: { _all: true } })
    const n = (s: string) => groups.find((g) => g.status === s)?._count._all ?? 0
    const counts = { pending: n('PENDING') + n('SENDING'), sent: n('SENT'), failed: n('FAILED'), unreachable: n('UNREACHABLE'), cancelled: n('CANCELLED') }
    return { total: counts.pending + counts.sent + counts.failed + counts.unreachable + counts.cancelled, ...counts }
  }

  async cancel(deliveryId: number, at: Date): Promise<number> {
    return this.db.$transaction(async (tx) => {
      await tx.delivery.updateMany({ where: { id: deliveryId, status: { not: 'CANCELLED' } }, data: { status: 'CANCELLED', cancelledAt: at } })
      const { count } = await tx.deliveryRecipient.updateMany({ where: { deliveryId, status: 'PENDING' }, data: { status: 'CANCELLED' } })
      return count
    })
  }

  listExpiredLeases(now: Date, limit: number) {
    return this.db.deliveryRecipient.findMany({
      where: { status: 'SENDING', leaseUntil: { lt: now }, delivery: { status: { not: 'CANCELLED' } } },
      orderBy: { leaseUntil: 'asc' },
      take: limit,
      select: { id: true, deliveryId: true, attempts: true },
    })
  }

  async listStale(before: Date, limit: number) {
    const [recipients, deliveries] = await Promise.all([
      this.db.deliveryRecipient.findMany({
        where: { status: 'PENDING', updatedAt: { lt: before }, delivery: { status: { not: 'CANCELLED' } } },
        orderBy: { id: 'asc' },
        take: limit,
        select: { id: true, deliveryId: true, attempts: true },
      }),
      this.db.delivery.findMany({ where: { status: 'QUEUED', createdAt: { lt: before } }, select: { id: true }, take: limit }),
    ])
    return { recipients, deliveries: deliveries.map((d) => d.id) }
  }

  async markUnreachable(platform: PacedPlatform, externalId: string, at: Date): Promise<void> {
    await this.db.platformAccount.updateMany({ where: { platform, externalId, unreachableSince: null }, data: { unreachableSince: at } })
  }
}
