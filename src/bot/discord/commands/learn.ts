// /enrol, /next, and the flow's buttons (open, next, back, contents, module,
// quiz answers, course card, enrol, reminders off) under lessons, cards and reminders.
import type { MessageComponentInteraction } from 'discord.js'
import { FLOW_ACTION_CODES, parseFlowAction } from '../../shared/flow-actions'
import { courseChoices } from '../course-card'
import { enrolAndStart, resume, runFlowAction } from '../learning'
import type { InteractionScope } from '../scope'
import { option, slash } from './define'
import type { ComponentHandler, SlashCommand } from './types'

export const enrol: SlashCommand = {
  data: slash('enrol', 'записаться', 'dc-cmd-enrol')
    .addStringOption((o) => option(o, 'course', 'курс', 'dc-cmd-course-course').setAutocomplete(true).setRequired(true).setMaxLength(100))
    .toJSON(),
  execute: (scope) => enrolAndStart(scope, scope.interaction.options.getString('course', true)),
  autocomplete: (scope) => courseChoices(scope, scope.interaction.options.getFocused()),
}

export const next: SlashCommand = {
  data: slash('next', 'далее', 'dc-cmd-next')
    .addStringOption((o) => option(o, 'course', 'курс', 'dc-cmd-next-course').setAutocomplete(true).setMaxLength(100))
    .toJSON(),
  execute: (scope) => resume(scope, scope.interaction.options.getString('course')),
  autocomplete: (scope) => courseChoices(scope, scope.interaction.options.getFocused(), { enrolledOnly: true }),
}

export const flowButtons: ComponentHandler = {
  actions: Object.values(FLOW_ACTION_CODES),
  async handle(scope, code, args) {
    const action = parseFlowAction(code, args)
    if (!action) return scope.answer({ content: await scope.say('dc-cb-stale') })
    if (action.type === 'quiz') await removeButtons(scope)
    await runFlowAction(scope, action)
  },
}

/** A quiz's options go away once answered (the verdict carries the way on). */
async function removeButtons(scope: InteractionScope<MessageComponentInteraction>): Promise<void> {
  await scope.interaction.editReply({ components: [] }).catch((err) => scope.log.debug({ err }, 'could not remove the quiz buttons'))
}
