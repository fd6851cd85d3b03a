import { t } from 'elysia'
import { ValidationError } from '../../domain'
import { MAX_FIELD_ERRORS, sentence } from '../errors'

export const CompletionBody = t.Object(
  { quizAnswer: t.Optional(t.Integer({ minimum: 0, maximum: 9, error: 'quizAnswer must be an option index (0-9)' })) },
  { additionalProperties: false },
)

/**
 * Elysia quietly strips the fields a strict body schema does not know before it
 * validates; used as a route's `transform`, this makes them a 422 instead
 * (naming a few of them: a hostile body may carry thousands).
 */
export function rejectUnknownFields(schema: { properties: Record<string, unknown> }) {
  const known = new Set(Object.keys(schema.properties))
  return ({ body }: { body: unknown }) => {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return
    const unknown: string[] = []
    for (const key in body) {
      if (known.has(key)) continue
      unknown.push(key)
      if (unknown.length >= MAX_FIELD_ERRORS) break
    }
    if (unknown.length) {
      const fields = unknown.map((path) => ({ path: path.slice(0, 100), message: 'is not a known field' }))
      throw new ValidationError(sentence(fields[0]!), { fields })
    }
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

const DeliveryPlatformsChoice = t.Union([t.Literal('EVERY_LINKED'), t.Literal('TELEGRAM_ONLY'), t.Literal('DISCORD_ONLY')], {
  description: 'Which linked bot accounts get new modules, reminders and announcements (a platform you have no account on: every linked one)',
  error: 'deliveryPlatforms must be EVERY_LINKED, TELEGRAM_ONLY or DISCORD_ONLY',
})

export const Me = t.Object({
  id: t.Number(),
  role: t.String(),
  displayName: t.Nullable(t.String()),
  locale: t.String(),
  /** Reminders of courses the student paused (on unless turned off). */
  reminders: t.Boolean(),
  deliveryPlatforms: DeliveryPlatformsChoice,
})

/** What a student may change of their own profile. */
export const MePatch = t.Object(
  { reminders: t.Optional(t.Boolean({ error: 'reminders must be true or false' })), deliveryPlatforms: t.Optional(DeliveryPlatformsChoice) },
  { additionalProperties: false },
)
