// Localized strings without a bot context: the domain builds messages (lesson
// headers, button labels, quiz prompts, notices) with a `Translate` function of
// the recipient's locale. src/i18n implements the Translator on the Fluent
// files both bots and the workers share.
//
// Markup convention of the translations: they may contain <b>, <i>, <u>, <s>
// and <code> (and the entities &amp; &lt; &gt; &quot;), nothing else; variables
// are plain text. `richText` (delivery/markup.ts) turns a translation into
// rich-text spans that any platform renders; Telegram may also send a
// translation as HTML directly when every variable is HTML-escaped.
import type { Locale } from './accounts.service'

export type TranslateVars = Record<string, string | number>

/** One locale's translations: the text of `key` with its variables filled in. */
export type Translate = (key: string, vars?: TranslateVars) => string

export interface Translator {
  readonly locales: readonly Locale[]
  readonly defaultLocale: Locale
  /** Translations of `locale` (an unsupported one falls back to the default). */
  forLocale(locale: string): Translate
}
