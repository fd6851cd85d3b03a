// Course chat rooms: who may enter (actively enrolled students, the course's
// authors and admins: the same rule as reading the course), who may post
// (members who are not muted; a muted member is told why once), edit and delete
// (their own messages; the course's authors and admins delete any and mute),
// and who binds a room to a Telegram group or a Discord channel (the course's
// authors and admins). The relay (src/bridge) calls this for every message.
import type { CatalogService } from './catalog.service'
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from './errors'
import type { JobQueue } from './jobs'
import type { Clock, CourseRepository } from './ports'
import type { NewRoomMessage, RoomRepository } from './rooms.ports'
import {
  type Attachment, BOUND_PLATFORMS, type BoundPlatform, ENTITY_TYPES, MESSAGE_KINDS, type MessageKind, type MessageOrigin, type Room,
  type RoomBinding, type RoomMessage, type TextEntity,
} from './rooms.types'
import type { Actor, Course } from './types'

export interface RoomsDeps {
  courses: CourseRepository
  rooms: RoomRepository
  catalog: CatalogService
  clock: Clock
  /** Queues `rooms.mute-sync` after a mute or unmute (the member restricted in the bound chats); absent in tools without a queue. */
  jobs?: JobQueue
}

/** Longest message text kept (Telegram's own limit); longer text is refused on the web and cut from platforms. */
export const MAX_MESSAGE_LENGTH = 4096
export const MAX_ATTACHMENTS = 10
export const MAX_ENTITIES = 100
export const HISTORY_PAGE_MAX = 200
const MAX_NAME_LENGTH = 64
const MAX_REASON_LENGTH = 200

export interface RoomModeration {
  room: Room
  bindings: Array<{ platform: BoundPlatform; chatId: string }>
  mutes: Array<{ userId: number; name: string | null; reason: string; since: Date }>
  messages: RoomMessage[]
}

export interface PostInput {
  origin: MessageOrigin
  /** Display name as the platform shows it; the user's profile name when omitted. */
  authorName: string
  kind?: MessageKind
  text: string
  entities?: TextEntity[]
  replyToId?: number | null
  attachments?: Attachment[]
}

export type PostResult =
  /** Stored now: relay it. */
  | { status: 'stored'; message: RoomMessage }
  /** Stored before (the same origin message, seen by another relay process): do not relay again. */
  | { status: 'duplicate'; message: RoomMessage }
  /** Not stored, not relayed. `tell` is true the first time, so the member is told why once. */
  | { status: 'muted'; reason: string; tell: boolean }

export class RoomsService {
  constructor(private readonly deps: RoomsDeps) {}

  // ---- entering

  /** The course and its room, if the actor may be in it (enrolled, an author of it, or an admin). */
  async enter(actor: Actor, courseSlug: string): Promise<{ course: Course; room: Room }> {
    const found = await this.deps.courses.findCourseBySlug(courseSlug)
    if (!found) throw new NotFoundError('Course', { course: courseSlug })
    const course = await this.deps.catalog.requireReadable(found.id, actor)
    return { course, room: await this.deps.rooms.ensureRoom(course.id) }
  }

  /** The room's course, if the actor may be in it. */
  async enterRoom(actor: Actor, roomId: number): Promise<{ course: Course; room: Room }> {
    const room = await this.requireRoom(roomId)
    return { course: await this.deps.catalog.requireReadable(room.courseId, actor), room }
  }

  /** Whether the actor may be in the room now (enrolments end; authors are demoted). */
  async isMember(actor: Actor, roomId: number): Promise<boolean> {
    try {
      await this.enterRoom(actor, roomId)
      return true
    } catch (err) {
      if (err instanceof DomainError && err.code !== 'invalid') return false
      throw err
    }
  }

  roomOfCourse(courseId: number): Promise<Room> {
    return this.deps.rooms.ensureRoom(courseId)
  }

  /** Recent history (newest last), or the messages after `afterId` (to fill a reconnect's gap). */
  async history(actor: Actor, roomId: number, opts: { afterId?: number; beforeId?: number; limit?: number } = {}): Promise<RoomMessage[]> {
    await this.enterRoom(actor, roomId)
    const limit = Math.min(Math.max(1, opts.limit ?? 50), HISTORY_PAGE_MAX)
    return this.deps.rooms.listMessages(roomId, { afterId: opts.afterId, beforeId: opts.beforeId, limit })
  }

  getMessage(id: number): Promise<RoomMessage | null> {
    return this.deps.rooms.findMessage(id)
  }

  findByOrigin(origin: MessageOrigin): Promise<RoomMessage | null> {
    return this.deps.rooms.findByOrigin(origin)
  }

  // ---- posting

  /**
   * Stores a member's message once per origin message. Refuses non-members
   * (NotEnrolled/NotFound/Forbidden), refuses invalid input (ValidationError),
   * and answers `muted` for a muted member.
   */
  async post(actor: Actor, roomId: number, input: PostInput): Promise<PostResult> {
    const { room } = await this.enterRoom(actor, roomId)
    const message = this.checkedMessage(room.id, actor.id, input)
    const mute = await this.deps.rooms.findMute(room.id, actor.id)
    if (mute) {
      const tell = await this.deps.rooms.claimMuteNotice(room.id, actor.id, this.deps.clock.now())
      return { status: 'muted', reason: mute.reason, tell }
    }
    if (message.replyToId != null) {
      const target = await this.deps.rooms.findMessage(message.replyToId)
      if (!target || target.roomId !== room.id) message.replyToId = null
    }
    const { message: stored, created } = await this.deps.rooms.insertMessage(message)
    return created ? { status: 'stored', message: stored } : { status: 'duplicate', message: stored }
  }

  /** The author edits their own message; null when nothing changed (an edit seen twice). */
  async edit(actor: Actor, messageId: number, text: string, entities: TextEntity[] = []): Promise<RoomMessage | null> {
    const message = await this.requireMessage(messageId)
    await this.enterRoom(actor, message.roomId)
    if (message.author.id !== actor.id) throw new ForbiddenError('Only its author can edit a message')
    if (message.deletedAt) throw new NotFoundError('Message', { message: messageId })
    const clean = cleanText(text)
    if (!clean && message.attachments.length === 0) throw new ValidationError('An edit needs some text; delete the message instead', { field: 'text' })
    checkLength(clean)
    if ((await this.deps.rooms.findMute(message.roomId, actor.id)) !== null) throw new ForbiddenError('You are muted in this room')
    return this.deps.rooms.updateText(messageId, clean, checkedEntities(entities, clean), this.deps.clock.now())
  }

  /** Deletes a message everywhere: its author, or a moderator of the course. Null when it was deleted already. */
  async remove(actor: Actor, messageId: number): Promise<RoomMessage | null> {
    const message = await this.requireMessage(messageId)
    const { course } = await this.enterRoom(actor, message.roomId)
    if (message.author.id !== actor.id && !(await this.deps.catalog.isCourseStaff(course.id, actor)))
      throw new ForbiddenError("Only its author or the course's authors can delete a message")
    return this.deps.rooms.markDeleted(messageId, this.deps.clock.now())
  }

  /** The original was deleted on the platform it was posted on (by its author or that chat's moderators). Null when it already was. */
  removeAtOrigin(messageId: number): Promise<RoomMessage | null> {
    return this.deps.rooms.markDeleted(messageId, this.deps.clock.now())
  }

  // ---- moderation

  async mute(actor: Actor, roomId: number, userId: number, reason = ''): Promise<void> {
    const room = await this.requireModerator(actor, roomId)
    if (userId === actor.id) throw new ValidationError('You cannot mute yourself', { reason: 'muteSelf' })
    const trimmed = reason.trim().slice(0, MAX_REASON_LENGTH)
    await this.deps.rooms.upsertMute({ roomId: room.id, userId, mutedById: actor.id, reason: trimmed })
    await this.deps.jobs?.enqueue('rooms.mute-sync', { roomId: room.id, userId })
  }

  /** Unmutes; false when the member was not muted. */
  async unmute(actor: Actor, roomId: number, userId: number): Promise<boolean> {
    await this.requireModerator(actor, roomId)
    const unmuted = await this.deps.rooms.deleteMute(roomId, userId)
    if (unmuted) await this.deps.jobs?.enqueue('rooms.mute-sync', { roomId, userId })
    return unmuted
  }

  /**
   * What a course's authors moderate, for the author panel: the course's room,
   * the chats it is bound to (ids only: a Discord webhook's token never leaves
   * the server), its muted members and its recent history (newest last).
   */
  async moderation(actor: Actor, courseId: number, opts: { limit?: number } = {}): Promise<RoomModeration> {
    const course = await this.deps.courses.findCourseById(courseId)
    if (!course) throw new NotFoundError('Course', { course: courseId })
    const room = await this.deps.rooms.ensureRoom(course.id)
    await this.requireModerator(actor, room.id)
    const [bindings, mutes, messages] = await Promise.all([
      this.deps.rooms.listBindings(room.id),
      this.deps.rooms.listMutes(room.id),
      this.deps.rooms.listMessages(room.id, { limit: Math.min(Math.max(1, opts.limit ?? 50), HISTORY_PAGE_MAX) }),
    ])
    return {
      room,
      bindings: bindings.map((b) => ({ platform: b.platform, chatId: b.chatId })),
      mutes: mutes.map((m) => ({ userId: m.userId, name: m.name, reason: m.reason, since: m.createdAt })),
      messages,
    }
  }

  /** A message of the course's room (for moderation from the course's page); NotFound for any other. */
  async messageOfCourse(courseId: number, messageId: number): Promise<RoomMessage> {
    const message = await this.deps.rooms.findMessage(messageId)
    const room = message ? await this.deps.rooms.findRoom(message.roomId) : null
    if (!message || room?.courseId !== courseId) throw new NotFoundError('Message', { message: messageId })
    return message
  }

  async isMuted(roomId: number, userId: number): Promise<boolean> {
    return (await this.deps.rooms.findMute(roomId, userId)) !== null
  }

  // ---- bindings

  /** Binds the course's room to a Telegram group or a Discord channel (a chat belongs to one room; re-binding moves it). */
  async bind(actor: Actor, courseId: number, input: { platform: BoundPlatform; chatId: string; webhookId?: string | null; webhookToken?: string | null }): Promise<RoomBinding> {
    if (!BOUND_PLATFORMS.includes(input.platform)) throw new ValidationError('A room binds to a Telegram group or a Discord channel', { field: 'platform', reason: 'platformChoice' })
    const chatId = input.chatId.trim()
    if (!/^-?\d{1,25}$/.test(chatId)) throw new ValidationError('chatId must be the numeric id of the group or channel', { field: 'chatId' })
    const course = await this.deps.courses.findCourseById(courseId)
    if (!course) throw new NotFoundError('Course')
    if (!(await this.deps.catalog.isCourseStaff(course.id, actor))) throw new ForbiddenError("Only the course's authors can bind its room")
    const existing = await this.deps.rooms.findBinding(input.platform, chatId)
    if (existing) {
      const other = await this.deps.rooms.findRoom(existing.roomId)
      if (other && other.courseId !== course.id && !(await this.deps.catalog.isCourseStaff(other.courseId, actor)))
        throw new ForbiddenError("This chat is bound to another course's room")
    }
    const room = await this.deps.rooms.ensureRoom(course.id)
    return this.deps.rooms.upsertBinding({
      roomId: room.id,
      platform: input.platform,
      chatId,
      webhookId: input.webhookId ?? null,
      webhookToken: input.webhookToken ?? null,
      createdById: actor.id,
    })
  }

  /** Unbinds a chat; false when it was not bound. */
  async unbind(actor: Actor, platform: BoundPlatform, chatId: string): Promise<boolean> {
    const binding = await this.deps.rooms.findBinding(platform, chatId)
    if (!binding) return false
    await this.requireModerator(actor, binding.roomId)
    return this.deps.rooms.deleteBinding(platform, chatId)
  }

  /**
   * The platform moved a bound chat to a new id (Telegram upgrades a basic group
   * to a supergroup): the binding follows. Not a user's action: only the
   * platform's own update calls it. Null when the old chat was not bound.
   */
  async moveBinding(platform: BoundPlatform, fromChatId: string, toChatId: string): Promise<RoomBinding | null> {
    const old = await this.deps.rooms.findBinding(platform, fromChatId)
    if (!old) return null
    if (!/^-?\d{1,25}$/.test(toChatId)) throw new ValidationError('chatId must be the numeric id of the group or channel', { field: 'chatId' })
    const moved = await this.deps.rooms.upsertBinding({ roomId: old.roomId, platform, chatId: toChatId, webhookId: old.webhookId, webhookToken: old.webhookToken, createdById: null })
    await this.deps.rooms.deleteBinding(platform, fromChatId)
    return moved
  }

  bindingFor(platform: BoundPlatform, chatId: string): Promise<RoomBinding | null> {
    return this.deps.rooms.findBinding(platform, chatId)
  }

  bindings(roomId: number): Promise<RoomBinding[]> {
    return this.deps.rooms.listBindings(roomId)
  }

  // ---- helpers

  private async requireRoom(roomId: number): Promise<Room> {
    const room = await this.deps.rooms.findRoom(roomId)
    if (!room) throw new NotFoundError('Room', { room: roomId })
    return room
  }

  private async requireMessage(id: number): Promise<RoomMessage> {
    const message = await this.deps.rooms.findMessage(id)
    if (!message) throw new NotFoundError('Message', { message: id })
    return message
  }

  private async requireModerator(actor: Actor, roomId: number): Promise<Room> {
    const room = await this.requireRoom(roomId)
    if (!(await this.deps.catalog.isCourseStaff(room.courseId, actor))) throw new ForbiddenError("Only the course's authors can moderate its room")
    return room
  }

  private checkedMessage(roomId: number, authorId: number, input: PostInput): NewRoomMessage {
    const kind = input.kind ?? 'text'
    if (!MESSAGE_KINDS.includes(kind)) throw new ValidationError(`unknown message kind ${String(kind)}`, { field: 'kind' })
    const attachments = (input.attachments ?? []).slice(0, MAX_ATTACHMENTS).map(checkedAttachment)
    const text = cleanText(input.text)
    checkLength(text)
    if (!text && attachments.length === 0 && kind === 'text') throw new ValidationError('A message needs some text', { field: 'text' })
    const origin = {
      platform: input.origin.platform,
      chatId: String(input.origin.chatId).slice(0, 100),
      messageId: String(input.origin.messageId).slice(0, 100),
    }
    if (!origin.chatId || !origin.messageId) throw new ValidationError('A message needs its origin chat and message ids', { field: 'origin' })
    return {
      roomId,
      origin,
      authorId,
      authorName: cleanName(input.authorName),
      kind,
      text,
      entities: checkedEntities(input.entities ?? [], text),
      replyToId: input.replyToId ?? null,
      attachments,
    }
  }
}

/** Text as stored: no NUL or other C0 controls except tab and newline; CRLF as LF. */
function cleanText(text: string): string {
  return String(text ?? '').replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').replace(/^\s+$/, '')
}

function checkLength(text: string): void {
  if (text.length > MAX_MESSAGE_LENGTH)
    throw new ValidationError(`A message can be at most ${MAX_MESSAGE_LENGTH} characters`, { field: 'text', max: MAX_MESSAGE_LENGTH })
}

function cleanName(name: string): string {
  const clean = cleanText(name).replace(/\s+/g, ' ').trim()
  return (clean || 'Someone').slice(0, MAX_NAME_LENGTH)
}

/** Entities that fit the text, of known types, links only to http(s); anything else is dropped. */
function checkedEntities(entities: TextEntity[], text: string): TextEntity[] {
  const out: TextEntity[] = []
  for (const e of entities.slice(0, MAX_ENTITIES)) {
    if (!e || !ENTITY_TYPES.includes(e.type)) continue
    if (!Number.isInteger(e.offset) || !Number.isInteger(e.length) || e.offset < 0 || e.length <= 0 || e.offset + e.length > text.length) continue
    if (e.type === 'link') {
      if (typeof e.url !== 'string' || !/^https?:\/\/[^\s]{1,2000}$/i.test(e.url)) continue
      out.push({ type: 'link', offset: e.offset, length: e.length, url: e.url })
    } else out.push({ type: e.type, offset: e.offset, length: e.length })
  }
  return out
}

function checkedAttachment(a: Attachment): Attachment {
  const kind = MESSAGE_KINDS.includes(a.kind) && a.kind !== ('text' as string) ? a.kind : 'other'
  const out: Attachment = { kind, name: cleanName(a.name || kind).slice(0, 200) }
  if (a.mimeType && /^[\w.+-]+\/[\w.+-]+$/.test(a.mimeType)) out.mimeType = a.mimeType
  if (Number.isInteger(a.size) && a.size! >= 0) out.size = a.size
  if (a.platformFileId && a.platformFileId.length <= 300) out.platformFileId = a.platformFileId
  if (a.url && /^https?:\/\/[^\s]{1,2000}$/i.test(a.url)) out.url = a.url
  return out
}
