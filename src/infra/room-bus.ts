// Live room events over Redis pub/sub: one channel per installation (the
// Redis key prefix is part of its name; ioredis does not prefix channels).
// Delivery to sockets is best effort: a socket that missed an event fills the
// gap from history when it reconnects.
import type { RoomBus, RoomEvent } from '../bridge/ports'
import type { RedisConnections } from './redis'

export function roomEventsChannel(redis: Pick<RedisConnections, 'prefix'>): string {
  return `${redis.prefix}rooms:events`
}

export class RedisRoomBus implements RoomBus {
  private readonly channel: string

  constructor(private readonly redis: RedisConnections) {
    this.channel = roomEventsChannel(redis)
  }

  async publish(event: RoomEvent): Promise<void> {
    await this.redis.client.publish(this.channel, JSON.stringify(event))
  }

  async subscribe(listener: (event: RoomEvent) => void): Promise<() => Promise<void>> {
    const subscriber = this.redis.duplicate()
    subscriber.on('message', (channel: string, raw: string) => {
      if (channel !== this.channel) return
      let event: RoomEvent
      try {
        event = reviveEvent(JSON.parse(raw))
      } catch {
        return
      }
      listener(event)
    })
    await subscriber.subscribe(this.channel)
    return async () => {
      await subscriber.quit().catch(() => subscriber.disconnect())
    }
  }
}

function reviveEvent(e: RoomEvent): RoomEvent {
  if (e.type === 'deleted') return e
  const m = e.message
  m.createdAt = new Date(m.createdAt)
  m.editedAt = m.editedAt ? new Date(m.editedAt) : null
  m.deletedAt = m.deletedAt ? new Date(m.deletedAt) : null
  return e
}
