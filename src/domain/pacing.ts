// The Pacer port: one pacing scheme shared by every process that talks to a
// chat platform, so that all of them together stay under its rate limits.
// src/infra/pacer.ts keeps it in Redis; the limits are the platform's.
import type { MessagingPlatform } from './delivery/profile'

/** Platforms whose sends are paced (the web room has no outside limit). */
export type PacedPlatform = MessagingPlatform

export interface PaceRequest {
  platform: PacedPlatform
  /** The chat (Telegram chat id, Discord channel or user id) the request goes to. */
  chat: string
  /**
   * A rate-limit bucket of its own beside the platform's global and per-chat
   * limits (Discord: `dm-channel` for opening a DM channel; a route a 429 named).
   */
  route?: string
}

export type PaceDecision =
  /** `at`: the grant's time on the pacer's shared clock (ms). */
  | { granted: true; at: number }
  | { granted: false; waitMs: number; reason: 'paused' | 'global' | 'chat' | 'group' | 'route' }

export interface Pacer {
  /** Takes a send slot if one is free now; otherwise says how long to wait. */
  tryAcquire(request: PaceRequest): Promise<PaceDecision>
  /** Waits until a send may go and takes the slot. Rejects when `signal` aborts. */
  acquire(request: PaceRequest, opts?: { signal?: AbortSignal }): Promise<{ at: number }>
  /**
   * The platform answered 429 with retry_after: every process holds that
   * platform (or only `route`, for a route's bucket) for `retryAfterMs`.
   */
  rateLimited(input: { platform: PacedPlatform; retryAfterMs: number; route?: string }): Promise<void>
  /** How long the platform (or route) is still held by a 429, in ms (0: not held). */
  heldFor(platform: PacedPlatform, route?: string): Promise<number>
  /**
   * The interval between two sends at the platform's overall limit (ms): a
   * fan-out spreads its sends by it, so that jobs reach the workers about when
   * a slot is free instead of holding worker slots while they wait.
   */
  spacingMs(platform: PacedPlatform): number
}

/**
 * A platform answered 429 (a Messenger throws it when its client gives up
 * waiting): the delivery engine reports it to the Pacer, so every process
 * holds that platform (or `route` only) for `retryAfterMs`, then tries again.
 */
export class PlatformRateLimitedError extends Error {
  constructor(
    readonly platform: PacedPlatform,
    readonly retryAfterMs: number,
    readonly route?: string,
  ) {
    super(`${platform} rate limit: retry after ${retryAfterMs} ms${route ? ` (${route})` : ''}`)
    this.name = 'PlatformRateLimitedError'
  }
}
