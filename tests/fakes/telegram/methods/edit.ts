import type { Message, MessageEntity } from 'grammy/types'
import { badRequest } from '../errors'
import { validateMarkup } from '../markup'
import type { ChatRecord } from '../state'
import { formatCaption, formatMessageText } from '../text'
import { rateLimit, type MethodContext, type MethodHandler } from './context'

const NOT_MODIFIED = 'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message'

function target(ctx: MethodContext): { rec: ChatRecord; message: Message } {
  const p = ctx.params
  if (p.has('inline_message_id')) throw badRequest('MESSAGE_ID_INVALID')
  const rec = ctx.state.chatFor(p.values.chat_id as number | string | undefined)
  const message = ctx.state.findMessage(rec, p.reqInt('message_id', 'message identifier is not specified'))
  if (!message) throw badRequest('message to edit not found')
  if (message.from?.id !== ctx.state.bot.id) throw badRequest("message can't be edited")
  return { rec, message }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/** Applies an edit: checks "not modified", the per-chat rate limit, then stores the new version. */
function commit(ctx: MethodContext, rec: ChatRecord, old: Message, next: Record<string, unknown>): Message {
  const edited = { ...old, ...next } as Record<string, unknown>
  for (const [k, v] of Object.entries(next)) if (v === undefined) delete edited[k]
  const strip = (m: Record<string, unknown>) => ({ ...m, edit_date: undefined })
  if (same(strip(edited), strip(old as unknown as Record<string, unknown>))) throw badRequest(NOT_MODIFIED)
  rateLimit(ctx, rec.chat.id, 'edit')
  edited.edit_date = ctx.state.unixNow()
  ctx.state.replaceMessage(rec, edited as unknown as Message)
  return edited as unknown as Message
}

const editMessageText: MethodHandler = (ctx) => {
  const { rec, message } = target(ctx)
  if (message.text === undefined) throw badRequest('there is no text in the message to edit')
  const p = ctx.params
  const t = formatMessageText(p.str('text'), p.str('parse_mode'), p.obj<MessageEntity[]>('entities'))
  return commit(ctx, rec, message, {
    text: t.text,
    entities: t.entities.length > 0 ? t.entities : undefined,
    reply_markup: validateMarkup(p.obj('reply_markup')),
  })
}

const editMessageCaption: MethodHandler = (ctx) => {
  const { rec, message } = target(ctx)
  if (message.text !== undefined || message.poll) throw badRequest('there is no caption in the message to edit')
  const p = ctx.params
  const c = formatCaption(p.str('caption'), p.str('parse_mode'), p.obj<MessageEntity[]>('caption_entities'))
  return commit(ctx, rec, message, {
    caption: c?.text,
    caption_entities: c && c.entities.length > 0 ? c.entities : undefined,
    reply_markup: validateMarkup(p.obj('reply_markup')),
  })
}

const editMessageReplyMarkup: MethodHandler = (ctx) => {
  const { rec, message } = target(ctx)
  return commit(ctx, rec, message, { reply_markup: validateMarkup(ctx.params.obj('reply_markup')) })
}

const stopPoll: MethodHandler = (ctx) => {
  const { rec, message } = target(ctx)
  if (!message.poll) throw badRequest('message with poll to stop not found')
  if (message.poll.is_closed) throw badRequest('poll has already been closed')
  const poll = { ...message.poll, is_closed: true }
  const record = ctx.state.polls.get(poll.id)
  if (record) record.poll = poll
  commit(ctx, rec, message, { poll, reply_markup: validateMarkup(ctx.params.obj('reply_markup')) })
  return poll
}

const deleteOne = (ctx: MethodContext, rec: ChatRecord, id: number): boolean => {
  const m = ctx.state.findMessage(rec, id)
  if (!m) return false
  if (rec.chat.type !== 'private' && m.from?.id !== ctx.state.bot.id && rec.botStatus !== 'administrator') {
    throw badRequest("message can't be deleted")
  }
  return ctx.state.deleteMessage(rec, id)
}

const deleteMessage: MethodHandler = (ctx) => {
  const rec = ctx.state.chatFor(ctx.params.values.chat_id as number | string | undefined)
  if (!deleteOne(ctx, rec, ctx.params.reqInt('message_id', 'message identifier is not specified'))) {
    throw badRequest('message to delete not found')
  }
  return true
}

const deleteMessages: MethodHandler = (ctx) => {
  const rec = ctx.state.chatFor(ctx.params.values.chat_id as number | string | undefined)
  const ids = ctx.params.obj<number[]>('message_ids') ?? []
  if (ids.length < 1 || ids.length > 100) throw badRequest('message_ids must contain 1-100 identifiers')
  for (const id of ids) deleteOne(ctx, rec, Number(id))
  return true
}

export const editMethods: Record<string, MethodHandler> = {
  editMessageText, editMessageCaption, editMessageReplyMarkup, stopPoll, deleteMessage, deleteMessages,
}
