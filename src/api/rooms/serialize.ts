// Room messages and events as the web page receives them.
import { placeholder } from '../../bridge/message'
import type { RoomEvent } from '../../bridge/ports'
import type { RoomMessage } from '../../domain/rooms.types'
import type { RoomMessageJson } from './model'

export function roomMessageJson(m: RoomMessage): RoomMessageJson {
  const deleted = m.deletedAt !== null
  return {
    id: m.id,
    author: { id: m.author.id, name: m.author.name },
    platform: m.origin.platform,
    kind: m.kind,
    // a deleted message keeps its place in the list, not its words
    text: deleted ? '' : m.text,
    entities: deleted ? [] : m.entities,
    placeholder: deleted ? '' : placeholder(m.kind, m.attachments),
    replyToId: m.replyToId,
    createdAt: m.createdAt.toISOString(),
    editedAt: m.editedAt ? m.editedAt.toISOString() : null,
    deleted,
  }
}

export function eventFrame(e: RoomEvent): string {
  if (e.type === 'deleted') return JSON.stringify({ type: 'deleted', id: e.messageId })
  return JSON.stringify({ type: e.type, message: roomMessageJson(e.message) })
}
