// The web sockets of this api process, by room. One subscription to the room
// bus per process: every process sees every event and passes it to its own
// sockets, so a message reaches sockets on any process behind the load balancer.
import type { RoomBus } from '../../bridge/ports'
import { eventFrame } from './serialize'

export interface HubSocket {
  readonly id: string
  send(data: string): unknown
  close(code: number, reason: string): unknown
}

export class RoomHub {
  private readonly rooms = new Map<number, Map<string, HubSocket>>()
  private unsubscribe?: () => Promise<void>

  constructor(private readonly bus: RoomBus) {}

  async start(): Promise<void> {
    this.unsubscribe = await this.bus.subscribe((event) => {
      const sockets = this.rooms.get(event.roomId)
      if (!sockets?.size) return
      const frame = eventFrame(event)
      for (const socket of sockets.values()) socket.send(frame)
    })
  }

  join(roomId: number, socket: HubSocket): void {
    let sockets = this.rooms.get(roomId)
    if (!sockets) this.rooms.set(roomId, (sockets = new Map()))
    sockets.set(socket.id, socket)
  }

  leave(roomId: number, socketId: string): void {
    const sockets = this.rooms.get(roomId)
    sockets?.delete(socketId)
    if (sockets && sockets.size === 0) this.rooms.delete(roomId)
  }

  /** Sockets open in this process (tests, metrics). */
  size(): number {
    let n = 0
    for (const s of this.rooms.values()) n += s.size
    return n
  }

  /** Stops listening and closes this process's sockets (1001: the pages reconnect, to another process if there is one). */
  async close(): Promise<void> {
    await this.unsubscribe?.()
    for (const sockets of this.rooms.values()) for (const socket of sockets.values()) socket.close(1001, 'server restarting')
    this.rooms.clear()
  }
}
