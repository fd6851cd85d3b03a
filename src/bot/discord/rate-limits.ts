// Discord's 429s on the shared Pacer. discord.js's REST client waits a 429
// out and sends the same request again (nothing lost, nothing twice), but only
// in its own process; this listener also holds the shared pacer, so every
// worker process pauses: the whole platform for a global 429, the `dm-channel`
// route for a 429 on opening a DM channel. A 429 of one channel's bucket
// concerns that channel only (one job sends to it at a time) and is left to
// discord.js.
import { type REST, RESTEvents } from 'discord.js'
import { type Pacer } from '../../domain/pacing'
import type { Logger } from '../../infra/logger'

/** The pacer's route for opening a DM channel (POST /users/@me/channels), a bucket of its own. */
export const DM_CHANNEL_ROUTE = 'dm-channel'

export function reportRateLimits(rest: REST, pacer: Pacer, log: Logger): void {
  rest.on(RESTEvents.Response, (request, response) => {
    if (response.status !== 429) return
    const seconds = Number(response.headers.get('retry-after'))
    const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000
    const global = response.headers.get('x-ratelimit-global') === 'true' || response.headers.get('x-ratelimit-scope') === 'global'
    const route = request.route.endsWith('/users/@me/channels') ? DM_CHANNEL_ROUTE : undefined
    log.warn({ route: request.route, method: request.method, retryAfterMs, global }, 'discord answered 429')
    if (!global && !route) return
    pacer.rateLimited({ platform: 'DISCORD', retryAfterMs, ...(global ? {} : { route }) }).catch((err) => log.error({ err }, 'could not report a Discord 429 to the pacer'))
  })
}
