// Telegram's 429s on the shared Pacer: a grammY API transformer that, when the
// Bot API answers 429, holds Telegram for its retry_after in every process
// (pacer.rateLimited), waits the hold out here too by taking a fresh slot for
// the same chat, and sends the same call again. The call is only ever made
// again after a refusal, so nothing is sent twice; after `maxWaits` refusals
// in a row it throws PlatformRateLimitedError for the job to retry later.
import type { Transformer } from 'grammy'
import { type Pacer, PlatformRateLimitedError } from '../../domain/pacing'

/** 429s waited out for one call before it gives up. */
export const MAX_RATE_LIMIT_WAITS = 5

export function pacedRetry(pacer: Pacer, maxWaits = MAX_RATE_LIMIT_WAITS): Transformer {
  return async (prev, method, payload, signal) => {
    for (let waits = 0; ; waits++) {
      const res = await prev(method, payload, signal)
      if (res.ok || res.error_code !== 429) return res
      const retryAfterMs = Math.max(1, res.parameters?.retry_after ?? 1) * 1000
      await pacer.rateLimited({ platform: 'TELEGRAM', retryAfterMs })
      if (waits >= maxWaits) throw new PlatformRateLimitedError('TELEGRAM', retryAfterMs)
      const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id
      await pacer.acquire({ platform: 'TELEGRAM', chat: chatId === undefined ? '' : String(chatId) }, signal ? { signal: signal as AbortSignal } : {})
    }
  }
}
