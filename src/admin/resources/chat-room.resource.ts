// A course's chat room in the panel (issue 9): the list is the user's courses
// (the row scope); a course's page shows the Telegram groups and Discord
// channels its room is bound to (binding happens in the bots: /bind), unbinds
// them, shows the room's recent history with "delete everywhere" per message,
// and mutes or unmutes a member. Reads and changes go through domain.rooms
// (course authors and admins only); a delete goes through the relay's router,
// as the web room's does, so it reaches every platform copy and the web pages.
import { placeholder } from '../../bridge/message'
import { BOUND_PLATFORMS, type BoundPlatform, type RoomMessage } from '../../domain/rooms.types'
import { ValidationError } from '../../domain'
import { text } from '../action-kit'
import { sayTo } from '../locales'
import { actorOf } from '../panel-user'
import { panelRelay } from '../room-relay'
import { type CoursePageCall, type CoursePageData, coursePage, coursePageChange, coursePagesResource, idField } from './course-page'
import type { PanelDeps, ResourceFactory } from './types'

export const CHAT_ROOM_RESOURCE = 'ChatRoom'
/** Messages of history the page shows. */
const HISTORY_SHOWN = 50

/** A room message as the page shows it (text as text; a deleted one keeps its place, not its words). */
function messageJson(m: RoomMessage) {
  const deleted = m.deletedAt !== null
  return {
    id: m.id,
    author: m.author,
    platform: m.origin.platform,
    text: deleted ? '' : m.text,
    placeholder: deleted ? '' : placeholder(m.kind, m.attachments),
    createdAt: m.createdAt.toISOString(),
    editedAt: m.editedAt?.toISOString() ?? null,
    deleted,
  }
}

export const chatRoomResource: ResourceFactory = (deps: PanelDeps) => {
  const { ctx, log, components: C } = deps
  const rooms = ctx.domain.rooms
  const actor = (call: CoursePageCall) => actorOf(call.context.currentAdmin)

  const page: CoursePageData = {
    check: (call) => rooms.moderation(actor(call), call.courseId, { limit: 1 }),
    load: async (call) => {
      const view = await rooms.moderation(actor(call), call.courseId, { limit: HISTORY_SHOWN })
      const muted = new Set(view.mutes.map((m) => m.userId))
      return {
        room: {
          you: actor(call).id,
          bindings: view.bindings,
          mutes: view.mutes.map((m) => ({ ...m, since: m.since.toISOString() })),
          messages: view.messages.map((m) => ({ ...messageJson(m), authorMuted: m.author.id !== null && muted.has(m.author.id) })),
        },
      }
    },
  }
  const roomOf = (call: CoursePageCall) => rooms.roomOfCourse(call.courseId)

  return coursePagesResource(deps, CHAT_ROOM_RESOURCE, {
    show: coursePage(log, C.ChatRoom, page),
    unbindChat: coursePageChange(log, page, async (call) => {
      const platform = text(call.payload.platform) as BoundPlatform
      if (!BOUND_PLATFORMS.includes(platform)) throw new ValidationError('platform must be TELEGRAM or DISCORD', { field: 'platform', reason: 'platformChoice' })
      const chatId = text(call.payload.chatId).trim()
      const bound = (await rooms.moderation(actor(call), call.courseId, { limit: 1 })).bindings.some((b) => b.platform === platform && b.chatId === chatId)
      const say = sayTo(call.context.currentAdmin)
      const where = say(platform === 'TELEGRAM' ? 'messages.telegramGroup' : 'messages.discordChannel', { chatId })
      if (!bound || !(await rooms.unbind(actor(call), platform, chatId))) return say('messages.roomWasNotBound', { where })
      return say('messages.roomUnbound', { where })
    }),
    deleteRoomMessage: coursePageChange(log, page, async (call) => {
      const message = await rooms.messageOfCourse(call.courseId, idField(call.payload, 'messageId'))
      const result = await panelRelay(ctx).router.deleteAsMember(actor(call), message.id)
      const say = sayTo(call.context.currentAdmin)
      if (result.status === 'relayed') return say('messages.deletedEverywhere')
      if (result.status === 'ignored' && result.reason === 'unchanged') return say('messages.alreadyDeleted')
      throw new ValidationError((result.status === 'ignored' && result.detail) || 'That message could not be deleted', { reason: 'roomMessageNotDeleted' })
    }),
    muteMember: coursePageChange(log, page, async (call) => {
      const userId = idField(call.payload, 'userId')
      const room = await roomOf(call)
      await rooms.mute(actor(call), room.id, userId, text(call.payload.reason))
      return sayTo(call.context.currentAdmin)('messages.memberMuted')
    }),
    unmuteMember: coursePageChange(log, page, async (call) => {
      const room = await roomOf(call)
      const unmuted = await rooms.unmute(actor(call), room.id, idField(call.payload, 'userId'))
      return sayTo(call.context.currentAdmin)(unmuted ? 'messages.memberUnmuted' : 'messages.memberWasNotMuted')
    }),
  })
}
