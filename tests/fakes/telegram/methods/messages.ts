import { randomBytes } from 'node:crypto'
import type { Message, MessageEntity, Poll } from 'grammy/types'
import { badRequest } from '../errors'
import type { FileKind } from '../files'
import { Params } from '../params'
import { formatMessageText, formatText } from '../text'
import { rateLimit, type MethodContext, type MethodHandler } from './context'
import { resolveMedia } from './media'
import { captionFields, prepareSend } from './send-common'

const CHAT_ACTIONS = new Set(['typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice',
  'upload_document', 'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note'])

function record(ctx: MethodContext, base: ReturnType<typeof prepareSend>, fields: Partial<Message>): Message {
  rateLimit(ctx, base.rec.chat.id, 'send')
  const message = ctx.state.addMessage(base.rec, ctx.state.bot, { ...fields, ...base.fields })
  base.commit()
  return message
}

const sendMessage: MethodHandler = (ctx) => {
  const p = ctx.params
  const base = prepareSend(ctx)
  const t = formatMessageText(p.str('text'), p.str('parse_mode'), p.obj<MessageEntity[]>('entities'))
  return record(ctx, base, t.entities.length > 0 ? { text: t.text, entities: t.entities } : { text: t.text })
}

/** send<Photo|Document|Video|...>: the file field is named like the kind. */
const sendMedia = (kind: FileKind): MethodHandler => async (ctx) => {
  const base = prepareSend(ctx)
  const caption = kind === 'sticker' || kind === 'video_note' ? {} : captionFields(ctx)
  const build = await resolveMedia(ctx, kind, ctx.params.fileRef(kind), ctx.params.values)
  rateLimit(ctx, base.rec.chat.id, 'send')
  const message = ctx.state.addMessage(base.rec, ctx.state.bot, { ...build(), ...caption, ...base.fields })
  base.commit()
  return message
}

const sendMediaGroup: MethodHandler = async (ctx) => {
  const base = prepareSend(ctx)
  const media = ctx.params.obj<Record<string, unknown>[]>('media')
  if (!Array.isArray(media) || media.length < 2 || media.length > 10) throw badRequest('wrong number of messages in the media group, must be 2-10')
  const items = await Promise.all(media.map(async (item) => {
    const kind = String(item.type) as FileKind
    if (!['photo', 'video', 'document', 'audio'].includes(kind)) throw badRequest(`unsupported media type "${kind}" in the media group`)
    const ref = item.media as string | undefined
    const build = await resolveMedia(ctx, kind, ref, item)
    const caption = captionFields({ ...ctx, params: new Params(item, ctx.params.files) })
    return { build, caption }
  }))
  rateLimit(ctx, base.rec.chat.id, 'send', items.length)
  const groupId = String(BigInt('0x' + randomBytes(7).toString('hex')))
  const messages = items.map(({ build, caption }) =>
    ctx.state.addMessage(base.rec, ctx.state.bot, { ...build(), ...caption, media_group_id: groupId, ...base.fields }))
  base.commit()
  return messages
}

const sendPoll: MethodHandler = (ctx) => {
  const p = ctx.params
  const base = prepareSend(ctx)
  const q = formatText(p.reqStr('question', 'poll question must be non-empty'), p.str('question_parse_mode'), p.obj('question_entities'))
  if (q.text.length > 300) throw badRequest('poll question length must not exceed 300')
  const rawOptions = p.obj<(string | { text: string; text_parse_mode?: string; text_entities?: MessageEntity[] })[]>('options')
  if (!Array.isArray(rawOptions) || rawOptions.length < 2) throw badRequest('poll must have at least 2 option')
  if (rawOptions.length > 12) throw badRequest("poll can't have more than 12 options")
  const options = rawOptions.map((o) => {
    const opt = typeof o === 'string' ? { text: o } : o
    const f = formatText(opt.text ?? '', opt.text_parse_mode, opt.text_entities)
    if (f.text.length < 1 || f.text.length > 100) throw badRequest('poll options length must not exceed 100')
    return { persistent_id: randomBytes(6).toString('base64url'), text: f.text, ...(f.entities.length ? { text_entities: f.entities } : {}), voter_count: 0 }
  })
  const type = p.str('type') === 'quiz' ? 'quiz' : 'regular'
  const correct = p.obj<number[]>('correct_option_ids') ?? (p.int('correct_option_id') !== undefined ? [p.int('correct_option_id')!] : undefined)
  if (type === 'quiz') {
    if (!correct || correct.length !== 1 || correct.some((c) => !Number.isInteger(c) || c < 0 || c >= options.length)) {
      throw badRequest('wrong correct option ID specified')
    }
  }
  const explanation = p.has('explanation') ? formatText(p.str('explanation')!, p.str('explanation_parse_mode'), p.obj('explanation_entities')) : undefined
  if (explanation && explanation.text.length > 200) throw badRequest('explanation is too long')
  const poll = {
    id: String(BigInt('0x' + randomBytes(7).toString('hex'))),
    question: q.text,
    ...(q.entities.length ? { question_entities: q.entities } : {}),
    options,
    total_voter_count: 0,
    is_closed: p.bool('is_closed'),
    is_anonymous: p.has('is_anonymous') ? p.bool('is_anonymous') : true,
    type,
    allows_multiple_answers: type === 'regular' && p.bool('allows_multiple_answers'),
    allows_revoting: p.has('allows_revoting') ? p.bool('allows_revoting') : type === 'regular',
    members_only: p.bool('members_only'),
    ...(type === 'quiz' && correct ? { correct_option_id: correct[0], correct_option_ids: correct } : {}),
    ...(explanation ? { explanation: explanation.text, ...(explanation.entities.length ? { explanation_entities: explanation.entities } : {}) } : {}),
    ...(p.int('open_period') !== undefined ? { open_period: p.int('open_period') } : {}),
    ...(p.int('close_date') !== undefined ? { close_date: p.int('close_date') } : {}),
  } as Poll
  const message = record(ctx, base, { poll })
  ctx.state.polls.set(poll.id, { poll, chatId: base.rec.chat.id, messageId: message.message_id, votes: new Map() })
  return message
}

const sendChatAction: MethodHandler = (ctx) => {
  const rec = ctx.state.writableChat(ctx.params.values.chat_id as number | string | undefined)
  const action = ctx.params.reqStr('action', 'wrong parameter action in request')
  if (!CHAT_ACTIONS.has(action)) throw badRequest('wrong parameter action in request')
  rec.actions.push({ action, at: ctx.state.now() })
  return true
}

/** Copies content fields of a message (what copyMessage/forwardMessage carry over). */
function contentOf(m: Message): Partial<Message> {
  const keep = ['text', 'entities', 'caption', 'caption_entities', 'photo', 'document', 'video', 'audio', 'voice',
    'animation', 'sticker', 'video_note', 'poll', 'location', 'contact'] as const
  const out: Record<string, unknown> = {}
  const src = m as unknown as Record<string, unknown>
  for (const k of keep) if (src[k] !== undefined) out[k] = src[k]
  return out as Partial<Message>
}

function source(ctx: MethodContext): Message {
  const from = ctx.state.chatFor(ctx.params.values.from_chat_id as number | string | undefined)
  const m = ctx.state.findMessage(from, ctx.params.reqInt('message_id', 'message identifier is not specified'))
  if (!m) throw badRequest('message to copy not found')
  return m
}

const copyMessage: MethodHandler = (ctx) => {
  const base = prepareSend(ctx)
  const m = source(ctx)
  const content = contentOf(m)
  if (ctx.params.has('caption') && !content.text) Object.assign(content, captionFields(ctx))
  return { message_id: record(ctx, base, content).message_id }
}

const forwardMessage: MethodHandler = (ctx) => {
  const base = prepareSend(ctx)
  const m = source(ctx)
  const origin = m.chat.type === 'private' || !m.sender_chat
    ? { type: 'user', sender_user: m.from, date: m.date }
    : { type: 'chat', sender_chat: m.chat, date: m.date }
  return record(ctx, base, { ...contentOf(m), forward_origin: origin } as Partial<Message>)
}

export const messageMethods: Record<string, MethodHandler> = {
  sendMessage,
  sendPhoto: sendMedia('photo'),
  sendDocument: sendMedia('document'),
  sendVideo: sendMedia('video'),
  sendAudio: sendMedia('audio'),
  sendVoice: sendMedia('voice'),
  sendAnimation: sendMedia('animation'),
  sendSticker: sendMedia('sticker'),
  sendVideoNote: sendMedia('video_note'),
  sendMediaGroup,
  sendPoll,
  sendChatAction,
  copyMessage,
  forwardMessage,
}
