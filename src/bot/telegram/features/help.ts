// /help, and the fallbacks at the end of the chain: unknown commands, plain
// text and non-text messages in private chat get help; buttons nobody handled
// get a polite "outdated" answer.
import { Composer } from 'grammy'
import type { BotContext } from '../context'

export const helpFeature = new Composer<BotContext>()
const privateChat = helpFeature.chatType('private')

privateChat.command('help', (ctx) => ctx.reply(ctx.t('help'), { parse_mode: 'HTML' }))

export const fallbackFeature = new Composer<BotContext>()

fallbackFeature.chatType('private').on('message', (ctx) => ctx.reply(`${ctx.t('unknown')}\n\n${ctx.t('help')}`, { parse_mode: 'HTML' }))

fallbackFeature.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: ctx.t('cb-stale') }))
