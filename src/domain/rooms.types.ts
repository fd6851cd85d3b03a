// Course chat rooms: the platform-neutral shapes the domain stores and the
// bridge relays. Offsets and lengths are in UTF-16 code units (as JavaScript
// strings and the Telegram Bot API count them).
import type { Platform } from './types'

/** The platforms a room can be bound to (the web room needs no binding). */
export type BoundPlatform = Extract<Platform, 'TELEGRAM' | 'DISCORD'>
export const BOUND_PLATFORMS: readonly BoundPlatform[] = ['TELEGRAM', 'DISCORD']

export type MessageKind = 'text' | 'photo' | 'file' | 'sticker' | 'voice' | 'other'
export const MESSAGE_KINDS: readonly MessageKind[] = ['text', 'photo', 'file', 'sticker', 'voice', 'other']

export type EntityType = 'bold' | 'italic' | 'underline' | 'strikethrough' | 'spoiler' | 'code' | 'pre' | 'link'
export const ENTITY_TYPES: readonly EntityType[] = ['bold', 'italic', 'underline', 'strikethrough', 'spoiler', 'code', 'pre', 'link']

/** A formatting span over the text. Never markup inside the text itself. */
export interface TextEntity {
  type: EntityType
  offset: number
  length: number
  /** For links only: http(s) URLs. */
  url?: string
}

/** What a message carried besides its text (metadata only: files stay on their platform). */
export interface Attachment {
  kind: Exclude<MessageKind, 'text'>
  name: string
  mimeType?: string
  size?: number
  /** The origin platform's file id, to fetch it when re-uploading elsewhere. */
  platformFileId?: string
  /** Where the origin platform serves it, when it is served by URL (Discord's CDN). */
  url?: string
}

export interface Room {
  id: number
  courseId: number
}

export interface RoomBinding {
  id: number
  roomId: number
  platform: BoundPlatform
  chatId: string
  webhookId: string | null
  webhookToken: string | null
}

/** Where a message was first posted: the idempotency key of the relay. */
export interface MessageOrigin {
  platform: Platform
  /** The chat it was posted in; "web" for the web room. */
  chatId: string
  /** The platform's id of the original; for the web, the sender's client id. */
  messageId: string
}

/** One message of a room's history. */
export interface RoomMessage {
  id: number
  roomId: number
  origin: MessageOrigin
  author: { id: number | null; name: string }
  kind: MessageKind
  text: string
  entities: TextEntity[]
  replyToId: number | null
  attachments: Attachment[]
  createdAt: Date
  editedAt: Date | null
  deletedAt: Date | null
}

export interface RoomMute {
  roomId: number
  userId: number
  mutedById: number | null
  reason: string
  createdAt: Date
  notifiedAt: Date | null
}

/** One copy of a room message on a platform chat (the message-id map). */
export interface MessageCopy {
  messageId: number
  platform: Platform
  chatId: string
  platformMessageId: string
}
