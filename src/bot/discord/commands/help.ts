// /help: what the bot does.
import type { SlashCommand } from './types'
import { slash } from './define'

export const help: SlashCommand = {
  data: slash('help', 'помощь', 'dc-cmd-help').toJSON(),
  async execute(scope) {
    await scope.answer({ content: await scope.say('dc-help') })
  },
}
