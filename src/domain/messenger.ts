// The Messenger port: sends a message plan (a lesson, a notice) to one chat on
// one platform, without an incoming update. Each bot implements it on its
// SDK's API object (grammY's Api, discord.js's REST); the bots use it to
// answer, and worker jobs (drip lessons, reminders, announcements) to reach
// students. Nothing here depends on an SDK.
import type { Locale } from './accounts.service'
import type { MessagePlan } from './delivery/plan'
import type { MessagingPlatform, PlatformProfile } from './delivery/profile'
import { DomainError } from './errors'

export interface Recipient {
  platform: MessagingPlatform
  /**
   * user: a private conversation with the platform user `chatId` (Telegram: the
   * private chat, whose id is the user id; Discord: the DM channel the
   * messenger opens for that user id). channel: a group chat / guild channel.
   */
  kind: 'user' | 'channel'
  /** The platform's id of the user (kind user) or of the chat / channel (kind channel). */
  chatId: string
  locale: Locale
  /**
   * The platform user the buttons are made (signed) for. Defaults to `chatId`
   * for kind user; a channel message without it gets no callback buttons.
   */
  buttonsFor?: string
}

export interface SendReceipt {
  platform: MessagingPlatform
  /** Where the messages went (for Discord DMs: the DM channel id). */
  chatId: string
  /** Platform ids of the messages sent, in order. */
  messageIds: string[]
}

export interface Messenger {
  readonly platform: MessagingPlatform
  readonly profile: PlatformProfile
  /**
   * Sends every message of the plan in order. Throws UnreachableError when the
   * platform refuses because of the recipient (blocked the bot, DMs closed,
   * account gone); other failures (network, 5xx after retries) throw as they are.
   */
  send(to: Recipient, plan: MessagePlan): Promise<SendReceipt>
}

/** The messengers of the platforms configured in this process. */
export type Messengers = Partial<Record<MessagingPlatform, Messenger>>

export type UnreachableReason = 'blocked' | 'dms_closed' | 'not_found' | 'deactivated'

/**
 * The recipient cannot be messaged on that platform (for now): the delivery
 * engine marks the account and stops sending to it.
 */
export class UnreachableError extends DomainError {
  constructor(
    readonly platform: MessagingPlatform,
    readonly chatId: string,
    readonly reason: UnreachableReason,
    description?: string,
  ) {
    super('unreachable', `${platform} chat ${chatId} is unreachable (${reason})`, { platform, chatId, reason, ...(description ? { description } : {}) })
  }
}

export function messengerFor(messengers: Messengers, platform: MessagingPlatform): Messenger {
  const m = messengers[platform]
  if (!m) throw new Error(`no messenger for ${platform} in this process`)
  return m
}
