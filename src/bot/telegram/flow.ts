// The learning flow from a Telegram update: the student's view (Telegram's
// profile, their translations) and their chat as the Messenger's recipient.
// Features call the domain's flow and send its plan with `sendPlan`.
import type { MessagePlan } from '../../domain/delivery/plan'
import { TELEGRAM_PROFILE } from '../../domain/delivery/profile'
import type { FlowView } from '../../domain/learning-flow.service'
import type { Recipient, SendReceipt } from '../../domain/messenger'
import { translator } from '../../i18n/translator'
import type { BotContext } from './context'

export async function flowView(ctx: BotContext): Promise<FlowView> {
  const { locale } = await ctx.student()
  return { profile: TELEGRAM_PROFILE, t: translator().forLocale(locale) }
}

/** Where messages for this update go: the chat, or the user's private chat (poll answers have no chat). */
export async function recipientOf(ctx: BotContext): Promise<Recipient> {
  const { locale } = await ctx.student()
  const user = ctx.sender?.id
  const chat = ctx.chat
  if (user === undefined) throw new Error('update has no user')
  const inPrivate = !chat || chat.type === 'private'
  return { platform: 'TELEGRAM', kind: inPrivate ? 'user' : 'channel', chatId: String(chat?.id ?? user), locale, buttonsFor: String(user) }
}

/** Sends a plan of the flow to this update's chat through the bot's Messenger. */
export async function sendPlan(ctx: BotContext, plan: MessagePlan): Promise<SendReceipt> {
  return ctx.messenger.send(await recipientOf(ctx), plan)
}
