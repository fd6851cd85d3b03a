// Reaching a user on a chat platform without an incoming update (worker jobs:
// drip lessons, reminders, announcements): the account's external id and the
// user's locale make the Messenger's Recipient. A Telegram private chat's id
// is the user id; a Discord DM is opened by the Discord messenger from the user id.
import { type Locale, pickLocale } from './accounts.service'
import type { MessagingPlatform } from './delivery/profile'
import { NotFoundError } from './errors'
import type { Recipient } from './messenger'
import type { UserRepository } from './ports'
import type { User } from './types'

export interface ReachDeps {
  users: UserRepository
}

export interface Reachable {
  user: User
  recipient: Recipient
}

export class ReachService {
  constructor(private readonly deps: ReachDeps) {}

  /** The user's private conversation on `platform`, or null when the user has no account there. */
  async recipient(userId: number, platform: MessagingPlatform): Promise<Reachable | null> {
    const user = await this.deps.users.findById(userId)
    if (!user) throw new NotFoundError('User', { user: userId })
    const account = (await this.deps.users.listAccounts(userId)).find((a) => a.platform === platform)
    if (!account) return null
    return { user, recipient: { platform, kind: 'user', chatId: account.externalId, locale: localeOf(user) } }
  }

  /** Every platform the user can be messaged on (linked accounts), Telegram first. */
  async recipients(userId: number): Promise<Reachable[]> {
    const out: Reachable[] = []
    for (const platform of ['TELEGRAM', 'DISCORD'] as const) {
      const r = await this.recipient(userId, platform)
      if (r) out.push(r)
    }
    return out
  }
}

export function localeOf(user: Pick<User, 'profile'>): Locale {
  return pickLocale(user.profile?.locale)
}
