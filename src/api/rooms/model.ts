import { t } from 'elysia'
import { MAX_MESSAGE_LENGTH } from '../../domain/rooms.service'

export const RoomSlugParam = t.Object({ slug: t.String({ pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$', maxLength: 80, error: 'slug must be a course slug' }) })

export const HistoryQuery = t.Object({
  after: t.Optional(t.Integer({ minimum: 0, maximum: 2147483647, error: 'after must be a message id' })),
  before: t.Optional(t.Integer({ minimum: 1, maximum: 2147483647, error: 'before must be a message id' })),
  limit: t.Optional(t.Integer({ minimum: 1, maximum: 200, error: 'limit must be 1-200' })),
})

export const SignInQuery = t.Object({
  token: t.String({ maxLength: 100, error: 'token is missing' }),
  next: t.Optional(t.String({ maxLength: 200 })),
})

export const RoomMessageJson = t.Object({
  id: t.Number(),
  author: t.Object({ id: t.Nullable(t.Number()), name: t.String() }),
  platform: t.Union([t.Literal('TELEGRAM'), t.Literal('DISCORD'), t.Literal('WEB')]),
  kind: t.String(),
  text: t.String({ description: 'Plain text (render as text, never as HTML)' }),
  entities: t.Array(t.Object({ type: t.String(), offset: t.Number(), length: t.Number(), url: t.Optional(t.String()) })),
  /** What a text-only view shows for media: "[photo: cat.jpg, 1.2 MB]". */
  placeholder: t.String(),
  replyToId: t.Nullable(t.Number()),
  createdAt: t.String({ format: 'date-time' }),
  editedAt: t.Nullable(t.String({ format: 'date-time' })),
  deleted: t.Boolean(),
})

export const History = t.Object({ messages: t.Array(RoomMessageJson) })

/** What the page's socket sends. */
export const ClientFrame = t.Union([
  t.Object({
    type: t.Literal('post'),
    clientId: t.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }),
    text: t.String({ maxLength: MAX_MESSAGE_LENGTH }),
    replyToId: t.Optional(t.Nullable(t.Integer({ minimum: 1, maximum: 2147483647 }))),
  }),
  t.Object({ type: t.Literal('edit'), id: t.Integer({ minimum: 1, maximum: 2147483647 }), text: t.String({ maxLength: MAX_MESSAGE_LENGTH }) }),
  t.Object({ type: t.Literal('delete'), id: t.Integer({ minimum: 1, maximum: 2147483647 }) }),
])

export type ClientFrame = typeof ClientFrame.static
export type RoomMessageJson = typeof RoomMessageJson.static
