// What the rooms domain needs from storage. src/infra/prisma implements it.
import type { Attachment, BoundPlatform, MessageKind, MessageOrigin, Room, RoomBinding, RoomMessage, RoomMute, TextEntity } from './rooms.types'

export interface NewRoomMessage {
  roomId: number
  origin: MessageOrigin
  authorId: number | null
  authorName: string
  kind: MessageKind
  text: string
  entities: TextEntity[]
  replyToId: number | null
  attachments: Attachment[]
}

export interface RoomRepository {
  /** The course's room, created on first use (safe under concurrency). */
  ensureRoom(courseId: number): Promise<Room>
  findRoom(id: number): Promise<Room | null>

  listBindings(roomId: number): Promise<RoomBinding[]>
  findBinding(platform: BoundPlatform, chatId: string): Promise<RoomBinding | null>
  /** Binds or re-binds the chat to the room (a chat belongs to one room). */
  upsertBinding(input: Omit<RoomBinding, 'id'> & { createdById: number | null }): Promise<RoomBinding>
  deleteBinding(platform: BoundPlatform, chatId: string): Promise<boolean>

  /**
   * Stores the message unless one with the same origin is stored already
   * (insert-or-skip on the origin key): `created` is true for exactly one caller.
   */
  insertMessage(input: NewRoomMessage): Promise<{ message: RoomMessage; created: boolean }>
  findMessage(id: number): Promise<RoomMessage | null>
  findByOrigin(origin: MessageOrigin): Promise<RoomMessage | null>
  /** Newest last; `afterId` pages forward (a reconnect's gap), `beforeId` backward. */
  listMessages(roomId: number, opts: { afterId?: number; beforeId?: number; limit: number }): Promise<RoomMessage[]>
  /** Changes the text if it differs and the message is not deleted; null when nothing changed. */
  updateText(id: number, text: string, entities: TextEntity[], at: Date): Promise<RoomMessage | null>
  /** Marks it deleted; null when it already was. */
  markDeleted(id: number, at: Date): Promise<RoomMessage | null>

  findMute(roomId: number, userId: number): Promise<RoomMute | null>
  upsertMute(mute: Omit<RoomMute, 'createdAt' | 'notifiedAt'>): Promise<void>
  deleteMute(roomId: number, userId: number): Promise<boolean>
  /** The room's muted members, newest first, with their profile name if they have one. */
  listMutes(roomId: number): Promise<Array<RoomMute & { name: string | null }>>
  /** Notes that the member was told about the mute; true only the first time. */
  claimMuteNotice(roomId: number, userId: number, at: Date): Promise<boolean>
}

export interface WebAuthRepository {
  createLoginToken(userId: number, tokenHash: string, expiresAt: Date): Promise<void>
  /** Spends an unused, unexpired token atomically; its user, or null. */
  consumeLoginToken(tokenHash: string, now: Date): Promise<number | null>
  createSession(userId: number, tokenHash: string, expiresAt: Date): Promise<void>
  findSession(tokenHash: string, now: Date): Promise<number | null>
  deleteSession(tokenHash: string): Promise<void>
  /** Deletes expired tokens and sessions; returns how many. */
  purge(now: Date): Promise<number>
}
