// Builds the course-chat relay on an AppContext: the router (inbound, used by
// the api role's web room and the bot roles), the room bus, and, given chat
// adapters, the outbound relay workers. Like context.ts, it wires infra to
// bridge; roles call it.
import { Deliverer } from './bridge/delivery'
import type { ChatAdapter, RoomBus } from './bridge/ports'
import { RelayRouter } from './bridge/router'
import type { AppContext } from './context'
import type { Platform } from './domain/types'
import { PrismaMessageIdMap } from './infra/prisma/message-id-map'
import { BullRelayQueue, startRelayWorkers } from './infra/relay-queue'
import { RedisRoomBus } from './infra/room-bus'

export interface Relay {
  router: RelayRouter
  bus: RoomBus
  close(): Promise<void>
}

export function createRelay(ctx: AppContext): Relay {
  const queue = new BullRelayQueue(ctx.redis)
  const bus = new RedisRoomBus(ctx.redis)
  const router = new RelayRouter({ rooms: ctx.domain.rooms, accounts: ctx.domain.accounts, ids: new PrismaMessageIdMap(ctx.db.prisma), bus, queue })
  return { router, bus, close: () => queue.close() }
}

/** Delivers queued ops to the platforms that have an adapter (the worker role, once the bots provide adapters). */
export function startRelayDelivery(ctx: AppContext, adapters: ChatAdapter[], opts: Pick<Parameters<typeof startRelayWorkers>[0], 'concurrency' | 'onDelivered' | 'recoveryMs'> = {}) {
  const map = new Map<Platform, ChatAdapter>(adapters.map((a) => [a.platform, a]))
  const deliverer = new Deliverer({ rooms: ctx.domain.rooms, ids: new PrismaMessageIdMap(ctx.db.prisma), adapters: map })
  return startRelayWorkers({ redis: ctx.redis, deliverer, logger: ctx.logger, platforms: [...map.keys()], ...opts })
}
