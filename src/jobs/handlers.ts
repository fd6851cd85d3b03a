// The handlers behind each job name: each calls the domain.
import type { JobHandlers } from './registry'

export const handlers: JobHandlers = {
  async 'maintenance.purge-link-codes'(_payload, { app, log }) {
    const deleted = await app.domain.accounts.purgeLinkCodes()
    log.info({ deleted }, 'purged spent link codes')
    return { deleted }
  },
}
