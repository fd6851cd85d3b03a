// /progress: every enrolled course as an embed with a bar, lessons done and the quiz score.
import { EmbedBuilder } from 'discord.js'
import { escapeDiscord } from '../../../domain/delivery/discord-markdown'
import { progressBar } from '../../../domain/delivery/progress-bar'
import { slash } from './define'
import type { SlashCommand } from './types'

/** Discord allows 25 fields per embed. */
const MAX_FIELDS = 25

export const progress: SlashCommand = {
  data: slash('progress', 'прогресс', 'dc-cmd-progress').toJSON(),
  async execute(scope) {
    const { user } = await scope.student()
    const courses = await scope.deps.domain.progress.forStudent(user.id)
    if (courses.length === 0) return scope.answer({ content: await scope.say('my-empty') })
    const embed = new EmbedBuilder().setTitle(await scope.plain('progress-title')).setColor(0x5865f2)
    for (const p of courses.slice(0, MAX_FIELDS)) {
      const lines = [await scope.say('dc-progress-line', { bar: progressBar(p.percent), done: p.completedContents, total: p.totalContents })]
      if (p.quiz.total) lines.push(await scope.say('progress-quiz', { correct: p.quiz.correct, quizzes: p.quiz.total, answered: p.quiz.answered }))
      embed.addFields({ name: p.course.title.slice(0, 256), value: lines.join('\n') })
    }
    await scope.answer({ embeds: [embed.toJSON()] })
  },
}
