// The panel's languages: AdminJS's `locale` option for a user (the browser
// translates AdminJS's screens and our components with it), and the same
// translations on the server, for what the server says (notices, form errors,
// sign-in refusals). Domain refusals are worded here, in one place.
import type { Locale as AdminLocale } from 'adminjs'
import { DomainError } from '../../domain'
import { type Locale, SUPPORTED_LOCALES } from '../../domain/accounts.service'
import { en, type PanelTranslations } from './en'
import { ru } from './ru'

export type PanelLanguage = Locale

export const PANEL_LANGUAGES: readonly PanelLanguage[] = SUPPORTED_LOCALES

/** The cookie that remembers the panel language of a browser for its sign-in page. */
export const LANGUAGE_COOKIE = 'tm_lang'

/**
 * The language of a visitor who tells us none (no profile locale, no language
 * cookie, no Accept-Language the panel speaks). A new profile's own default is ru.
 */
export const DEFAULT_PANEL_LANGUAGE: PanelLanguage = 'en'

const TRANSLATIONS: Record<PanelLanguage, PanelTranslations> = { en, ru }

export const isPanelLanguage = (v: unknown): v is PanelLanguage => typeof v === 'string' && (PANEL_LANGUAGES as readonly string[]).includes(v)

/** The panel language of a signed-in user (their profile's locale, kept in the session). */
export function languageOf(currentAdmin: unknown): PanelLanguage {
  const locale = (currentAdmin as { locale?: unknown } | null | undefined)?.locale
  return isPanelLanguage(locale) ? locale : DEFAULT_PANEL_LANGUAGE
}

/**
 * AdminJS's `locale` for one language. Only that language is offered, so
 * AdminJS's own language menu (which would switch the page for the moment
 * only) stays hidden; the panel's switch stores the choice in the profile
 * (components/language-switch.tsx).
 */
export function adminLocale(language: PanelLanguage): AdminLocale {
  return {
    language,
    availableLanguages: [language],
    localeDetection: false,
    translations: { [language]: TRANSLATIONS[language] },
  }
}

/**
 * The sign-in page's `locale`: nobody is signed in, and AdminJS gives the
 * option no request, so the browser picks: the language cookie the panel sets
 * at sign-in and on a switch (language.ts), else the browser's own language.
 */
export function signInLocale(): AdminLocale {
  return {
    language: DEFAULT_PANEL_LANGUAGE,
    availableLanguages: [...PANEL_LANGUAGES],
    localeDetection: true,
    // (i18next's language detector: read only, never cached by it)
    detection: { order: ['cookie', 'navigator'], lookupCookie: LANGUAGE_COOKIE, caches: [] },
    translations: TRANSLATIONS,
  } as AdminLocale
}

export type TranslateVars = Record<string, unknown>
export type Say = (key: string, vars?: TranslateVars) => string

function lookup(dictionary: unknown, key: string): string | undefined {
  let node: unknown = dictionary
  for (const part of key.split('.')) {
    if (!node || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return typeof node === 'string' ? node : undefined
}

/** The text of `key` (e.g. 'messages.courseSaved') in a language, {{placeholders}} filled in. */
export function translator(language: PanelLanguage): Say {
  return (key, vars = {}) => {
    const text = lookup(TRANSLATIONS[language], key) ?? lookup(en, key) ?? key
    return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => (vars[name] === undefined || vars[name] === null ? '' : String(vars[name])))
  }
}

/** What the server says to a signed-in user, in their language. */
export const sayTo = (currentAdmin: unknown): Say => translator(languageOf(currentAdmin))

const BY_CODE: Record<string, string> = {
  forbidden: 'forbidden',
  unauthenticated: 'forbidden',
  not_found: 'notFound',
  stale: 'stale',
  conflict: 'conflict',
}

/**
 * A domain refusal in the user's words: its reason (details.reason) when the
 * panel has a wording for it. Without one, an English reader gets the domain's
 * own sentence (refusals that could name a field carry a reason), anyone else
 * a wording for its code.
 */
export function domainMessage(err: DomainError, say: Say, language: PanelLanguage): string {
  const reason = typeof err.details?.reason === 'string' ? err.details.reason : undefined
  if (reason && lookup(en, `messages.domain.${reason}`)) return say(`messages.domain.${reason}`, err.details)
  if (language === 'en') return err.message
  return say(`messages.domain.${BY_CODE[err.code] ?? 'invalid'}`)
}
