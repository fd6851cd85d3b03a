// Announcements of a course in the panel (issue 10): the list is the user's
// courses (the row scope); a course's page lists its announcements with their
// counts, which follow the live stream while they are sent, writes a new one
// (Markdown, optional image checked like a content image) and cancels what has
// not been sent yet. Everything goes through domain.delivery (the same rules as
// the API: authors of the course and admins only).
import type { Delivery, DeliveryCounts } from '../../domain'
import { NotFoundError } from '../../domain'
import { text } from '../action-kit'
import { isUploadedFile, storeUpload } from '../files'
import { sayTo } from '../locales'
import { actorOf } from '../panel-user'
import { type CoursePageCall, type CoursePageData, coursePage, coursePageChange, coursePagesResource, idField } from './course-page'
import type { PanelDeps, ResourceFactory } from './types'

export const ANNOUNCEMENT_RESOURCE = 'Announcement'

/** An announcement as the page shows it (the text is shown as text, never as HTML). */
export function announcementJson(d: Delivery & { counts: DeliveryCounts }) {
  return {
    id: d.id,
    body: d.body,
    withImage: d.imagePath !== null,
    status: d.status,
    createdAt: d.createdAt.toISOString(),
    listed: d.expandedAt !== null,
    cancelledAt: d.cancelledAt?.toISOString() ?? null,
    counts: d.counts,
  }
}

export const announcementResource: ResourceFactory = (deps: PanelDeps) => {
  const { ctx, log, components: C } = deps
  const delivery = ctx.domain.delivery
  const actor = (call: CoursePageCall) => actorOf(call.context.currentAdmin)

  const page: CoursePageData = {
    check: (call) => delivery.list(actor(call), call.courseId, 1),
    load: async (call) => ({ announcements: (await delivery.list(actor(call), call.courseId)).map(announcementJson) }),
  }

  return coursePagesResource(deps, ANNOUNCEMENT_RESOURCE, {
    show: coursePage(log, C.Announcements, page),
    announce: coursePageChange(log, page, async (call) => {
      const image = call.payload.image
      const stored = isUploadedFile(image) && image.size > 0 ? await storeUpload(ctx, 'IMAGE', image) : null
      try {
        const created = await delivery.announce(actor(call), call.courseId, { body: text(call.payload.body), imagePath: stored?.path ?? null })
        return sayTo(call.context.currentAdmin)('messages.announcementSent', { id: created.id })
      } catch (err) {
        if (stored) await ctx.files.remove(stored.path).catch(() => {})
        throw err
      }
    }),
    cancelAnnouncement: coursePageChange(log, page, async (call) => {
      const id = idField(call.payload, 'deliveryId')
      const found = await delivery.progress(actor(call), id)
      if (found.courseId !== call.courseId) throw new NotFoundError('Delivery', { deliveryId: id })
      const cancelled = await delivery.cancel(actor(call), id)
      return sayTo(call.context.currentAdmin)(cancelled === 1 ? 'messages.announcementCancelledOne' : 'messages.announcementCancelledMany', { count: cancelled })
    }),
  })
}
