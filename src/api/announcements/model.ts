import { t } from 'elysia'

export const AnnouncementBody = t.Object({
  body: t.String({ minLength: 1, maxLength: 4000, error: 'body must be 1 to 4000 characters of Markdown' }),
})

export const DeliveryCounts = t.Object({
  total: t.Number(),
  pending: t.Number(),
  sent: t.Number(),
  failed: t.Number(),
  unreachable: t.Number(),
  cancelled: t.Number(),
})

export const Announcement = t.Object({
  id: t.Number(),
  course: t.Number(),
  body: t.String(),
  status: t.Union([t.Literal('QUEUED'), t.Literal('SENDING'), t.Literal('CANCELLED')]),
  createdAt: t.String(),
  cancelledAt: t.Nullable(t.String()),
  counts: t.Optional(DeliveryCounts),
})
