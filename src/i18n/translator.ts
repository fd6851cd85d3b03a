// The Fluent translations (locales/*.ftl) shared by both bots, the workers and
// the admin panel's preview: a Translator that needs no bot context. The
// messages use the markup convention of domain/i18n.ts.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { FluentBundle, FluentResource } from '@fluent/bundle'
import { type Locale, pickLocale, SUPPORTED_LOCALES } from '../domain/accounts.service'
import type { Translate, Translator, TranslateVars } from '../domain/i18n'

export const LOCALES_DIR = fileURLToPath(new URL('./locales', import.meta.url))
export const DEFAULT_LOCALE: Locale = 'ru'

/** The .ftl file of a locale. */
export const localeFile = (locale: Locale) => `${LOCALES_DIR}/${locale}.ftl`

class FluentTranslator implements Translator {
  readonly locales = SUPPORTED_LOCALES
  readonly defaultLocale = DEFAULT_LOCALE
  private readonly bundles = new Map<Locale, FluentBundle>()
  private readonly translators = new Map<Locale, Translate>()

  constructor() {
    for (const locale of SUPPORTED_LOCALES) {
      // isolation marks around variables would show up in chats as stray characters
      const bundle = new FluentBundle(locale, { useIsolating: false })
      const errors = bundle.addResource(new FluentResource(readFileSync(localeFile(locale), 'utf8')))
      if (errors.length) throw new Error(`bad ${locale}.ftl: ${errors.map((e) => e.message).join('; ')}`)
      this.bundles.set(locale, bundle)
    }
  }

  forLocale(locale: string): Translate {
    const chosen = pickLocale(locale)
    let t = this.translators.get(chosen)
    if (!t) {
      t = (key, vars) => this.format(chosen, key, vars)
      this.translators.set(chosen, t)
    }
    return t
  }

  private format(locale: Locale, key: string, vars: TranslateVars = {}): string {
    for (const bundle of [this.bundles.get(locale)!, this.bundles.get(DEFAULT_LOCALE)!]) {
      const message = bundle.getMessage(key)
      if (message?.value) return bundle.formatPattern(message.value, vars)
    }
    return key
  }
}

let shared: Translator | undefined

/** The translations, loaded once per process (they never change at run time). */
export function translator(): Translator {
  shared ??= new FluentTranslator()
  return shared
}
