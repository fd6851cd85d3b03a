// /courses [search]: the published courses as a select menu (autocomplete by
// title); picking one shows its card. /course course: one card directly.
import { Action } from '../actions'
import { courseByRef, courseCard, courseChoices, coursesAnswer } from '../course-card'
import { option, slash } from './define'
import type { ComponentHandler, SlashCommand } from './types'

export const courses: SlashCommand = {
  data: slash('courses', 'курсы', 'cmd-courses')
    .addStringOption((o) => option(o, 'search', 'поиск', 'cmd-courses-search').setAutocomplete(true).setMaxLength(100))
    .toJSON(),
  async execute(scope) {
    await scope.answer(await coursesAnswer(scope, scope.interaction.options.getString('search') ?? undefined))
  },
  autocomplete: (scope) => courseChoices(scope, scope.interaction.options.getFocused()),
}

export const course: SlashCommand = {
  data: slash('course', 'курс', 'cmd-course')
    .addStringOption((o) => option(o, 'course', 'курс', 'cmd-course-course').setAutocomplete(true).setRequired(true).setMaxLength(100))
    .toJSON(),
  async execute(scope) {
    await scope.answer(await courseCard(scope, await courseByRef(scope, scope.interaction.options.getString('course', true))))
  },
  autocomplete: (scope) => courseChoices(scope, scope.interaction.options.getFocused()),
}

export const pickCourse: ComponentHandler = {
  action: Action.pickCourse,
  async handle(scope) {
    const i = scope.interaction
    const ref = i.isStringSelectMenu() ? i.values[0] : undefined
    await scope.answer(await courseCard(scope, await courseByRef(scope, ref)))
  },
}

export const showCourse: ComponentHandler = {
  action: Action.course,
  async handle(scope, [ref]) {
    await scope.answer(await courseCard(scope, await courseByRef(scope, ref)))
  },
}
