import type { AuditLog } from '../../domain/ports'
import type { Prisma } from '../database'
import type { Tx } from './course.repository'

export class PrismaAuditLog implements AuditLog {
  constructor(private readonly db: Prisma | Tx) {}

  async record(entry: Parameters<AuditLog['record']>[0]) {
    await this.db.auditEntry.create({
      data: { ...entry, details: entry.details === undefined ? undefined : JSON.parse(JSON.stringify(entry.details)) },
    })
  }
}
