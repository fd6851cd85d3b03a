// Small pure rules shared by the services.
import type { ContentInput } from './inputs'
import { ValidationError } from './errors'
import type { Actor, Content } from './types'

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

export function assertSlug(slug: string): void {
  if (!SLUG_PATTERN.test(slug) || slug.length > 80)
    throw new ValidationError('slug must be lowercase letters, digits and single dashes (at most 80 characters)', { field: 'slug' })
}

export function assertTitle(title: string, field = 'title'): void {
  if (!title.trim()) throw new ValidationError(`${field} must not be empty`, { field })
  if (title.length > 200) throw new ValidationError(`${field} must be at most 200 characters`, { field })
}

export function isAdmin(actor: Actor): boolean {
  return actor.role === 'ADMIN'
}

/** Order for a new item appended to a group (the original's OrderField). */
export function nextOrder(existing: number[]): number {
  return existing.length === 0 ? 0 : Math.max(...existing) + 1
}

/** A reorder must name each existing item exactly once. */
export function assertPermutation(existingIds: number[], orderedIds: number[], what: string): void {
  const existing = new Set(existingIds)
  const given = new Set(orderedIds)
  if (given.size !== orderedIds.length) throw new ValidationError(`${what} order names an item twice`)
  if (given.size !== existing.size || orderedIds.some((id) => !existing.has(id)))
    throw new ValidationError(`${what} order must list exactly the ${existing.size} existing items`, {
      expected: [...existing].sort((a, b) => a - b),
    })
}

export const QUIZ_MAX_OPTIONS = 10

/** Checks that a content has what its kind needs (merged with its current values on update). */
export function assertContentShape(c: ContentInput | (ContentInput & Partial<Content>)): void {
  assertTitle(c.title)
  if (c.order !== undefined && (!Number.isInteger(c.order) || c.order < 0))
    throw new ValidationError('order must be a whole number >= 0', { field: 'order' })
  switch (c.kind) {
    case 'TEXT':
      if (!c.body?.trim()) throw new ValidationError('a text content needs a body', { field: 'body' })
      break
    case 'IMAGE':
    case 'FILE':
      if (!c.filePath) throw new ValidationError(`a ${c.kind.toLowerCase()} content needs an uploaded file`, { field: 'file' })
      break
    case 'VIDEO':
      if (!c.filePath && !c.videoUrl) throw new ValidationError('a video content needs a video URL or an uploaded file', { field: 'videoUrl' })
      if (c.videoUrl && !/^https?:\/\/\S+$/.test(c.videoUrl)) throw new ValidationError('videoUrl must be an http(s) URL', { field: 'videoUrl' })
      break
    case 'QUIZ': {
      const options = c.quizOptions ?? []
      if (!c.quizQuestion?.trim()) throw new ValidationError('a quiz needs a question', { field: 'quizQuestion' })
      if (options.length < 2 || options.length > QUIZ_MAX_OPTIONS)
        throw new ValidationError(`a quiz needs 2 to ${QUIZ_MAX_OPTIONS} options`, { field: 'quizOptions' })
      if (options.some((o) => !o.trim())) throw new ValidationError('quiz options must not be empty', { field: 'quizOptions' })
      const correct = c.quizCorrectIndex
      if (correct == null || !Number.isInteger(correct) || correct < 0 || correct >= options.length)
        throw new ValidationError('quizCorrectIndex must point at one of the options', { field: 'quizCorrectIndex' })
      break
    }
    default:
      throw new ValidationError(`unknown content kind ${(c as { kind: string }).kind}`, { field: 'kind' })
  }
}
