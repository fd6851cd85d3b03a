// /my: enrolled courses with a progress bar and a button to continue.
// /progress [slug]: per course, lessons done and the quiz score.
import { Composer, InlineKeyboard } from 'grammy'
import type { CourseProgress } from '../../../domain'
import { progressBar } from '../../../domain/delivery/progress-bar'
import { Action, cb } from '../callbacks'
import type { BotContext } from '../context'
import { truncate } from '../format'
import { tr } from '../i18n'

export const progressFeature = new Composer<BotContext>()
const privateChat = progressFeature.chatType('private')

privateChat.command('my', async (ctx) => {
  const courses = await myProgress(ctx)
  if (courses.length === 0) return ctx.reply(ctx.t('my-empty'))
  const kb = new InlineKeyboard()
  const lines = [ctx.t('my-title')]
  for (const p of courses) {
    lines.push('', courseLine(ctx, p))
    kb.text(truncate(`▶ ${p.course.title}`, 60), p.next ? cb(ctx, Action.content, p.next.contentId) : cb(ctx, Action.contents, p.course.id)).row()
  }
  await ctx.reply(lines.join('\n'), { parse_mode: 'HTML', reply_markup: kb })
})

privateChat.command('progress', async (ctx) => {
  const slug = ctx.match.trim().toLowerCase()
  const all = await myProgress(ctx)
  const courses = slug ? all.filter((p) => p.course.slug === slug) : all
  if (courses.length === 0) return ctx.reply(slug ? tr(ctx, 'progress-unknown-course', { slug }) : ctx.t('my-empty'), { parse_mode: 'HTML' })
  const lines = [ctx.t('progress-title')]
  for (const p of courses) {
    lines.push('', courseLine(ctx, p))
    lines.push(p.quiz.total ? ctx.t('progress-quiz', { correct: p.quiz.correct, quizzes: p.quiz.total, answered: p.quiz.answered }) : ctx.t('progress-no-quiz'))
  }
  await ctx.reply(lines.join('\n'), { parse_mode: 'HTML' })
})

async function myProgress(ctx: BotContext): Promise<CourseProgress[]> {
  const { user } = await ctx.student()
  return ctx.deps.domain.progress.forStudent(user.id)
}

function courseLine(ctx: BotContext, p: CourseProgress): string {
  return tr(ctx, 'progress-course', { course: p.course.title, bar: progressBar(p.percent), done: p.completedContents, total: p.totalContents })
}
