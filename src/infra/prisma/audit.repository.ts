import type { AuditLog, AuditRecord } from '../../domain/ports'
import type { Prisma } from '../database'
import type { Tx } from './course.repository'

export class PrismaAuditLog implements AuditLog {
  constructor(private readonly db: Prisma | Tx) {}

  async record(entry: Parameters<AuditLog['record']>[0]) {
    await this.db.auditEntry.create({
      data: { ...entry, details: entry.details === undefined ? undefined : JSON.parse(JSON.stringify(entry.details)) },
    })
  }

  async listForCourse(courseId: number, limit: number): Promise<AuditRecord[]> {
    const rows = await this.db.auditEntry.findMany({
      where: { courseId },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: limit,
      include: { actor: { select: { id: true, email: true, profile: { select: { displayName: true } } } } },
    })
    return rows.map(({ actor, ...e }) => ({
      id: e.id,
      at: e.at,
      actor: actor && { id: actor.id, email: actor.email, name: actor.profile?.displayName ?? null },
      action: e.action,
      entity: e.entity,
      entityId: e.entityId,
      details: e.details,
    }))
  }
}
