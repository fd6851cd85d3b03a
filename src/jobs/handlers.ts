// The handlers behind each job name: each calls the domain.
import { UnreachableError } from '../domain'
import { messengerFor } from '../domain/messenger'
import { translator } from '../i18n/translator'
import type { JobHandlers } from './registry'

export const handlers: JobHandlers = {
  async 'maintenance.purge-link-codes'(_payload, { app, log }) {
    const deleted = await app.domain.accounts.purgeLinkCodes()
    log.info({ deleted }, 'purged spent link codes')
    return { deleted }
  },

  async 'lesson.send'({ userId, contentId, platform }, { app, log, messengers }) {
    const messenger = messengerFor(messengers, platform)
    const reach = await app.domain.reach.recipient(userId, platform)
    if (!reach) {
      log.info({ userId, platform }, 'no account on that platform; lesson not sent')
      return { sent: false, reason: 'no_account' }
    }
    const { user, recipient } = reach
    const view = { profile: messenger.profile, t: translator().forLocale(recipient.locale) }
    const step = await app.domain.flow.open({ id: user.id, role: user.role }, contentId, view)
    try {
      const receipt = await messenger.send(recipient, step.plan)
      log.info({ userId, contentId, platform, messages: receipt.messageIds.length }, 'lesson sent')
      return { sent: true, messageIds: receipt.messageIds }
    } catch (err) {
      // blocked the bot / DMs closed: retrying will not help
      if (!(err instanceof UnreachableError)) throw err
      log.info({ userId, platform, reason: err.reason }, 'student unreachable; lesson not sent')
      return { sent: false, reason: err.reason }
    }
  },
}
