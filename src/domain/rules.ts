// Small pure rules shared by the services.
import type { ContentInput } from './inputs'
import { ValidationError } from './errors'
import { SLUG_MAX } from './slug'
import type { Actor, Content } from './types'

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
export const TITLE_MAX = 200

export function assertSlug(slug: string): void {
  if (!SLUG_PATTERN.test(slug) || slug.length > SLUG_MAX)
    throw new ValidationError(`the link name (slug) may use lowercase letters, digits and single dashes, at most ${SLUG_MAX} characters`, {
      field: 'slug',
      reason: 'slugFormat',
      max: SLUG_MAX,
    })
}

export function assertTitle(title: string): void {
  if (!title.trim()) throw new ValidationError('the title must not be empty', { field: 'title', reason: 'titleEmpty' })
  if (title.length > TITLE_MAX) throw new ValidationError(`the title must be at most ${TITLE_MAX} characters`, { field: 'title', reason: 'titleTooLong', max: TITLE_MAX })
}

export { isAdmin } from './access'

/**
 * A quiz's question is typed once: a quiz without a title of its own is named
 * by its question's first line (cut to the title's limit). Other contents are
 * returned as they are.
 */
export function withQuizTitle<T extends { kind?: string; title?: string; quizQuestion?: string | null }>(c: T): T {
  if (c.kind !== 'QUIZ' || c.title?.trim()) return c
  const firstLine = (c.quizQuestion ?? '').split(/\r?\n/).map((l) => l.trim()).find(Boolean) ?? ''
  const title = firstLine.length > TITLE_MAX ? `${firstLine.slice(0, TITLE_MAX - 1).trimEnd()}…` : firstLine
  return { ...c, title }
}

/** Longest reminder period a course may set (a year). */
export const MAX_REMIND_AFTER_DAYS = 365

/** A course's reminder period: a whole number of days from 1 to a year, or null (no reminders). */
export function assertRemindAfterDays(days: number | null | undefined): void {
  if (days === null || days === undefined) return
  if (!Number.isInteger(days) || days < 1 || days > MAX_REMIND_AFTER_DAYS)
    throw new ValidationError(`the reminder period must be a whole number of days from 1 to ${MAX_REMIND_AFTER_DAYS}, or empty for no reminders`, { field: 'remindAfterDays', reason: 'remindAfterDays', max: MAX_REMIND_AFTER_DAYS })
}

/** Order for a new item appended to a group (the original's OrderField). */
export function nextOrder(existing: number[]): number {
  return existing.length === 0 ? 0 : Math.max(...existing) + 1
}

/** A reorder must name each existing item exactly once. */
export function assertPermutation(existingIds: number[], orderedIds: number[], what: string): void {
  const existing = new Set(existingIds)
  const given = new Set(orderedIds)
  if (given.size !== orderedIds.length) throw new ValidationError(`${what} order names an item twice`, { reason: 'orderTwice' })
  if (given.size !== existing.size || orderedIds.some((id) => !existing.has(id)))
    throw new ValidationError(`${what} order must list exactly the ${existing.size} existing items`, {
      reason: 'orderIncomplete',
      expected: [...existing].sort((a, b) => a - b),
    })
}

export const QUIZ_MAX_OPTIONS = 10

/** A position among siblings (module in a course, content in a module). */
export function assertOrder(order: number): void {
  if (!Number.isInteger(order) || order < 0) throw new ValidationError('the position must be a whole number, 0 or more', { field: 'order', reason: 'positionInvalid' })
}

/** Checks that a content has what its kind needs (merged with its current values on update). */
export function assertContentShape(c: ContentInput | (ContentInput & Partial<Content>)): void {
  assertTitle(c.title)
  if (c.order !== undefined) assertOrder(c.order)
  switch (c.kind) {
    case 'TEXT':
      if (!c.body?.trim()) throw new ValidationError('a text content needs a body', { field: 'body', reason: 'textNeedsBody' })
      break
    case 'IMAGE':
    case 'FILE':
      if (!c.filePath) throw new ValidationError(`a ${c.kind.toLowerCase()} content needs an uploaded file`, { field: 'file', reason: 'needsFile' })
      break
    case 'VIDEO':
      if (!c.filePath && !c.videoUrl) throw new ValidationError('a video content needs a video URL or an uploaded file', { field: 'videoUrl', reason: 'videoNeedsSource' })
      if (c.videoUrl && !/^https?:\/\/\S+$/.test(c.videoUrl)) throw new ValidationError('the video link must start with http:// or https://', { field: 'videoUrl', reason: 'videoLink' })
      break
    case 'QUIZ': {
      const options = c.quizOptions ?? []
      if (!c.quizQuestion?.trim()) throw new ValidationError('a quiz needs a question', { field: 'quizQuestion', reason: 'quizNeedsQuestion' })
      if (options.length < 2 || options.length > QUIZ_MAX_OPTIONS)
        throw new ValidationError(`a quiz needs 2 to ${QUIZ_MAX_OPTIONS} options`, { field: 'quizOptions', reason: 'quizOptionCount', max: QUIZ_MAX_OPTIONS })
      if (options.some((o) => !o.trim())) throw new ValidationError('every quiz option needs some text', { field: 'quizOptions', reason: 'quizOptionEmpty' })
      const correct = c.quizCorrectIndex
      if (correct == null || !Number.isInteger(correct) || correct < 0 || correct >= options.length)
        throw new ValidationError('choose which option is the right answer', { field: 'quizCorrectIndex', reason: 'quizAnswer' })
      break
    }
    default:
      throw new ValidationError(`unknown content kind ${(c as { kind: string }).kind}`, { field: 'kind', reason: 'unknownKind' })
  }
}

// C0 and C1 control characters (U+0000 is refused by PostgreSQL outright), and
// the bidirectional overrides and isolates that let a name reorder the text around it
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g
// half of a surrogate pair: not a character, and not valid UTF-8 once stored
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * A name that comes from a platform (display name, username), made safe to
 * store and show: control characters and lone surrogates removed, runs of
 * white space made one space, cut to `max` characters (never inside a
 * character). Empty when nothing printable is left.
 */
export function cleanPlatformName(name: string | null | undefined, max = 100): string {
  const cleaned = (name ?? '').replace(CONTROL_CHARACTERS, ' ').replace(LONE_SURROGATES, '').replace(/\s+/g, ' ').trim()
  return Array.from(cleaned).slice(0, max).join('').trim()
}
