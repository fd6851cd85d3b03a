import { t } from 'elysia'
import { ValidationError } from '../../domain'

export const CompletionBody = t.Object(
  { quizAnswer: t.Optional(t.Integer({ minimum: 0, maximum: 9, error: 'quizAnswer must be an option index (0-9)' })) },
  { additionalProperties: false },
)

/**
 * Elysia quietly strips the fields a strict body schema does not know before it
 * validates; used as a route's `transform`, this makes them a 422 instead.
 */
export function rejectUnknownFields(schema: { properties: Record<string, unknown> }) {
  const known = new Set(Object.keys(schema.properties))
  return ({ body }: { body: unknown }) => {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return
    const unknown = Object.keys(body).filter((k) => !known.has(k))
    if (unknown.length)
      throw new ValidationError(`body: ${unknown[0]}: is not a known field`, { fields: unknown.map((path) => ({ path, message: 'is not a known field' })) })
  }
}

export const CourseProgress = t.Object({
  course: t.Object({ id: t.Number(), slug: t.String(), title: t.String() }),
  totalContents: t.Number(),
  completedContents: t.Number(),
  percent: t.Number(),
  quiz: t.Object({ total: t.Number(), answered: t.Number(), correct: t.Number() }),
  next: t.Nullable(t.Object({ moduleId: t.Number(), contentId: t.Number(), title: t.String() })),
})

export const Me = t.Object({ id: t.Number(), role: t.String(), displayName: t.Nullable(t.String()), locale: t.String() })
