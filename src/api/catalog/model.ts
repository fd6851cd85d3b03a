import { t } from 'elysia'

export const SlugParam = t.Object({ slug: t.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 80, error: 'slug must be lowercase letters, digits and dashes' }) })
export const IdParam = t.Object({ id: t.Integer({ minimum: 1, maximum: 2147483647, error: 'id must be a positive whole number' }) })
export const CourseListQuery = t.Object({ subject: t.Optional(t.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 80, error: 'subject must be a subject slug' })) })

export const Subject = t.Object({ id: t.Number(), title: t.String(), slug: t.String(), courseCount: t.Number() })

export const CourseSummary = t.Object({
  id: t.Number(),
  slug: t.String(),
  title: t.String(),
  overview: t.String(),
  published: t.Boolean(),
  subject: t.Object({ slug: t.String(), title: t.String() }),
  moduleCount: t.Number(),
  authors: t.Array(t.String()),
  createdAt: t.String({ format: 'date-time' }),
})

export const CourseTree = t.Composite([
  CourseSummary,
  t.Object({
    modules: t.Array(
      t.Object({
        id: t.Number(),
        title: t.String(),
        description: t.String(),
        order: t.Number(),
        schedule: t.Nullable(
          t.Object(
            { daysAfterEnrolment: t.Nullable(t.Number()), onDate: t.Nullable(t.String({ format: 'date' })) },
            { description: "Drip schedule: opens some days after the student's enrolment, or at midnight of a date in the student's time zone; null: open at once" },
          ),
        ),
        locked: t.Boolean({ description: 'Not open yet for the student whose token is sent (false without a token)' }),
        opensAt: t.Nullable(t.String({ format: 'date-time', description: 'When it opens for that student, while locked' })),
        contents: t.Array(t.Object({ id: t.Number(), kind: t.String(), title: t.String(), order: t.Number() })),
      }),
    ),
  }),
])

export const Content = t.Object({
  id: t.Number(),
  kind: t.Union([t.Literal('TEXT'), t.Literal('IMAGE'), t.Literal('FILE'), t.Literal('VIDEO'), t.Literal('QUIZ')]),
  title: t.String(),
  order: t.Number(),
  body: t.String({ description: 'Markdown (for media: the caption)' }),
  file: t.Nullable(t.Object({ url: t.String(), name: t.String(), mimeType: t.String(), size: t.Number() })),
  videoUrl: t.Nullable(t.String()),
  quiz: t.Nullable(t.Object({ question: t.String(), options: t.Array(t.String()) })),
})

export const ModuleContents = t.Object({
  course: t.Object({ slug: t.String(), title: t.String() }),
  module: t.Object({ id: t.Number(), title: t.String(), description: t.String(), order: t.Number() }),
  contents: t.Array(Content),
})
