// The `api` role: serves the HTTP API (and, in webhook mode, Telegram's webhook).
import type { AppContext } from '../context'
import type { RunningRole } from '../roles/types'
import { MAX_BODY_BYTES, createApi } from '.'
import type { ApiDeps } from './context'

export { MAX_BODY_BYTES }
/** The server's hard stop for bodies that do not declare their size; the API answers declared ones itself. */
const SERVER_BODY_LIMIT = 4 * MAX_BODY_BYTES

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

export async function startApiRole(ctx: AppContext, extraRoutes: ApiDeps['extraRoutes'] = []): Promise<RunningRole & { port: number }> {
  const app = createApi(apiDeps(ctx, extraRoutes)).listen({ port: ctx.config.port, hostname: '0.0.0.0', maxRequestBodySize: SERVER_BODY_LIMIT })
  const port = app.server?.port ?? ctx.config.port
  ctx.logger.info({ role: 'api', port }, 'api listening')
  return {
    name: 'api',
    port,
    async stop() {
      await app.stop()
    },
  }
}
