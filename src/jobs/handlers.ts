// The handlers behind each job name.
import type { JobHandlers } from './registry'

export const handlers: JobHandlers = {
  async 'maintenance.purge-link-codes'(_payload, { app, log }) {
    const { count } = await app.db.prisma.linkCode.deleteMany({
      where: { OR: [{ expiresAt: { lt: new Date() } }, { usedAt: { not: null } }] },
    })
    log.info({ deleted: count }, 'purged spent link codes')
    return { deleted: count }
  },
}
