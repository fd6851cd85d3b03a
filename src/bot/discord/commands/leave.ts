// /leave course: leaves a course (progress is kept for a return); its course roles go
// (the enrolment change queues 'course-roles.sync').
import { courseByRef, courseChoices } from '../course-card'
import { option, slash } from './define'
import type { SlashCommand } from './types'

export const leave: SlashCommand = {
  data: slash('leave', 'покинуть', 'dc-cmd-leave')
    .addStringOption((o) => option(o, 'course', 'курс', 'dc-cmd-course-course').setAutocomplete(true).setRequired(true).setMaxLength(100))
    .toJSON(),
  async execute(scope) {
    const course = await courseByRef(scope, scope.interaction.options.getString('course', true))
    const { user } = await scope.student()
    const { domain } = scope.deps
    await domain.enrolment.unenrol(user.id, course.slug)
    await scope.answer({ content: await scope.say('dc-left', { course: course.title }) })
  },
  autocomplete: (scope) => courseChoices(scope, scope.interaction.options.getFocused(), { enrolledOnly: true }),
}
