// ctx.t: the shared Fluent translations (src/i18n/locales/*.ftl) in grammY's
// i18n plugin. The locale comes from the student's Profile (set with /lang),
// first from Telegram's language_code, falling back to ru. Code that sends
// without an update uses src/i18n's Translator on the same files.
import { I18n } from '@grammyjs/i18n'
import { pickLocale, SUPPORTED_LOCALES } from '../../domain/accounts.service'
import { DEFAULT_LOCALE, localeFile } from '../../i18n/translator'
import type { BotContext } from './context'
import { escapeHtml } from './format'

let shared: I18n<BotContext> | undefined

/** The translations, loaded once per process (they never change at run time). */
export function botI18n(): I18n<BotContext> {
  shared ??= createI18n()
  return shared
}

function createI18n(): I18n<BotContext> {
  const i18n = new I18n<BotContext>({
    defaultLocale: DEFAULT_LOCALE,
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: async (ctx) => {
      const from = ctx.sender
      if (!from || from.is_bot) return 'ru'
      // only updates we answer need the student; groups use the Telegram language
      if (ctx.chat && ctx.chat.type !== 'private') return pickLocale(from.language_code)
      return (await ctx.student()).locale
    },
  })
  for (const locale of SUPPORTED_LOCALES) i18n.loadLocaleSync(locale, { filePath: localeFile(locale) })
  return i18n
}

export type Vars = Record<string, string | number>

/** Translates with every string variable HTML-escaped (messages are sent as HTML). */
export function tr(ctx: BotContext, key: string, vars: Vars = {}): string {
  const safe: Vars = {}
  for (const [k, v] of Object.entries(vars)) safe[k] = typeof v === 'string' ? escapeHtml(v) : v
  return ctx.t(key, safe)
}
