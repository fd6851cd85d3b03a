// The relay's message-id map in PostgreSQL: one row per copy of a room message.
import type { MessageIdMap } from '../../bridge/ports'
import type { MessageCopy } from '../../domain/rooms.types'
import type { Platform } from '../../domain/types'
import type { Prisma } from '../database'

const copySelect = { messageId: true, platform: true, chatId: true, platformMessageId: true } as const

export class PrismaMessageIdMap implements MessageIdMap {
  constructor(private readonly db: Prisma) {}

  async save(copies: MessageCopy[]) {
    if (copies.length) await this.db.roomMessageCopy.createMany({ data: copies, skipDuplicates: true })
  }

  copyIn(messageId: number, platform: Platform, chatId: string) {
    return this.db.roomMessageCopy.findUnique({ where: { messageId_platform_chatId: { messageId, platform, chatId } }, select: copySelect })
  }

  async messagesOf(platform: Platform, chatId: string, platformMessageId: string) {
    const rows = await this.db.roomMessageCopy.findMany({ where: { platform, chatId, platformMessageId }, select: { messageId: true }, orderBy: { messageId: 'asc' } })
    return rows.map((r) => r.messageId)
  }
}
