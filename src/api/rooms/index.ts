// The web room: /rooms/<slug> (page), /rooms/<slug>/messages (history, and the
// gap after a reconnect), /rooms/<slug>/ws (live socket), and /auth/web, where
// the one-time link a bot gives (`/web`) becomes a session cookie. Only a signed-in
// member of the course (enrolled, or one of its authors) gets the page, the
// history or a socket; a socket is refused before the upgrade (401/403).
import { readFileSync } from 'node:fs'
import { Elysia } from 'elysia'
import type { RelayRouter } from '../../bridge/router'
import { DomainError, ForbiddenError, UnauthenticatedError, type User } from '../../domain'
import { actorOf } from '../auth'
import type { ApiDeps } from '../context'
import type { RoomHub } from './hub'
import { ClientFrame, History, HistoryQuery, RoomSlugParam, SignInQuery } from './model'
import { PAGE_HEADERS, messagePage, roomListPage, roomPage, signInNeededPage } from './pages'
import { roomMessageJson } from './serialize'

export interface RoomsApiDeps {
  router: RelayRouter
  hub: RoomHub
}

export const SESSION_COOKIE = 'tm_web'
const LINK_PREVIEW_AGENTS = /TelegramBot|Discordbot|Slackbot|facebookexternalhit|Twitterbot|WhatsApp|LinkedInBot|SkypeUriPreview/i
const asset = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url), 'utf8')
const ROOM_JS = asset('room.js')
const ROOM_CSS = asset('room.css')

interface SocketData {
  roomUser: User
  roomId: number
}

export function roomRoutes(deps: ApiDeps & { rooms: RoomsApiDeps }) {
  const { domain } = deps
  const { router, hub } = deps.rooms
  const secure = deps.publicUrl.startsWith('https:')
  const publicHost = new URL(deps.publicUrl).host

  const sessionUser = (cookieHeader: string | undefined) => domain.webSignIn.userForSession(readCookie(cookieHeader, SESSION_COOKIE))
  const requireSessionUser = async (cookieHeader: string | undefined) => {
    const user = await sessionUser(cookieHeader)
    if (!user) throw new UnauthenticatedError('Sign in with the one-time link the bot gives you (/web)')
    return user
  }
  const html = (set: { status?: number | string; headers: Record<string, unknown> }, status: number, body: string) => {
    set.status = status
    Object.assign(set.headers, PAGE_HEADERS)
    return body
  }

  const inOrder = new Map<string, Promise<void>>()

  const app = new Elysia({ name: 'rooms' })
    .get(
      '/auth/web',
      async ({ query, set, headers }) => {
        // a messenger fetching a link preview must not spend the one-time link
        if (LINK_PREVIEW_AGENTS.test(headers['user-agent'] ?? '')) return html(set, 200, messagePage('TaskMetrics course chat', 'Open this link yourself to sign in to the course chat.'))
        let session
        try {
          session = await domain.webSignIn.signIn(query.token)
        } catch (err) {
          if (err instanceof DomainError) return html(set, 410, messagePage('This link no longer works', err.message))
          throw err
        }
        const maxAge = Math.floor((session.expiresAt.getTime() - Date.now()) / 1000)
        set.headers['set-cookie'] = `${SESSION_COOKIE}=${session.sessionToken}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`
        set.headers['cache-control'] = 'no-store'
        set.headers['referrer-policy'] = 'no-referrer'
        // only our own room pages: never an open redirect
        const next = query.next && /^\/rooms\/[a-z0-9]+(?:-[a-z0-9]+)*$/.test(query.next) ? query.next : '/rooms'
        set.status = 303
        set.headers.location = next
        return ''
      },
      { query: SignInQuery, detail: { summary: 'Spend a one-time sign-in link from a bot; sets the web session cookie', tags: ['rooms'] } },
    )
    .get('/rooms/assets/room.js', ({ set }) => {
      set.headers['content-type'] = 'text/javascript; charset=utf-8'
      set.headers['x-content-type-options'] = 'nosniff'
      return ROOM_JS
    }, { detail: { hide: true } })
    .get('/rooms/assets/room.css', ({ set }) => {
      set.headers['content-type'] = 'text/css; charset=utf-8'
      set.headers['x-content-type-options'] = 'nosniff'
      return ROOM_CSS
    }, { detail: { hide: true } })
    .get(
      '/rooms',
      async ({ headers, set }) => {
        const user = await sessionUser(headers.cookie)
        if (!user) return html(set, 401, signInNeededPage())
        const courses = await domain.enrolment.myCourses(user.id)
        return html(set, 200, roomListPage(courses))
      },
      { detail: { summary: 'My course chats (web page)', tags: ['rooms'] } },
    )
    .get(
      '/rooms/:slug',
      async ({ params, headers, set }) => {
        const user = await sessionUser(headers.cookie)
        if (!user) return html(set, 401, signInNeededPage())
        try {
          const { course } = await domain.rooms.enter(actorOf(user), params.slug)
          const moderator = await domain.catalog.isCourseStaff(course.id, actorOf(user))
          return html(set, 200, roomPage(course, { id: user.id, name: user.profile?.displayName ?? 'you', moderator }))
        } catch (err) {
          if (!(err instanceof DomainError)) throw err
          if (err.code === 'not_found' || err.code === 'not_published') return html(set, 404, messagePage('No such course', 'There is no course chat at this address.'))
          return html(set, 403, messagePage('Not your course chat', 'This chat is for the students enrolled in the course and its authors. Enrol in the course through the bot first.'))
        }
      },
      { params: RoomSlugParam, detail: { summary: "A course's chat room (web page)", tags: ['rooms'] } },
    )
    .get(
      '/rooms/:slug/messages',
      async ({ params, query, headers, set }) => {
        const user = await requireSessionUser(headers.cookie)
        const { room } = await domain.rooms.enter(actorOf(user), params.slug)
        const messages = await domain.rooms.history(actorOf(user), room.id, { afterId: query.after, beforeId: query.before, limit: query.limit ?? 100 })
        set.headers['cache-control'] = 'no-store'
        return { messages: messages.map(roomMessageJson) }
      },
      {
        params: RoomSlugParam,
        query: HistoryQuery,
        response: History,
        detail: { summary: "A room's history: the newest page, or the messages after an id (a reconnect's gap)", tags: ['rooms'] },
      },
    )
    .ws('/rooms/:slug/ws', {
      params: RoomSlugParam,
      body: ClientFrame,
      async beforeHandle(context) {
        const { headers, params } = context
        // a page on another site cannot open a socket with our cookie
        const origin = headers.origin
        if (origin && !sameHost(origin, headers.host, publicHost)) throw new ForbiddenError('This socket is for the course chat page only')
        const user = await requireSessionUser(headers.cookie)
        const { room } = await domain.rooms.enter(actorOf(user), params.slug)
        Object.assign(context, { roomUser: user, roomId: room.id } satisfies SocketData)
      },
      open(ws) {
        const data = ws.data as unknown as SocketData
        hub.join(data.roomId, { id: ws.id, send: (frame: string) => ws.raw.send(frame), close: (code: number, reason: string) => ws.raw.close(code, reason) })
      },
      close(ws) {
        hub.leave((ws.data as unknown as SocketData).roomId, ws.id)
      },
      message(ws, frame) {
        // one frame at a time per socket: a sender's messages are stored in the order they were sent
        const previous = inOrder.get(ws.id) ?? Promise.resolve()
        const next: Promise<void> = previous.then(async () => void (await handleFrame(ws, frame))).catch((err) => {
          deps.logger.error({ err, socket: ws.id }, 'room socket frame failed')
          ws.raw.send(JSON.stringify({ type: 'error', code: 'internal', message: 'Something went wrong on our side; try again' }))
        })
        inOrder.set(ws.id, next)
        void next.then(() => {
          if (inOrder.get(ws.id) === next) inOrder.delete(ws.id)
        })
      },
    })
  return app

  /** One frame from a member's socket: post, edit or delete, answered with an ack or an error frame. */
  async function handleFrame(ws: { id: string; data: unknown; raw: { send(d: string): unknown }; close(code?: number, reason?: string): unknown }, frame: ClientFrame) {
    const { roomUser: user, roomId } = ws.data as unknown as SocketData
    const actor = actorOf(user)
    const reply = (payload: Record<string, unknown>) => ws.raw.send(JSON.stringify(payload))
    const result =
      frame.type === 'post'
        ? await router.postFromWeb(actor, roomId, { clientId: frame.clientId, authorName: user.profile?.displayName ?? 'Someone', text: frame.text, replyToId: frame.replyToId ?? null })
        : frame.type === 'edit'
          ? await router.editFromWeb(actor, frame.id, frame.text)
          : await router.deleteAsMember(actor, frame.id)
    const clientId = frame.type === 'post' ? frame.clientId : undefined
    switch (result.status) {
      case 'relayed':
      case 'duplicate':
        return reply({ type: 'ack', clientId, id: result.message.id })
      case 'muted':
        return reply({ type: 'error', code: 'muted', clientId, message: `You are muted in this room${result.reason ? `: ${result.reason}` : ''}. Your messages are not shown to others.` })
      case 'ignored':
        if (result.reason === 'not_member') {
          reply({ type: 'error', code: 'forbidden', clientId, message: result.detail ?? 'You are not a member of this room any more' })
          return ws.close(4403, 'not a member')
        }
        if (result.reason === 'unchanged') return reply({ type: 'ack', clientId, id: frame.type === 'post' ? null : frame.id })
        return reply({ type: 'error', code: result.reason, clientId, message: result.detail ?? 'That could not be done' })
    }
  }
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return rest.join('=')
  }
  return undefined
}

function sameHost(origin: string, host: string | undefined, publicHost: string): boolean {
  try {
    const h = new URL(origin).host
    return h === host || h === publicHost
  } catch {
    return false
  }
}
