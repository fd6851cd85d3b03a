import type { UploadedFile } from '../telegram/multipart'
import type { RateLimiter } from './rate-limit'
import type { SimState } from './state'

/** Sends gateway events to the sessions that should see them. */
export interface Dispatcher {
  /** Dispatches to the shard owning `guildId` (shard 0 for DMs when undefined), respecting intents. */
  dispatch(event: string, data: Record<string, unknown>, guildId?: string): void
}

/** What routes and actors share. */
export interface SimContext {
  state: SimState
  token: string
  limiter: RateLimiter
  gateway: Dispatcher
  /** http://127.0.0.1:PORT (attachment URLs are built on it). */
  baseUrl: () => string
  /** ws://127.0.0.1:PORT/gateway */
  gatewayUrl: () => string
  /** `shards` returned by GET /gateway/bot. */
  recommendedShards: () => number
  /** IDENTIFYs so far (session_start_limit.remaining). */
  identifyCount: () => number
  /** Interactions must be acknowledged within this many ms (Discord: 3000). */
  interactionDeadlineMs: number
  /** Interaction tokens stay valid this long for follow-ups (Discord: 15 min). */
  interactionTokenTtlMs: number
}

export interface RouteRequest {
  ctx: SimContext
  params: Record<string, string>
  query: URLSearchParams
  /** JSON body (an object, or an array for bulk routes), or payload_json of a multipart body. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any
  /** Uploaded files by form field name (files[0], files[1], ...). */
  files: Map<string, UploadedFile>
}

/** A route handler's answer; `body` undefined means 204 No Content. */
export interface RouteResult {
  status?: number
  body?: unknown
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** e.g. /channels/:channel_id/messages */
  pattern: string
  /** 'bot': needs `Authorization: Bot <token>`; 'none': authorised by a token in the path. */
  auth: 'bot' | 'none'
  handler: (req: RouteRequest) => RouteResult | Promise<RouteResult>
}
