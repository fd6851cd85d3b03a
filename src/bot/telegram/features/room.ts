// Course chat rooms in Telegram groups (issue 9). In a group bound to a
// course's room every member's message and edit goes to the relay
// (RelayRouter); our own bot's copies are never relayed again. Commands in a
// group: /bind <course> and /unbind (the course's authors, with a linked
// account; the bot must be an administrator), and, as a reply to a relayed
// message, /delete (everywhere), /mute [reason] and /unmute (the course's
// authors). Join requests to a bound group are approved for the room's members
// (enrolled students, the course's authors) and declined for anyone else. In
// private chat: /web [course] (a one-time sign-in link to the web room) and
// /chat [course] (join-request links of the course groups).
// Answers in groups are plain text without parse_mode: a course title or a
// name can never render as markup.
import { Composer, InlineKeyboard } from 'grammy'
import type { ChatMember, Message, MessageEntity, User as TelegramUser } from 'grammy/types'
import type { InboundAuthor, InboundMessage } from '../../../bridge/message'
import { DomainError, NotFoundError, type Actor } from '../../../domain'
import type { Attachment, MessageKind, RoomBinding, TextEntity } from '../../../domain/rooms.types'
import { webSignInPath } from '../../../domain/web-sign-in.service'
import type { BotContext } from '../context'
import { tr } from '../i18n'
import { safeError } from '../log-safety'

export const roomFeature = new Composer<BotContext>()
const groups = roomFeature.chatType(['group', 'supergroup'])
const privateChat = roomFeature.chatType('private')

/** How long a group's join-request link is reused before a new one is made. */
const INVITE_CACHE_SECONDS = 24 * 3600

// ---- commands in groups

groups.command('bind', async (ctx) => {
  const slug = ctx.match.trim()
  if (!slug) return answer(ctx, ctx.t('room-bind-usage'))
  const actor = await linkedActor(ctx)
  if (!actor) return answer(ctx, ctx.t('room-not-linked'))
  const missing = missingRights(await ctx.getChatMember(ctx.me.id))
  if (missing) return answer(ctx, ctx.t('room-bot-not-admin', { rights: missing }))
  const { rooms } = ctx.deps.domain
  try {
    const { course } = await rooms.enter(actor, slug)
    await rooms.bind(actor, course.id, { platform: 'TELEGRAM', chatId: String(ctx.chat.id) })
    ctx.log.info({ courseId: course.id }, 'group bound to a course room')
    return answer(ctx, ctx.t('room-bound', { course: course.title }))
  } catch (err) {
    if (err instanceof NotFoundError) return answer(ctx, ctx.t('room-course-not-found', { course: slug }))
    if (err instanceof DomainError) return answer(ctx, ctx.t('room-bind-forbidden'))
    throw err
  }
})

groups.command('unbind', async (ctx) => {
  const actor = await linkedActor(ctx)
  if (!actor) return answer(ctx, ctx.t('room-not-linked'))
  try {
    const removed = await ctx.deps.domain.rooms.unbind(actor, 'TELEGRAM', String(ctx.chat.id))
    return answer(ctx, ctx.t(removed ? 'room-unbound' : 'room-not-bound'))
  } catch (err) {
    if (err instanceof DomainError) return answer(ctx, ctx.t('room-bind-forbidden'))
    throw err
  }
})

groups.command('delete', async (ctx) => {
  const target = await repliedRoomMessage(ctx)
  if (!target) return
  const actor = await linkedActor(ctx)
  const result = actor ? await relay(ctx).deleteAsMember(actor, target.id) : null
  if (!result || result.status === 'ignored') {
    if (result?.reason === 'unchanged') return answer(ctx, ctx.t('room-already-deleted'))
    return answer(ctx, ctx.t('room-mod-forbidden'))
  }
  // the relay deletes the copies; an original posted here, and the command itself, the bot deletes here
  const chatId = String(ctx.chat.id)
  if (target.origin.platform === 'TELEGRAM' && target.origin.chatId === chatId) await deleteHere(ctx, Number(target.origin.messageId))
  await deleteHere(ctx, ctx.message.message_id)
  ctx.log.info({ messageId: target.id }, 'room message deleted by command')
})

groups.command('mute', (ctx) => moderateMember(ctx, 'mute'))
groups.command('unmute', (ctx) => moderateMember(ctx, 'unmute'))

/** /mute [reason] and /unmute, as a reply: the author of the room message replied to. */
async function moderateMember(ctx: BotContext & { chat: { id: number }; message: Message; match: string }, action: 'mute' | 'unmute') {
  const target = await repliedRoomMessage(ctx)
  if (!target) return
  const actor = await linkedActor(ctx)
  if (!actor) return answer(ctx, ctx.t('room-mod-forbidden'))
  if (target.author.id === null) return answer(ctx, ctx.t('room-unknown-message'))
  const { rooms } = ctx.deps.domain
  const name = target.author.name
  try {
    if (action === 'mute') {
      await rooms.mute(actor, target.roomId, target.author.id, ctx.match.trim())
      return answer(ctx, ctx.t('room-muted', { name }))
    }
    const was = await rooms.unmute(actor, target.roomId, target.author.id)
    return answer(ctx, ctx.t(was ? 'room-unmuted' : 'room-not-muted', { name }))
  } catch (err) {
    if (err instanceof DomainError && err.code === 'invalid') return answer(ctx, ctx.t('room-mute-self'))
    if (err instanceof DomainError) return answer(ctx, ctx.t('room-mod-forbidden'))
    throw err
  }
}

// ---- the relay

// Telegram upgraded the bound group to a supergroup (new id): the binding follows
groups.on('message:migrate_to_chat_id', async (ctx) => {
  const moved = await ctx.deps.domain.rooms.moveBinding('TELEGRAM', String(ctx.chat.id), String(ctx.message.migrate_to_chat_id))
  if (moved) ctx.log.info({ to: ctx.message.migrate_to_chat_id }, 'bound group upgraded to a supergroup; binding moved')
})

groups.on('message', async (ctx, next) => {
  const message = ctx.message
  const inbound = inboundOf(message, ctx.me.id)
  if (!inbound) return next() // a service message (joined, left, pinned...)
  const result = await relay(ctx).inbound(inbound)
  if (result.status === 'ignored' && result.reason === 'not_bound') return next() // not a course chat
  if (result.status === 'muted') {
    if (result.tell) await answer(ctx, ctx.t(result.reason ? 'room-you-are-muted-reason' : 'room-you-are-muted', { name: inbound.author.displayName, reason: result.reason }))
    return
  }
  if (result.status === 'ignored') ctx.log.debug({ reason: result.reason, detail: result.detail }, 'group message not relayed')
})

groups.on('edited_message', async (ctx) => {
  const m = ctx.editedMessage
  if (!m.from) return
  const result = await relay(ctx).inboundEdit({
    platform: 'TELEGRAM',
    chatId: String(m.chat.id),
    messageId: String(m.message_id),
    author: authorOf(m.from),
    fromSelf: m.from.id === ctx.me.id,
    text: m.text ?? m.caption ?? '',
    entities: ourEntities(m.entities ?? m.caption_entities ?? []),
  })
  if (result.status === 'ignored') ctx.log.debug({ reason: result.reason }, 'group edit not relayed')
})

// ---- join requests

roomFeature.on('chat_join_request', async (ctx) => {
  const request = ctx.chatJoinRequest
  const { rooms, accounts } = ctx.deps.domain
  const binding = await rooms.bindingFor('TELEGRAM', String(request.chat.id))
  if (!binding) return // not a course chat: the group's own admins decide
  const user = await accounts.findByPlatform('TELEGRAM', String(request.from.id))
  const member = user !== null && (await rooms.isMember({ id: user.id, role: user.role }, binding.roomId))
  if (member) await ctx.api.approveChatJoinRequest(request.chat.id, request.from.id)
  else await ctx.api.declineChatJoinRequest(request.chat.id, request.from.id)
  ctx.log.info({ approved: member, telegramUserId: request.from.id }, 'course chat join request answered')
  if (member) return
  // the applicant may be told why for a few minutes after the request
  try {
    await ctx.api.sendMessage(request.user_chat_id, ctx.t('room-join-declined'), { link_preview_options: { is_disabled: true } })
  } catch (err) {
    ctx.log.debug({ err: safeError(err) }, 'could not tell a declined applicant')
  }
})

// ---- private chat: the web room and the course groups

privateChat.command('web', async (ctx) => {
  const { user, actor } = await ctx.student()
  const slug = ctx.match.trim() || undefined
  if (slug) {
    try {
      await ctx.deps.domain.rooms.enter(actor, slug)
    } catch (err) {
      if (err instanceof DomainError) return ctx.reply(ctx.t('web-no-room', { course: slug }))
      throw err
    }
  }
  const { token } = await ctx.deps.domain.webSignIn.issueLoginToken(user.id)
  const url = `${ctx.deps.publicUrl}${webSignInPath(token, slug)}`
  // a link preview robot would not spend it (the api answers robots a page), but nobody needs the preview
  await ctx.reply(tr(ctx, 'web-link', { url }), { parse_mode: 'HTML', link_preview_options: { is_disabled: true } })
})

privateChat.command('chat', async (ctx) => {
  const { actor, user } = await ctx.student()
  const slug = ctx.match.trim()
  const courses = slug ? (await ctx.deps.domain.enrolment.myCourses(user.id)).filter((c) => c.slug === slug) : await ctx.deps.domain.enrolment.myCourses(user.id)
  const kb = new InlineKeyboard()
  let links = 0
  for (const course of courses) {
    for (const url of await groupInvites(ctx, course.id, actor)) {
      kb.url(ctx.t('btn-join-course-chat', { course: course.title.slice(0, 40) }), url).row()
      links++
    }
  }
  if (links === 0) return ctx.reply(ctx.t('room-no-groups'))
  await ctx.reply(ctx.t('room-groups'), { reply_markup: kb })
})

/** After an enrolment in the bot: the course's groups, as join-request links. */
export async function offerCourseGroups(ctx: BotContext, course: { id: number; title: string }, actor: Actor): Promise<void> {
  const urls = await groupInvites(ctx, course.id, actor)
  if (urls.length === 0) return
  const kb = new InlineKeyboard()
  for (const url of urls) kb.url(ctx.t('btn-join-course-chat', { course: course.title.slice(0, 40) }), url).row()
  await ctx.reply(ctx.t('room-groups'), { reply_markup: kb })
}

/** Join-request invite links of the course room's Telegram groups (a member's only). */
async function groupInvites(ctx: BotContext, courseId: number, actor: Actor): Promise<string[]> {
  const { rooms } = ctx.deps.domain
  const room = await rooms.roomOfCourse(courseId)
  if (!(await rooms.isMember(actor, room.id))) return []
  const urls: string[] = []
  for (const binding of await rooms.bindings(room.id)) {
    if (binding.platform !== 'TELEGRAM') continue
    try {
      urls.push(await inviteLink(ctx, binding))
    } catch (err) {
      ctx.log.warn({ chatId: binding.chatId, err: safeError(err) }, 'could not make a join-request link for a course group')
    }
  }
  return urls
}

/** One join-request link per group, reused for a day (a link per student would clutter the group's link list). */
async function inviteLink(ctx: BotContext, binding: RoomBinding): Promise<string> {
  const key = `tg:room-invite:${binding.chatId}`
  const cached = await ctx.deps.redis.get(key)
  if (cached) return cached
  const link = await ctx.api.createChatInviteLink(binding.chatId, { creates_join_request: true, name: 'course chat' })
  await ctx.deps.redis.set(key, link.invite_link, 'EX', INVITE_CACHE_SECONDS)
  return link.invite_link
}

// ---- helpers

function relay(ctx: BotContext) {
  const router = ctx.deps.relay
  if (!router) throw new Error('the course chat relay is not wired into this bot')
  return router
}

/** The sender's account, when this Telegram account is known (linked to the author's account, or a student who used the bot). */
async function linkedActor(ctx: BotContext): Promise<Actor | null> {
  const from = ctx.from
  if (!from || from.is_bot) return null
  const user = await ctx.deps.domain.accounts.findByPlatform('TELEGRAM', String(from.id))
  return user ? { id: user.id, role: user.role } : null
}

/** The room message a moderation command answers; tells the moderator when there is none. */
async function repliedRoomMessage(ctx: BotContext & { chat: { id: number }; message: Message }) {
  const chatId = String(ctx.chat.id)
  const binding = await ctx.deps.domain.rooms.bindingFor('TELEGRAM', chatId)
  if (!binding) {
    await answer(ctx, ctx.t('room-not-bound'))
    return null
  }
  const replied = ctx.message.reply_to_message
  if (!replied) {
    await answer(ctx, ctx.t('room-reply-needed'))
    return null
  }
  const id = await relay(ctx).roomMessageOf('TELEGRAM', chatId, String(replied.message_id))
  const message = id === null ? null : await ctx.deps.domain.rooms.getMessage(id)
  if (!message || message.deletedAt) {
    await answer(ctx, ctx.t('room-unknown-message'))
    return null
  }
  return message
}

/** What the bot needs as an administrator of a course group. */
function missingRights(me: ChatMember): string | null {
  if (me.status !== 'administrator' && me.status !== 'creator') return 'administrator'
  if (me.status === 'creator') return null
  const missing = [
    me.can_invite_users ? null : 'invite users',
    me.can_delete_messages ? null : 'delete messages',
    me.can_restrict_members ? null : 'ban users',
  ].filter(Boolean)
  return missing.length ? missing.join(', ') : null
}

async function answer(ctx: BotContext, text: string): Promise<void> {
  const replyTo = ctx.message?.message_id
  await ctx.reply(text, {
    link_preview_options: { is_disabled: true },
    ...(replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {}),
  })
}

async function deleteHere(ctx: BotContext, messageId: number): Promise<void> {
  try {
    await ctx.api.deleteMessage(ctx.chat!.id, messageId)
  } catch (err) {
    ctx.log.info({ messageId, err: safeError(err) }, 'could not delete a message in the group')
  }
}

function authorOf(from: TelegramUser): InboundAuthor {
  return {
    externalId: String(from.id),
    displayName: [from.first_name, from.last_name].filter(Boolean).join(' '),
    username: from.username ?? null,
    languageCode: from.language_code ?? null,
  }
}

/** A group message as the relay takes it, or null for service messages (joins, pins, title changes...). */
export function inboundOf(m: Message, botId: number): InboundMessage | null {
  if (!m.from) return null
  const content = contentOf(m)
  if (!content) return null
  return {
    platform: 'TELEGRAM',
    chatId: String(m.chat.id),
    messageId: String(m.message_id),
    author: authorOf(m.from),
    fromSelf: m.from.id === botId,
    ...content,
    text: m.text ?? m.caption ?? '',
    entities: ourEntities(m.entities ?? m.caption_entities ?? []),
    replyToMessageId: m.reply_to_message ? String(m.reply_to_message.message_id) : null,
  }
}

function contentOf(m: Message): { kind: MessageKind; attachments: Attachment[] } | null {
  const file = (kind: 'photo' | 'file', a: { file_id: string; file_size?: number }, name: string, mimeType?: string): Attachment => ({
    kind, name, platformFileId: a.file_id, ...(a.file_size !== undefined ? { size: a.file_size } : {}), ...(mimeType ? { mimeType } : {}),
  })
  if (m.photo?.length) return { kind: 'photo', attachments: [file('photo', m.photo.at(-1)!, 'photo.jpg', 'image/jpeg')] }
  if (m.document) return { kind: 'file', attachments: [file('file', m.document, m.document.file_name ?? 'file', m.document.mime_type)] }
  if (m.video) return { kind: 'file', attachments: [file('file', m.video, m.video.file_name ?? 'video.mp4', m.video.mime_type)] }
  if (m.audio) return { kind: 'file', attachments: [file('file', m.audio, m.audio.file_name ?? 'audio.mp3', m.audio.mime_type)] }
  if (m.animation) return { kind: 'file', attachments: [file('file', m.animation, m.animation.file_name ?? 'animation.mp4', m.animation.mime_type)] }
  if (m.sticker) return { kind: 'sticker', attachments: [] }
  if (m.voice || m.video_note) return { kind: 'voice', attachments: [] }
  if (m.text !== undefined) return { kind: 'text', attachments: [] }
  if (m.poll || m.location || m.contact || m.dice || m.venue || m.game || m.story) return { kind: 'other', attachments: [] }
  return null
}

const FORMATTING = new Set(['bold', 'italic', 'underline', 'strikethrough', 'spoiler', 'code', 'pre'])

/** Telegram's formatting entities as the room keeps them (mentions, commands, plain URLs are just text). */
function ourEntities(entities: MessageEntity[]): TextEntity[] {
  const out: TextEntity[] = []
  for (const e of entities) {
    if (FORMATTING.has(e.type)) out.push({ type: e.type as TextEntity['type'], offset: e.offset, length: e.length })
    else if (e.type === 'text_link') out.push({ type: 'link', offset: e.offset, length: e.length, url: e.url })
  }
  return out
}
