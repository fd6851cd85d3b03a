import { t } from 'elysia'

export const CompletionBody = t.Object(
  { quizAnswer: t.Optional(t.Integer({ minimum: 0, maximum: 9, error: 'quizAnswer must be an option index (0-9)' })) },
  { additionalProperties: false },
)

export const CourseProgress = t.Object({
  course: t.Object({ id: t.Number(), slug: t.String(), title: t.String() }),
  totalContents: t.Number(),
  completedContents: t.Number(),
  percent: t.Number(),
  quiz: t.Object({ total: t.Number(), answered: t.Number(), correct: t.Number() }),
  next: t.Nullable(t.Object({ moduleId: t.Number(), contentId: t.Number(), title: t.String() })),
})

export const Me = t.Object({ id: t.Number(), role: t.String(), displayName: t.Nullable(t.String()), locale: t.String() })
