// Announcements through the API: an author (or admin) token writes one to a
// course's actively enrolled students, follows its progress and cancels it.
import { Elysia, t } from 'elysia'
import type { Delivery, DeliveryCounts as Counts } from '../../domain'
import { actorOf, authPlugin } from '../auth'
import { IdParam, SlugParam } from '../catalog/model'
import type { ApiDeps } from '../context'
import { rejectUnknownFields } from '../learning/model'
import { Announcement, AnnouncementBody } from './model'

function announcementJson(d: Delivery & { counts?: Counts }): typeof Announcement.static {
  return {
    id: d.id,
    course: d.courseId,
    body: d.body,
    status: d.status,
    createdAt: d.createdAt.toISOString(),
    cancelledAt: d.cancelledAt?.toISOString() ?? null,
    ...(d.counts ? { counts: d.counts } : {}),
  }
}

export function announcementRoutes(deps: ApiDeps) {
  const { delivery } = deps.domain
  const secured = { security: [{ bearer: [] }] }
  const tags = ['announcements']
  return new Elysia({ name: 'announcements', prefix: '/api' })
    .use(authPlugin(deps))
    .post(
      '/courses/:slug/announcements',
      async ({ params, body, requireUser, set }) => {
        const created = await delivery.announce(actorOf(await requireUser()), params.slug, { body: body.body })
        set.status = 201
        return announcementJson(created)
      },
      {
        params: SlugParam,
        body: AnnouncementBody,
        transform: rejectUnknownFields(AnnouncementBody),
        response: { 201: Announcement },
        detail: { summary: "Announce to the course's actively enrolled students on their platforms (course authors and admins)", tags, ...secured },
      },
    )
    .get('/courses/:slug/announcements', async ({ params, requireUser }) => (await delivery.list(actorOf(await requireUser()), params.slug)).map(announcementJson), {
      params: SlugParam,
      response: t.Array(Announcement),
      detail: { summary: "The course's announcements, newest first, with their progress", tags, ...secured },
    })
    .get('/announcements/:id', async ({ params, requireUser }) => announcementJson(await delivery.progress(actorOf(await requireUser()), params.id)), {
      params: IdParam,
      response: Announcement,
      detail: { summary: 'An announcement and its progress (sent / pending / failed / unreachable / cancelled)', tags, ...secured },
    })
    .post(
      '/announcements/:id/cancel',
      async ({ params, requireUser }) => ({ cancelled: await delivery.cancel(actorOf(await requireUser()), params.id) }),
      {
        params: IdParam,
        response: t.Object({ cancelled: t.Number() }),
        detail: { summary: 'Stop what has not been sent yet; returns how many recipients will not get it', tags, ...secured },
      },
    )
}
