// /lang: Russian or English; stored on the student's profile (every platform follows it).
import { SUPPORTED_LOCALES } from '../../../domain/accounts.service'
import type { Locale } from '../../../domain/accounts.service'
import { option, slash } from './define'
import type { SlashCommand } from './types'

export const lang: SlashCommand = {
  data: slash('lang', 'язык', 'dc-cmd-lang')
    .addStringOption((o) =>
      option(o, 'language', 'язык', 'dc-cmd-lang-language')
        .setRequired(true)
        .addChoices({ name: 'English', value: 'en' }, { name: 'Русский', value: 'ru' }),
    )
    .toJSON(),
  async execute(scope) {
    const wanted = scope.interaction.options.getString('language', true)
    if (!(SUPPORTED_LOCALES as readonly string[]).includes(wanted)) return scope.answer({ content: await scope.say('dc-cb-stale') })
    const { user } = await scope.student()
    await scope.deps.domain.accounts.setLocale(user.id, wanted as Locale)
    scope.forgetStudent()
    await scope.answer({ content: await scope.say('lang-set') })
  },
}
