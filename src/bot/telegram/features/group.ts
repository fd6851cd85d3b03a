// Groups and supergroups: the bot stays quiet unless addressed (a command
// with @botname, a mention, or a reply to one of its messages), and then only
// points to the private chat where teaching happens. Nothing below runs for groups.
import { Composer, InlineKeyboard } from 'grammy'
import type { Message } from 'grammy/types'
import type { BotContext } from '../context'

export const groupFeature = new Composer<BotContext>()
const groups = groupFeature.chatType(['group', 'supergroup', 'channel'])

groups.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: ctx.t('cb-stale') }))

groups.on('message', async (ctx) => {
  if (!addressesBot(ctx.message, ctx.me.username, ctx.me.id)) return
  const kb = new InlineKeyboard().url(ctx.t('btn-open-private'), `https://t.me/${ctx.me.username}`)
  await ctx.reply(ctx.t('group-hint'), { reply_markup: kb, reply_parameters: { message_id: ctx.message.message_id, allow_sending_without_reply: true } })
})

groups.use(() => undefined) // everything else in groups is ignored

export function addressesBot(m: Message, username: string, botId: number): boolean {
  if (m.reply_to_message?.from?.id === botId) return true
  const text = m.text ?? m.caption ?? ''
  const entities = m.entities ?? m.caption_entities ?? []
  const me = `@${username.toLowerCase()}`
  return entities.some((e) => {
    const part = text.slice(e.offset, e.offset + e.length).toLowerCase()
    if (e.type === 'mention') return part === me
    if (e.type === 'bot_command') return part.endsWith(me)
    return false
  })
}
