// /courses [search]: the published courses as a select menu (autocomplete by
// title); picking one shows its card. /course course: one card directly.
import { DiscordAction } from '../actions'
import { courseByRef, courseCard, courseChoices, coursesAnswer } from '../course-card'
import { option, slash } from './define'
import type { ComponentHandler, SlashCommand } from './types'

export const courses: SlashCommand = {
  data: slash('courses', 'курсы', 'dc-cmd-courses')
    .addStringOption((o) => option(o, 'search', 'поиск', 'dc-cmd-courses-search').setAutocomplete(true).setMaxLength(100))
    .toJSON(),
  async execute(scope) {
    await scope.answer(await coursesAnswer(scope, scope.interaction.options.getString('search') ?? undefined))
  },
  autocomplete: (scope) => courseChoices(scope, scope.interaction.options.getFocused()),
}

export const course: SlashCommand = {
  data: slash('course', 'курс', 'dc-cmd-course')
    .addStringOption((o) => option(o, 'course', 'курс', 'dc-cmd-course-course').setAutocomplete(true).setRequired(true).setMaxLength(100))
    .toJSON(),
  async execute(scope) {
    await scope.answer(await courseCard(scope, await courseByRef(scope, scope.interaction.options.getString('course', true))))
  },
  autocomplete: (scope) => courseChoices(scope, scope.interaction.options.getFocused()),
}

export const pickCourse: ComponentHandler = {
  actions: [DiscordAction.pickCourse],
  async handle(scope) {
    const i = scope.interaction
    const ref = i.isStringSelectMenu() ? i.values[0] : undefined
    await scope.answer(await courseCard(scope, await courseByRef(scope, ref)))
  },
}
