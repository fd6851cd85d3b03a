// Component actions. The flow's buttons use the shared codes
// (shared/flow-actions.ts); the Discord-only ones are here. Every custom_id is
// signed for the user it is shown to with the shared codec (100 bytes): the
// router refuses expired, foreign and forged ones before any handler runs.
import { CallbackCodec } from '../shared/callback-data'

export const DiscordAction = {
  pickCourse: 'K', // K (a select menu; the value is a course ref)
} as const

/** Discord's custom_id limit. */
export const CUSTOM_ID_BYTES = 100

/** Derives the signing secret from the session secret and the bot token. */
export function discordCodecFor(sessionSecret: string, token: string): CallbackCodec {
  return new CallbackCodec(`${sessionSecret}|discord|${token}`, CUSTOM_ID_BYTES)
}

/**
 * How components name a course: its slug when it fits a custom_id argument,
 * else "." and its id (the same scheme as the Telegram bot).
 */
export function courseRef(course: { id: number; slug: string }): string {
  return /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,39}$/.test(course.slug) ? course.slug : `.${course.id}`
}
