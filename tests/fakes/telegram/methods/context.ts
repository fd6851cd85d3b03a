import type { UrlPolicy } from '../files'
import type { Params } from '../params'
import type { LimitKind, RateLimiter } from '../rate-limit'
import type { SimState } from '../state'
import type { UpdateQueue } from '../updates'
import { tooManyRequests } from '../errors'

/** What a Bot API method handler gets. Handlers throw ApiError to fail. */
export interface MethodContext {
  params: Params
  state: SimState
  updates: UpdateQueue
  limiter: RateLimiter
  urlPolicy: UrlPolicy
  /** Registers a callback run when the HTTP client goes away (long polls). */
  onAbort(fn: () => void): void
}

export type MethodHandler = (ctx: MethodContext) => unknown

/** Consumes rate-limit capacity for `chatId` or throws 429 with retry_after. */
export function rateLimit(ctx: MethodContext, chatId: number, kind: LimitKind, cost = 1) {
  const wait = ctx.limiter.acquire(chatId, kind, cost)
  if (wait > 0) throw tooManyRequests(wait)
}
