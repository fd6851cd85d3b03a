// The command menu, per language: set at start-up for everyone (Telegram picks
// by the app's language), and per chat after /lang so the menu follows the choice.
import type { I18n } from '@grammyjs/i18n'
import type { Api } from 'grammy'
import type { BotCommand } from 'grammy/types'
import { type Locale, SUPPORTED_LOCALES } from '../../domain/accounts.service'
import type { BotContext } from './context'

export const COMMANDS = ['start', 'courses', 'my', 'progress', 'chat', 'web', 'link', 'lang', 'reminders', 'deliver', 'help'] as const

export function commandList(i18n: I18n<BotContext>, locale: Locale): BotCommand[] {
  return COMMANDS.map((command) => ({ command, description: i18n.t(locale, `cmd-${command}`) }))
}

/** Default menu (Russian, the fallback language) plus one per supported language. */
export async function setCommandMenus(api: Api, i18n: I18n<BotContext>): Promise<void> {
  await api.setMyCommands(commandList(i18n, 'ru'))
  for (const locale of SUPPORTED_LOCALES) await api.setMyCommands(commandList(i18n, locale), { language_code: locale })
}

/** The menu of one private chat, in the language the student chose. */
export async function setChatCommandMenu(api: Api, i18n: I18n<BotContext>, chatId: number, locale: Locale): Promise<void> {
  await api.setMyCommands(commandList(i18n, locale), { scope: { type: 'chat', chat_id: chatId } })
}
