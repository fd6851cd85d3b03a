// The relay's normalized messages. An adapter turns a platform update into an
// Inbound* value; the router stores it as a BridgeMessage (a room's history
// entry) and fans it out; adapters turn an Outbound message back into a platform
// call. Nothing here knows a platform SDK.
import type { Attachment, MessageKind, RoomMessage, TextEntity } from '../domain/rooms.types'
import type { Platform } from '../domain/types'

export type { Attachment, MessageKind, TextEntity }

/** A stored room message: room, origin platform and ids, author, text + entities, reply-to, attachments, kind. */
export type BridgeMessage = RoomMessage

/** Who posted on the platform. */
export interface InboundAuthor {
  /** The platform's user id (Telegram user id, Discord user id). */
  externalId: string
  displayName: string
  username?: string | null
  languageCode?: string | null
}

export interface InboundMessage {
  platform: Platform
  chatId: string
  messageId: string
  author: InboundAuthor
  /** Set by the adapter when the platform says the sender is our own bot. */
  fromSelf?: boolean
  /** Discord: the webhook that posted it (our relay's own webhooks are never relayed again). */
  webhookId?: string | null
  kind: MessageKind
  text: string
  entities?: TextEntity[]
  /** The platform's id of the message this one answers, in the same chat. */
  replyToMessageId?: string | null
  attachments?: Attachment[]
}

export interface InboundEdit {
  platform: Platform
  chatId: string
  messageId: string
  author: InboundAuthor
  fromSelf?: boolean
  webhookId?: string | null
  text: string
  entities?: TextEntity[]
}

export interface InboundDelete {
  platform: Platform
  chatId: string
  messageId: string
}

/**
 * What an adapter sends: one or more room messages (several when a burst was
 * coalesced), already made safe (mentions neutralised). Adapters render it
 * with their platform's own means (entities, webhook username), never by
 * interpreting the text as markup.
 */
export interface OutboundMessage {
  parts: OutboundPart[]
  /** The platform id, in the destination chat, of the message the first part answers. */
  replyToPlatformMessageId: string | null
}

export interface OutboundPart {
  roomMessageId: number
  authorName: string
  /** Where it was first posted (a badge on the web, a hint on the platforms). */
  originPlatform: Platform
  /** Safe text: mentions neutralised; attachments and other kinds described in words. */
  text: string
  entities: TextEntity[]
  attachments: Attachment[]
  /**
   * The attachments' bytes, fetched from the origin platform, for the adapter
   * to upload (only those within both platforms' limits; the others stay
   * described in `text`).
   */
  files?: OutboundFile[]
}

export interface OutboundFile {
  name: string
  mimeType?: string
  /** photo: shown inline where the platform can; file: as a document. */
  kind: Attachment['kind']
  data: Uint8Array
}

/** A readable stand-in for what a text-only side cannot show: "[photo: cat.jpg, 1.2 MB]". */
export function placeholder(kind: MessageKind, attachments: Attachment[]): string {
  if (attachments.length === 0) return kind === 'text' ? '' : `[${KIND_WORDS[kind]}]`
  return attachments.map((a) => `[${KIND_WORDS[a.kind]}: ${a.name}${a.size !== undefined ? `, ${formatSize(a.size)}` : ''}]`).join(' ')
}

const KIND_WORDS: Record<MessageKind, string> = {
  text: 'text',
  photo: 'photo',
  file: 'file',
  sticker: 'sticker',
  voice: 'voice message',
  other: 'message the other side cannot show',
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
