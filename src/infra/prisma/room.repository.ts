// Rooms, bindings, history, mutes and web sign-in tokens in PostgreSQL.
import type { NewRoomMessage, RoomRepository, WebAuthRepository } from '../../domain/rooms.ports'
import type { Attachment, BoundPlatform, MessageOrigin, RoomBinding, RoomMessage, TextEntity } from '../../domain/rooms.types'
import type { Platform } from '../../domain/types'
import type { Prisma } from '../database'

interface MessageRow {
  id: number
  roomId: number
  originPlatform: Platform
  originChatId: string
  originMessageId: string
  authorId: number | null
  authorName: string
  kind: string
  text: string
  entities: unknown
  replyToId: number | null
  attachments: unknown
  createdAt: Date
  editedAt: Date | null
  deletedAt: Date | null
}

export function toRoomMessage(r: MessageRow): RoomMessage {
  return {
    id: r.id,
    roomId: r.roomId,
    origin: { platform: r.originPlatform, chatId: r.originChatId, messageId: r.originMessageId },
    author: { id: r.authorId, name: r.authorName },
    kind: r.kind as RoomMessage['kind'],
    text: r.text,
    entities: (Array.isArray(r.entities) ? r.entities : []) as TextEntity[],
    replyToId: r.replyToId,
    attachments: (Array.isArray(r.attachments) ? r.attachments : []) as Attachment[],
    createdAt: r.createdAt,
    editedAt: r.editedAt,
    deletedAt: r.deletedAt,
  }
}

const toBinding = (b: { id: number; roomId: number; platform: Platform; chatId: string; webhookId: string | null; webhookToken: string | null }): RoomBinding => ({
  id: b.id,
  roomId: b.roomId,
  platform: b.platform as BoundPlatform,
  chatId: b.chatId,
  webhookId: b.webhookId,
  webhookToken: b.webhookToken,
})

export class PrismaRoomRepository implements RoomRepository {
  constructor(private readonly db: Prisma) {}

  async ensureRoom(courseId: number) {
    const rows = await this.db.$queryRaw<Array<{ id: number; courseId: number }>>`
      INSERT INTO "Room" ("courseId") VALUES (${courseId})
      ON CONFLICT ("courseId") DO UPDATE SET "courseId" = EXCLUDED."courseId"
      RETURNING "id", "courseId"`
    return rows[0]!
  }

  findRoom(id: number) {
    return this.db.room.findUnique({ where: { id }, select: { id: true, courseId: true } })
  }

  async listBindings(roomId: number) {
    return (await this.db.roomBinding.findMany({ where: { roomId }, orderBy: { id: 'asc' } })).map(toBinding)
  }

  async findBinding(platform: BoundPlatform, chatId: string) {
    const b = await this.db.roomBinding.findUnique({ where: { platform_chatId: { platform, chatId } } })
    return b && toBinding(b)
  }

  async upsertBinding(input: Omit<RoomBinding, 'id'> & { createdById: number | null }) {
    const data = { roomId: input.roomId, webhookId: input.webhookId, webhookToken: input.webhookToken, createdById: input.createdById }
    const b = await this.db.roomBinding.upsert({
      where: { platform_chatId: { platform: input.platform, chatId: input.chatId } },
      create: { platform: input.platform, chatId: input.chatId, ...data },
      update: data,
    })
    return toBinding(b)
  }

  async deleteBinding(platform: BoundPlatform, chatId: string) {
    const { count } = await this.db.roomBinding.deleteMany({ where: { platform, chatId } })
    return count > 0
  }

  /** One statement: of two relay processes storing the same origin message, exactly one inserts. */
  async insertMessage(m: NewRoomMessage) {
    const inserted = await this.db.$queryRaw<MessageRow[]>`
      INSERT INTO "RoomMessage" ("roomId", "originPlatform", "originChatId", "originMessageId", "authorId", "authorName", "kind", "text", "entities", "replyToId", "attachments")
      VALUES (${m.roomId}, ${m.origin.platform}::"Platform", ${m.origin.chatId}, ${m.origin.messageId}, ${m.authorId}, ${m.authorName}, ${m.kind}, ${m.text},
              ${JSON.stringify(m.entities)}::jsonb, ${m.replyToId}, ${JSON.stringify(m.attachments)}::jsonb)
      ON CONFLICT ("originPlatform", "originChatId", "originMessageId") DO NOTHING
      RETURNING *`
    if (inserted[0]) return { message: toRoomMessage(inserted[0]), created: true }
    const existing = await this.findByOrigin(m.origin)
    if (!existing) throw new Error('room message vanished while it was being stored')
    return { message: existing, created: false }
  }

  async findMessage(id: number) {
    const r = await this.db.roomMessage.findUnique({ where: { id } })
    return r && toRoomMessage(r)
  }

  async findByOrigin(o: MessageOrigin) {
    const r = await this.db.roomMessage.findUnique({
      where: { originPlatform_originChatId_originMessageId: { originPlatform: o.platform, originChatId: o.chatId, originMessageId: o.messageId } },
    })
    return r && toRoomMessage(r)
  }

  async listMessages(roomId: number, opts: { afterId?: number; beforeId?: number; limit: number }) {
    const id = { ...(opts.afterId !== undefined ? { gt: opts.afterId } : {}), ...(opts.beforeId !== undefined ? { lt: opts.beforeId } : {}) }
    // after an id: the oldest ones first (the gap, in order); otherwise the newest page
    const forward = opts.afterId !== undefined
    const rows = await this.db.roomMessage.findMany({
      where: { roomId, ...(Object.keys(id).length ? { id } : {}) },
      orderBy: { id: forward ? 'asc' : 'desc' },
      take: opts.limit,
    })
    const list = rows.map(toRoomMessage)
    return forward ? list : list.reverse()
  }

  async updateText(id: number, text: string, entities: TextEntity[], at: Date) {
    const rows = await this.db.$queryRaw<MessageRow[]>`
      UPDATE "RoomMessage" SET "text" = ${text}, "entities" = ${JSON.stringify(entities)}::jsonb, "editedAt" = ${at}
      WHERE "id" = ${id} AND "deletedAt" IS NULL AND ("text" <> ${text} OR "entities" <> ${JSON.stringify(entities)}::jsonb)
      RETURNING *`
    return rows[0] ? toRoomMessage(rows[0]) : null
  }

  async markDeleted(id: number, at: Date) {
    const rows = await this.db.$queryRaw<MessageRow[]>`
      UPDATE "RoomMessage" SET "deletedAt" = ${at} WHERE "id" = ${id} AND "deletedAt" IS NULL RETURNING *`
    return rows[0] ? toRoomMessage(rows[0]) : null
  }

  findMute(roomId: number, userId: number) {
    return this.db.roomMute.findUnique({ where: { roomId_userId: { roomId, userId } } })
  }

  async upsertMute(m: { roomId: number; userId: number; mutedById: number | null; reason: string }) {
    const data = { mutedById: m.mutedById, reason: m.reason, notifiedAt: null }
    await this.db.roomMute.upsert({ where: { roomId_userId: { roomId: m.roomId, userId: m.userId } }, create: { roomId: m.roomId, userId: m.userId, ...data }, update: data })
  }

  async deleteMute(roomId: number, userId: number) {
    const { count } = await this.db.roomMute.deleteMany({ where: { roomId, userId } })
    return count > 0
  }

  async listMutes(roomId: number) {
    const mutes = await this.db.roomMute.findMany({ where: { roomId }, orderBy: { createdAt: 'desc' } })
    const profiles = await this.db.profile.findMany({ where: { userId: { in: mutes.map((m) => m.userId) } }, select: { userId: true, displayName: true } })
    const names = new Map(profiles.map((p) => [p.userId, p.displayName]))
    return mutes.map((m) => ({ ...m, name: names.get(m.userId) ?? null }))
  }

  async claimMuteNotice(roomId: number, userId: number, at: Date) {
    const { count } = await this.db.roomMute.updateMany({ where: { roomId, userId, notifiedAt: null }, data: { notifiedAt: at } })
    return count === 1
  }
}

export class PrismaWebAuthRepository implements WebAuthRepository {
  constructor(private readonly db: Prisma) {}

  async createLoginToken(userId: number, tokenHash: string, expiresAt: Date) {
    await this.db.webLoginToken.create({ data: { userId, tokenHash, expiresAt } })
  }

  async consumeLoginToken(tokenHash: string, now: Date) {
    const rows = await this.db.$queryRaw<Array<{ userId: number }>>`
      UPDATE "WebLoginToken" SET "usedAt" = ${now}
      WHERE "tokenHash" = ${tokenHash} AND "usedAt" IS NULL AND "expiresAt" > ${now}
      RETURNING "userId"`
    return rows[0]?.userId ?? null
  }

  async createSession(userId: number, tokenHash: string, expiresAt: Date) {
    await this.db.webSession.create({ data: { userId, tokenHash, expiresAt } })
  }

  async findSession(tokenHash: string, now: Date) {
    const s = await this.db.webSession.findUnique({ where: { tokenHash }, select: { userId: true, expiresAt: true } })
    return s && s.expiresAt > now ? s.userId : null
  }

  async deleteSession(tokenHash: string) {
    await this.db.webSession.deleteMany({ where: { tokenHash } })
  }

  async purge(now: Date) {
    const dayAgo = new Date(now.getTime() - 24 * 3600_000)
    const [a, b] = await Promise.all([
      this.db.webLoginToken.deleteMany({ where: { OR: [{ expiresAt: { lt: now } }, { usedAt: { lt: dayAgo } }] } }),
      this.db.webSession.deleteMany({ where: { expiresAt: { lt: now } } }),
    ])
    return a.count + b.count
  }
}
