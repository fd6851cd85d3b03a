// The Discord bot's words come from the shared translations (src/i18n/locales,
// keys `dc-*` for what only Discord says). A translation's small markup becomes
// escaped Discord Markdown: variables (course titles, codes, what a student
// typed) can neither format nor ping.
import { type Locale, pickLocale } from '../../domain/accounts.service'
import { renderDiscordMarkdown } from '../../domain/delivery/discord-markdown'
import { richBlock, richText } from '../../domain/delivery/markup'
import type { TranslateVars } from '../../domain/i18n'
import { translator } from '../../i18n/translator'

export type Vars = TranslateVars

/** A translation as Discord Markdown. */
export function say(locale: Locale, key: string, vars: Vars = {}): string {
  return renderDiscordMarkdown([richBlock(translator().forLocale(locale), key, vars)])
}

/** A translation as plain text (button labels, command descriptions, embed titles). */
export function plain(locale: Locale, key: string, vars: Vars = {}): string {
  return richText(translator().forLocale(locale), key, vars)
    .map((s) => s.text)
    .join('')
}

/** Discord's locale of a user ('en-US', 'ru', ...) as ours. */
export function discordLocale(value: string | null | undefined): Locale {
  return pickLocale(value)
}

/** A description in en (the default) and its ru localization. */
export function localizations(key: string): { en: string; ru: string } {
  return { en: plain('en', key), ru: plain('ru', key) }
}
