// The `api` role: serves the HTTP API (and, in webhook mode, Telegram's webhook).
import type { AppContext } from '../context'
import type { RunningRole } from '../roles/types'
import { createApi } from '.'
import type { ApiDeps } from './context'

/** The API takes small JSON bodies (and Telegram updates); anything larger is refused with 413. */
export const MAX_BODY_BYTES = 1024 * 1024

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
  const app = createApi(apiDeps(ctx, extraRoutes)).listen({ port: ctx.config.port, hostname: '0.0.0.0', maxRequestBodySize: MAX_BODY_BYTES })
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
