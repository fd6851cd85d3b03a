// What the delivery engine needs from a chat platform: send one notice (an
// announcement, a reminder) to one user's chat. The bots implement it on
// their own clients (grammY's Api, discord.js REST).
// NOTE: a minimal port declared by the delivery ledger; the wider Messenger
// (lesson plans) from the Discord issue is meant to absorb it.
import type { PacedPlatform } from './pacing'

export interface Notice {
  /** Author Markdown (rendered by the platform's renderer). */
  markdown: string
  /** A stored image (relative to the uploads folder) sent with the text. */
  imagePath?: string
}

export type NoticeResult =
  | { status: 'sent'; messageId: string }
  /** The platform refused this user for good (Telegram 403 blocked/deactivated, Discord 50007). */
  | { status: 'unreachable'; reason: string }

export interface NoticeMessenger {
  /** Throws PlatformRateLimitedError on a 429; any other throw is a transient failure. */
  sendNotice(to: { platform: PacedPlatform; chatId: string }, notice: Notice): Promise<NoticeResult>
}

/** A platform answered 429: wait `retryAfterMs` (for `route` only when it names one). */
export class PlatformRateLimitedError extends Error {
  constructor(
    readonly platform: PacedPlatform,
    readonly retryAfterMs: number,
    readonly route?: string,
  ) {
    super(`${platform} rate limit: retry after ${retryAfterMs} ms${route ? ` (${route})` : ''}`)
    this.name = 'PlatformRateLimitedError'
  }
}

/** The messenger of a process that runs no bot client: every send fails (and is retried later). */
export const noMessenger: NoticeMessenger = {
  async sendNotice(to) {
    throw new Error(`no ${to.platform} messenger in this process (its bot token is not configured)`)
  },
}
