// /help: what the bot does.
import type { SlashCommand } from './types'
import { slash } from './define'

export const help: SlashCommand = {
  data: slash('help', 'помощь', 'cmd-help').toJSON(),
  async execute(scope) {
    await scope.answer({ content: await scope.t('help') })
  },
}
