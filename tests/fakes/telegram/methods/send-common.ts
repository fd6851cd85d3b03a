import type { Message, MessageEntity, ReplyParameters } from 'grammy/types'
import { badRequest } from '../errors'
import { applyReplyKeyboard, validateMarkup } from '../markup'
import type { ChatRecord } from '../state'
import { formatCaption } from '../text'
import type { MethodContext } from './context'

/** Fields shared by all send* methods, validated before the message is created. */
export interface SendBase {
  rec: ChatRecord
  /** Extra message fields: reply_to_message, reply_markup, has_protected_content... */
  fields: Partial<Message>
  /** Call after the message is recorded (tracks the reply keyboard). */
  commit(): void
}

export function prepareSend(ctx: MethodContext): SendBase {
  const p = ctx.params
  const rec = ctx.state.writableChat(p.values.chat_id as number | string | undefined)
  const fields: Record<string, unknown> = {}
  const replyParams = p.obj<ReplyParameters>('reply_parameters')
  const replyId = replyParams?.message_id ?? p.int('reply_to_message_id')
  if (replyId !== undefined) {
    const target = ctx.state.findMessage(rec, Number(replyId))
    if (target) fields.reply_to_message = target
    else if (!(replyParams?.allow_sending_without_reply ?? p.bool('allow_sending_without_reply'))) {
      throw badRequest('message to be replied not found')
    }
  }
  const rawMarkup = p.obj<unknown>('reply_markup')
  const inline = validateMarkup(rawMarkup)
  if (inline) fields.reply_markup = inline
  if (p.bool('protect_content')) fields.has_protected_content = true
  const thread = p.int('message_thread_id')
  if (thread !== undefined) fields.message_thread_id = thread
  return { rec, fields: fields as Partial<Message>, commit: () => applyReplyKeyboard(rec, rawMarkup) }
}

/** caption + caption_entities for media messages. */
export function captionFields(ctx: MethodContext, prefix = ''): Partial<Message> {
  const p = ctx.params
  const c = formatCaption(p.str(`${prefix}caption`), p.str(`${prefix}parse_mode`), p.obj<MessageEntity[]>(`${prefix}caption_entities`))
  if (!c) return {}
  return c.entities.length > 0 ? { caption: c.text, caption_entities: c.entities } : { caption: c.text }
}
