// The signed-in student's side: enrolment, my courses, my progress, completing contents.
import { Elysia, t } from 'elysia'
import { actorOf, authPlugin, signedInFirst } from '../auth'
import { CourseSummary, IdParam, SlugParam } from '../catalog/model'
import type { ApiDeps } from '../context'
import { courseJson, meJson } from '../serializers'
import { CompletionBody, CourseProgress, Me, MePatch, rejectUnknownFields } from './model'

export function learningRoutes(deps: ApiDeps) {
  const { enrolment, progress, reminders } = deps.domain
  const secured = { security: [{ bearer: [] }] }
  return new Elysia({ name: 'learning', prefix: '/api' })
    .use(authPlugin(deps))
    // every route here is personal
    .onTransform(signedInFirst)
    .get('/me', async ({ requireUser }) => meJson(await requireUser()), {
      response: Me,
      detail: { summary: 'Who the token belongs to', tags: ['me'], ...secured },
    })
    .patch(
      '/me',
      async ({ body, requireUser }) => {
        const user = await requireUser()
        if (body.reminders !== undefined) await reminders.setEnabled(user.id, body.reminders)
        if (body.deliveryPlatforms !== undefined) await deps.domain.accounts.setDeliveryPlatforms(user.id, body.deliveryPlatforms)
        return meJson(await deps.domain.accounts.getUser(user.id))
      },
      {
        body: MePatch,
        transform: rejectUnknownFields(MePatch),
        response: Me,
        detail: { summary: 'Change my settings: reminders of courses I paused (on or off), where new modules, reminders and announcements reach me', tags: ['me'], ...secured },
      },
    )
    .get('/me/courses', async ({ requireUser }) => (await enrolment.myCourses((await requireUser()).id)).map(courseJson), {
      response: t.Array(CourseSummary),
      detail: { summary: 'Courses I am enrolled in', tags: ['me'], ...secured },
    })
    .get('/me/progress', async ({ requireUser }) => progress.forStudent((await requireUser()).id), {
      response: t.Array(CourseProgress),
      detail: { summary: 'My progress in each of my courses', tags: ['me'], ...secured },
    })
    .put(
      '/courses/:slug/enrolment',
      async ({ params, requireUser, set }) => {
        const user = await requireUser()
        const { course, created } = await enrolment.enrol(user.id, params.slug, 'WEB')
        set.status = created ? 201 : 200
        return { course: course.slug, enrolled: true }
      },
      { params: SlugParam, detail: { summary: 'Enrol in a published course (idempotent)', tags: ['me'], ...secured } },
    )
    .delete(
      '/courses/:slug/enrolment',
      async ({ params, requireUser }) => {
        await enrolment.unenrol((await requireUser()).id, params.slug)
        return { course: params.slug, enrolled: false }
      },
      { params: SlugParam, detail: { summary: 'Leave a course (idempotent; progress is kept)', tags: ['me'], ...secured } },
    )
    .post(
      '/contents/:id/completion',
      async ({ params, body, requireUser }) => {
        const user = await requireUser()
        const result = await progress.complete(actorOf(user), params.id, { quizAnswer: body?.quizAnswer, source: 'WEB' })
        return { completedAt: result.entry.completedAt.toISOString(), quiz: result.quiz, progress: result.progress }
      },
      {
        params: IdParam,
        body: t.Optional(CompletionBody),
        transform: rejectUnknownFields(CompletionBody),
        detail: { summary: 'Mark a content done; a quiz takes the chosen option', tags: ['me'], ...secured },
      },
    )
}
