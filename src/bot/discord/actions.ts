// Component actions (buttons, select menus). custom_ids are signed for the user
// they are shown to with the shared codec (shared/callback-data.ts): the router
// refuses expired, foreign and forged ones before any handler runs.
import { CallbackCodec } from '../shared/callback-data'

export const Action = {
  course: 'k', // k:<courseRef>            show a course card
  pickCourse: 'K', // K (select menu; the value is a course ref)
  enrol: 'e', // e:<courseRef>
  content: 'c', // c:<contentId>           send this lesson
  next: 'n', // n:<contentId>              done, then the next one
  prev: 'p', // p:<contentId>
  quiz: 'q', // q:<contentId>:<option>
} as const

export type ActionName = (typeof Action)[keyof typeof Action]

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
  return /^[A-Za-z0-9_.-]{1,40}$/.test(course.slug) && !course.slug.startsWith('.') ? course.slug : `.${course.id}`
}
