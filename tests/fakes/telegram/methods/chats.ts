import { randomBytes } from 'node:crypto'
import type { ChatFullInfo, ChatInviteLink, ChatMember, ChatPermissions, MenuButton, Update, User } from 'grammy/types'
import { badRequest } from '../errors'
import type { ChatRecord, SimState } from '../state'
import type { MethodContext, MethodHandler } from './context'

/** A ChatMember object for `user` in `status`. */
export function makeMember(user: User, status: ChatMember['status']): ChatMember {
  switch (status) {
    case 'creator':
      return { status, user, is_anonymous: false }
    case 'administrator':
      return {
        status, user, can_be_edited: false, is_anonymous: false, can_manage_chat: true, can_delete_messages: true,
        can_manage_video_chats: true, can_restrict_members: true, can_promote_members: false, can_change_info: true,
        can_invite_users: true, can_post_stories: false, can_edit_stories: false, can_delete_stories: false,
        can_pin_messages: true, can_send_welcome_messages: false,
      } as ChatMember
    case 'restricted':
      return { status, user, is_member: true, until_date: 0 } as unknown as ChatMember
    case 'kicked':
      return { status, user, until_date: 0 }
    default:
      return { status, user } as ChatMember
  }
}

/** Current membership of a user (or the bot) in a chat. */
export function memberOf(state: SimState, rec: ChatRecord, userId: number): ChatMember {
  if (userId === state.bot.id) return makeMember(state.bot, rec.botStatus)
  const known = rec.members.get(userId)
  if (known) return known
  const user = state.users.get(userId)
  if (!user) throw badRequest('user not found')
  if (rec.chat.type === 'private') return makeMember(user, rec.chat.id === userId ? 'member' : 'left')
  return makeMember(user, 'left')
}

const chatOf = (ctx: MethodContext) => ctx.state.chatFor(ctx.params.values.chat_id as number | string | undefined)

function requireAdmin(rec: ChatRecord, what: string) {
  if (rec.chat.type === 'private' || rec.botStatus !== 'administrator') throw badRequest(what)
}

const getChat: MethodHandler = (ctx) => {
  const rec = chatOf(ctx)
  const info: Record<string, unknown> = { ...rec.chat, accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: { unlimited_gifts: false, limited_gifts: false, unique_gifts: false, premium_subscription: false } }
  const primary = rec.inviteLinks.find((l) => l.is_primary)
  if (primary) info.invite_link = primary.invite_link
  return info as unknown as ChatFullInfo
}

const getChatMember: MethodHandler = (ctx) => memberOf(ctx.state, chatOf(ctx), ctx.params.reqInt('user_id', 'user_id is empty'))

const getChatMemberCount: MethodHandler = (ctx) => {
  const rec = chatOf(ctx)
  if (rec.chat.type === 'private') return 2
  const live = [...rec.members.values()].filter((m) => !['left', 'kicked'].includes(m.status)).length
  return live + (rec.botStatus === 'left' || rec.botStatus === 'kicked' ? 0 : 1)
}

const getChatAdministrators: MethodHandler = (ctx) => {
  const rec = chatOf(ctx)
  if (rec.chat.type === 'private') throw badRequest('there are no administrators in the private chat')
  const admins = [...rec.members.values()].filter((m) => m.status === 'administrator' || m.status === 'creator')
  return rec.botStatus === 'administrator' ? [...admins, makeMember(ctx.state.bot, 'administrator')] : admins
}

const leaveChat: MethodHandler = (ctx) => {
  const rec = chatOf(ctx)
  if (rec.chat.type === 'private') throw badRequest('chat member status can\'t be changed in private chats')
  if (rec.botStatus === 'left' || rec.botStatus === 'kicked') throw badRequest('bot is not a member of the group chat')
  rec.botStatus = 'left'
  return true
}

const createChatInviteLink: MethodHandler = (ctx) => {
  const rec = chatOf(ctx)
  requireAdmin(rec, 'not enough rights to manage chat invite links')
  const p = ctx.params
  const createsJoinRequest = p.bool('creates_join_request')
  if (createsJoinRequest && p.has('member_limit')) throw badRequest("member limit can't be specified for links requiring administrator approval")
  const link: ChatInviteLink = {
    invite_link: `https://t.me/+${randomBytes(12).toString('base64url')}`,
    creator: ctx.state.bot,
    creates_join_request: createsJoinRequest,
    is_primary: false,
    is_revoked: false,
    ...(p.has('name') ? { name: p.str('name') } : {}),
    ...(p.has('expire_date') ? { expire_date: p.int('expire_date') } : {}),
    ...(p.has('member_limit') ? { member_limit: p.int('member_limit') } : {}),
  }
  rec.inviteLinks.push(link)
  return link
}

const revokeChatInviteLink: MethodHandler = (ctx) => {
  const rec = chatOf(ctx)
  const link = rec.inviteLinks.find((l) => l.invite_link === ctx.params.str('invite_link'))
  if (!link) throw badRequest('INVITE_HASH_INVALID')
  link.is_revoked = true
  return link
}

const answerJoinRequest = (approve: boolean): MethodHandler => (ctx) => {
  const rec = chatOf(ctx)
  requireAdmin(rec, 'not enough rights')
  const userId = ctx.params.reqInt('user_id', 'user_id is empty')
  const request = rec.joinRequests.get(userId)
  if (!request) {
    const status = rec.members.get(userId)?.status
    throw badRequest(status && status !== 'left' && status !== 'kicked' ? 'USER_ALREADY_PARTICIPANT' : 'HIDE_REQUESTER_MISSING')
  }
  rec.joinRequests.delete(userId)
  if (approve) {
    rec.members.set(userId, makeMember(request.from, 'member'))
    const service = ctx.state.addMessage(rec, request.from, { new_chat_members: [request.from] })
    ctx.updates.push({ message: service as Update['message'] })
  }
  return true
}

/** Removes a member (status kicked); a member who was in the group leaves with a left_chat_member service message. */
const banChatMember: MethodHandler = (ctx) => {
  const rec = chatOf(ctx)
  requireAdmin(rec, 'not enough rights to restrict/unrestrict chat member')
  const userId = ctx.params.reqInt('user_id', 'user_id is empty')
  const user = ctx.state.users.get(userId)
  if (!user) throw badRequest('user not found')
  if (userId === ctx.state.bot.id) throw badRequest("can't remove chat owner")
  const was = rec.members.get(userId)?.status
  if (was === 'creator') throw badRequest("can't remove chat owner")
  rec.members.set(userId, makeMember(user, 'kicked'))
  if (was && was !== 'left' && was !== 'kicked') {
    const service = ctx.state.addMessage(rec, ctx.state.bot, { left_chat_member: user })
    ctx.updates.push({ message: service as Update['message'] })
  }
  return true
}

/** Lifts a ban (the user may join again); with only_if_banned, a member who is not banned is left alone. Supergroups only, as on Telegram. */
const unbanChatMember: MethodHandler = (ctx) => {
  const rec = chatOf(ctx)
  if (rec.chat.type !== 'supergroup') throw badRequest('method is available for supergroup and channel chats only')
  requireAdmin(rec, 'not enough rights to restrict/unrestrict chat member')
  const userId = ctx.params.reqInt('user_id', 'user_id is empty')
  const current = rec.members.get(userId)
  if (current?.status === 'kicked') rec.members.set(userId, makeMember(current.user, 'left'))
  else if (current && !ctx.params.bool('only_if_banned') && current.status !== 'left') rec.members.set(userId, makeMember(current.user, 'left'))
  return true
}

/** The permissions a restricted member holds (ChatMemberRestricted), every one false unless given true. */
const SEND_PERMISSIONS = [
  'can_send_messages', 'can_send_audios', 'can_send_documents', 'can_send_photos', 'can_send_videos', 'can_send_video_notes',
  'can_send_voice_notes', 'can_send_polls', 'can_send_other_messages', 'can_add_web_page_previews',
] as const
const OTHER_PERMISSIONS = ['can_change_info', 'can_invite_users', 'can_pin_messages', 'can_manage_topics'] as const

/**
 * Restricts a member (status restricted, with the permissions given; missing
 * ones false); every permission true lifts the restriction (status member, as
 * Telegram does). Supergroups only; not the bot, the owner or administrators.
 */
const restrictChatMember: MethodHandler = (ctx) => {
  const rec = chatOf(ctx)
  if (rec.chat.type !== 'supergroup') throw badRequest('method is available only for supergroups')
  requireAdmin(rec, 'not enough rights to restrict/unrestrict chat member')
  const userId = ctx.params.reqInt('user_id', 'user_id is empty')
  if (userId === ctx.state.bot.id) throw badRequest("can't restrict self")
  const user = ctx.state.users.get(userId)
  if (!user) throw badRequest('user not found')
  const permissions = ctx.params.obj<ChatPermissions>('permissions')
  if (!permissions) throw badRequest('permissions are empty')
  const current = rec.members.get(userId)
  if (current?.status === 'creator' || current?.status === 'administrator') throw badRequest('user is an administrator of the chat')
  const all = Object.fromEntries([...SEND_PERMISSIONS, ...OTHER_PERMISSIONS].map((k) => [k, permissions[k] === true]))
  const inChat = !!current && current.status !== 'left' && current.status !== 'kicked'
  if (Object.values(all).every(Boolean)) {
    if (current?.status === 'restricted') rec.members.set(userId, makeMember(user, (current as { is_member?: boolean }).is_member ? 'member' : 'left'))
    return true
  }
  rec.members.set(userId, { status: 'restricted', user, is_member: inChat || current?.status === 'restricted', until_date: ctx.params.int('until_date') ?? 0, ...all } as unknown as ChatMember)
  return true
}

/** Whether a member may post in the chat: false for a member restricted from sending messages. */
export function maySend(rec: ChatRecord, userId: number): boolean {
  const member = rec.members.get(userId)
  return member?.status !== 'restricted' || (member as { can_send_messages?: boolean }).can_send_messages === true
}

const setChatMenuButton: MethodHandler = (ctx) => {
  const button = ctx.params.obj<MenuButton>('menu_button') ?? { type: 'default' }
  if (!['default', 'commands', 'web_app'].includes(button.type)) throw badRequest('unsupported menu button type')
  if (ctx.params.has('chat_id')) chatOf(ctx).menuButton = button
  else ctx.state.defaultMenuButton = button
  return true
}

const getChatMenuButton: MethodHandler = (ctx) =>
  ctx.params.has('chat_id') ? chatOf(ctx).menuButton ?? ctx.state.defaultMenuButton : ctx.state.defaultMenuButton

export const chatMethods: Record<string, MethodHandler> = {
  getChat, getChatMember, getChatMemberCount, getChatAdministrators, leaveChat, createChatInviteLink,
  revokeChatInviteLink, approveChatJoinRequest: answerJoinRequest(true), declineChatJoinRequest: answerJoinRequest(false),
  banChatMember, unbanChatMember, restrictChatMember,
  setChatMenuButton, getChatMenuButton,
}
