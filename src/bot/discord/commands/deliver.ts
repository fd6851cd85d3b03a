// /deliver: where new drip modules, reminders and announcements reach the
// student (every linked account, Telegram only, Discord only); stored on the
// profile, so the Telegram bot's /deliver shows the same choice.
import { isDeliveryPlatforms } from '../../../domain/accounts.service'
import { DELIVERY_PLATFORM_CHOICES } from '../../../domain/types'
import { localizations } from '../strings'
import { option, slash } from './define'
import type { SlashCommand } from './types'

export const deliver: SlashCommand = {
  data: slash('deliver', 'доставка', 'dc-cmd-deliver')
    .addStringOption((o) =>
      option(o, 'to', 'куда', 'dc-cmd-deliver-to')
        .setRequired(true)
        .addChoices(...DELIVERY_PLATFORM_CHOICES.map((value) => ({ name: localizations(`btn-deliver-${value}`).en, name_localizations: { ru: localizations(`btn-deliver-${value}`).ru }, value }))),
    )
    .toJSON(),
  async execute(scope) {
    const wanted = scope.interaction.options.getString('to', true)
    if (!isDeliveryPlatforms(wanted)) return scope.answer({ content: await scope.say('dc-cb-stale') })
    const { user } = await scope.student()
    await scope.deps.domain.accounts.setDeliveryPlatforms(user.id, wanted)
    scope.forgetStudent()
    await scope.answer({ content: await scope.say('deliver-set', { choice: await scope.say(`deliver-${wanted}`) }) })
  },
}
