// /reminders [state]: reminders of unfinished courses on or off (no state:
// which it is now); the "Stop reminders" button under a reminder does the same
// (learning.ts). The choice is on the student's profile (every course, every platform).
import { localizations } from '../strings'
import { option, slash } from './define'
import type { SlashCommand } from './types'

const choice = (value: 'on' | 'off') => {
  const { en, ru } = localizations(`dc-reminders-choice-${value}`)
  return { name: en, name_localizations: { ru }, value }
}

export const reminders: SlashCommand = {
  data: slash('reminders', 'напоминания', 'dc-cmd-reminders')
    .addStringOption((o) => option(o, 'state', 'состояние', 'dc-cmd-reminders-state').addChoices(choice('on'), choice('off')))
    .toJSON(),
  async execute(scope) {
    const wanted = scope.interaction.options.getString('state')
    if (wanted !== null && wanted !== 'on' && wanted !== 'off') return scope.answer({ content: await scope.say('reminders-usage') })
    const { user } = await scope.student()
    const service = scope.deps.domain.reminders
    if (wanted) await service.setEnabled(user.id, wanted === 'on')
    const on = wanted ? wanted === 'on' : await service.enabled(user.id)
    await scope.answer({ content: await scope.say(on ? 'reminders-on' : 'reminders-off') })
  },
}
