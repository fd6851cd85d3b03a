// The `api` role: serves the HTTP API (and, in webhook mode, Telegram's webhook).
import type { AppContext } from '../context'
import type { RunningRole } from '../roles/types'
import { MAX_BODY_BYTES, createApi } from '.'
import type { ApiDeps } from './context'
import { createRelay } from '../relay'
import { RoomHub } from './rooms/hub'

export { MAX_BODY_BYTES }
/** The server's hard stop for bodies that do not declare their size; the API answers declared ones itself. */
const SERVER_BODY_LIMIT = 4 * MAX_BODY_BYTES
/** The largest web room socket frame (a 4096-character message in UTF-8, with room to spare). */
export const MAX_SOCKET_FRAME_BYTES = 64 * 1024

export function apiDeps(ctx: AppContext, extraRoutes: ApiDeps['extraRoutes'] = []): ApiDeps {
  return {
    domain: ctx.domain,
    files: ctx.files,
    logger: ctx.logger.child({ role: 'api' }),
    health: [
      { name: 'database', check: () => ctx.db.ping() },
      { name: 'redis', check: () => ctx.redis.ping() },
    ],
    publicUrl: ctx.config.publicUrl,
    extraRoutes,
  }
}

export async function startApiRole(ctx: AppContext, extraRoutes: ApiDeps['extraRoutes'] = []): Promise<RunningRole & { port: number; hub: RoomHub }> {
  // the web room: its sockets get every room event of the installation through the room bus
  const relay = createRelay(ctx)
  const hub = new RoomHub(relay.bus)
  await hub.start()
  const app = createApi({ ...apiDeps(ctx, extraRoutes), rooms: { router: relay.router, hub } }).listen({
    port: ctx.config.port,
    hostname: '0.0.0.0',
    maxRequestBodySize: SERVER_BODY_LIMIT,
    // a room frame is one message of at most 4096 characters: anything much larger is cut off
    websocket: { maxPayloadLength: MAX_SOCKET_FRAME_BYTES },
  })
  const port = app.server?.port ?? ctx.config.port
  ctx.logger.info({ role: 'api', port }, 'api listening')
  return {
    name: 'api',
    port,
    hub,
    async stop() {
      await hub.close()
      await app.stop()
      await relay.close()
    },
  }
}
