// What the relay needs from the outside: a ChatAdapter per platform (outbound
// calls), the message-id map, the room bus (live events for the web sockets of
// every api process) and the outbound queue. src/infra implements the last
// three; src/bot/telegram and src/bot/discord implement ChatAdapter.
import type { Attachment, MessageCopy, RoomBinding } from '../domain/rooms.types'
import type { Platform } from '../domain/types'
import type { BridgeMessage, OutboundMessage } from './message'

/** The outbound side of one platform. Every call is one platform API request. */
export interface ChatAdapter {
  readonly platform: Platform
  /** How the platform limits a chat (see profiles.ts). */
  readonly limits: RelayLimits
  /** Sends; returns the platform's id of the new message. */
  send(binding: RoomBinding, message: OutboundMessage): Promise<{ platformMessageId: string }>
  /** Replaces the text of a message sent earlier. "Not modified" counts as done. */
  edit(binding: RoomBinding, platformMessageId: string, message: OutboundMessage): Promise<void>
  /** Deletes a message sent earlier. "Already gone" counts as done. */
  delete(binding: RoomBinding, platformMessageId: string): Promise<void>
  /**
   * Downloads a file that was posted on this platform, for re-upload on the
   * others. Throws FileTooLargeError when the platform will not hand it to a
   * bot (Telegram: over 20 MB).
   */
  fetchFile?(attachment: Attachment): Promise<Uint8Array>
  /**
   * Takes a member who left the course out of the bound chat (Telegram: out of
   * the group; they may ask to join again once enrolled). Optional: platforms
   * that keep chats private by role (Discord) do without.
   */
  removeMember?(binding: RoomBinding, platformUserId: string): Promise<void>
  /**
   * Stops a member muted in the room from posting in the bound chat
   * (Telegram: restricted in the group), and lifts that on unmute. Optional:
   * platforms whose copies of a muted member's messages the relay ignores and
   * whose chats the platform's own moderation covers (Discord) do without.
   */
  restrictMember?(binding: RoomBinding, platformUserId: string): Promise<void>
  unrestrictMember?(binding: RoomBinding, platformUserId: string): Promise<void>
}

export interface RelayLimits {
  /** Longest text one message can carry. */
  maxTextLength: number
  /**
   * Messages per minute one chat takes (Telegram groups: about 20). When a
   * burst exceeds it, queued messages are coalesced into fewer, longer ones.
   */
  perChatPerMinute?: number
  /** Largest file the platform takes from the bot in one message; larger ones become a notice with name and size. */
  maxFileBytes?: number
}

/** The platform asked us to wait (HTTP 429 with retry_after): the call is retried after it, not counted as a failure. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterMs: number, message = `rate limited for ${retryAfterMs} ms`) {
    super(message)
    this.name = 'RateLimitedError'
  }
}

/** The platform refused for good (bot removed from the chat, message too old to edit): retrying cannot help. */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PermanentDeliveryError'
  }
}

/** A file the origin platform will not hand over, or the destination will not take. */
export class FileTooLargeError extends Error {
  constructor(readonly size: number | undefined, message = 'file too large') {
    super(message)
    this.name = 'FileTooLargeError'
  }
}

/** The message-id map: which platform message is a copy of which room message. */
export interface MessageIdMap {
  save(copies: MessageCopy[]): Promise<void>
  /** The copy of a room message in one chat. */
  copyIn(messageId: number, platform: Platform, chatId: string): Promise<MessageCopy | null>
  /** Room messages a platform message carries (several when coalesced), in id order. */
  messagesOf(platform: Platform, chatId: string, platformMessageId: string): Promise<number[]>
}

/** Live room events, across processes (Redis pub/sub per installation). */
export type RoomEvent =
  | { type: 'message'; roomId: number; message: BridgeMessage }
  | { type: 'edited'; roomId: number; message: BridgeMessage }
  | { type: 'deleted'; roomId: number; messageId: number }

export interface RoomBus {
  publish(event: RoomEvent): Promise<void>
  /** Calls `listener` for every event of every room; returns a function that stops it. */
  subscribe(listener: (event: RoomEvent) => void): Promise<() => Promise<void>>
}

/** One outbound call to make, in a destination chat's order. */
export interface RelayOp {
  op: 'send' | 'edit' | 'delete'
  messageId: number
  platform: Platform
  chatId: string
  /** When the op was made (latency figures). */
  at: number
}

export interface RelayQueue {
  /** Queues the op behind every earlier op for the same chat (durably: it survives a process kill). */
  enqueue(op: Omit<RelayOp, 'at'>): Promise<void>
}
