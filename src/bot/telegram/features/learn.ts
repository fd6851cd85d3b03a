// Moving through a course with buttons. "Next" marks the current lesson done
// (a quiz is done only when answered) and sends the next one; "Back" goes to
// the previous lesson; "Contents" lists the modules. Every lesson is fetched
// through the domain, which allows only enrolled students of published courses.
import { Composer, InlineKeyboard } from 'grammy'
import type { Course } from '../../../domain'
import { NotFoundError } from '../../../domain'
import { intArg } from '../../shared/callback-data'
import { progressBar } from '../../../domain/delivery/progress-bar'
import { Action, cb, onAction } from '../callbacks'
import type { BotContext } from '../context'
import { sendLesson } from '../delivery/send-lesson'
import { truncate } from '../format'
import { tr } from '../i18n'

export const learnFeature = new Composer<BotContext>()

onAction(learnFeature, Action.content, async (ctx, [contentId]) => {
  await sendLesson(ctx, requireId(contentId))
  await ctx.answerCallbackQuery()
})

onAction(learnFeature, Action.next, async (ctx, [contentId]) => {
  const id = requireId(contentId)
  const { actor } = await ctx.student()
  const { domain } = ctx.deps
  const { course, content } = await domain.catalog.getContent(id, actor)
  if (content.kind !== 'QUIZ') await domain.progress.complete(actor, id, { source: 'TELEGRAM' })
  await ctx.answerCallbackQuery()
  const next = await domain.progress.neighbour(course.id, id, 1)
  if (next) await sendLesson(ctx, next.id)
  else await sendCourseEnd(ctx, course)
})

onAction(learnFeature, Action.prev, async (ctx, [contentId]) => {
  const id = requireId(contentId)
  const { actor } = await ctx.student()
  const { course } = await ctx.deps.domain.catalog.getContent(id, actor)
  const previous = await ctx.deps.domain.progress.neighbour(course.id, id, -1)
  await ctx.answerCallbackQuery()
  await sendLesson(ctx, previous?.id ?? id)
})

onAction(learnFeature, Action.module, async (ctx, [moduleId]) => {
  const { actor } = await ctx.student()
  const { contents } = await ctx.deps.domain.catalog.getModuleContents(requireId(moduleId), actor)
  await ctx.answerCallbackQuery()
  if (contents[0]) await sendLesson(ctx, contents[0].id)
  else await ctx.reply(ctx.t('course-empty'))
})

onAction(learnFeature, Action.contents, async (ctx, [courseId]) => {
  const { actor, user } = await ctx.student()
  const { domain } = ctx.deps
  const course = await domain.catalog.requireReadable(requireId(courseId), actor)
  const [tree, progress] = await Promise.all([domain.catalog.getCourseTree(course.slug, actor), domain.progress.forCourse(user.id, course.id)])
  const lines = [tr(ctx, 'toc-title', { course: course.title }), progressBar(progress.percent)]
  lines.push(progress.next ? tr(ctx, 'toc-next', { next: progress.next.title }) : ctx.t('toc-done'))
  const kb = new InlineKeyboard()
  tree.modules.forEach((m, i) => {
    if (m.contents.length) kb.text(truncate(`${i + 1}. ${m.title}`, 60), cb(ctx, Action.module, m.id)).row()
  })
  if (progress.next) kb.text(ctx.t('btn-continue'), cb(ctx, Action.content, progress.next.contentId))
  const first = tree.modules.flatMap((m) => m.contents)[0]
  if (first) kb.text(ctx.t('btn-restart'), cb(ctx, Action.content, first.id))
  await ctx.answerCallbackQuery()
  await ctx.reply(lines.join('\n'), { parse_mode: 'HTML', reply_markup: kb })
})

/** After the last lesson: congratulations, or the first lesson still open. */
export async function sendCourseEnd(ctx: BotContext, course: Pick<Course, 'id' | 'title'>) {
  const { user } = await ctx.student()
  const progress = await ctx.deps.domain.progress.forCourse(user.id, course.id)
  const kb = new InlineKeyboard()
  let text: string
  if (progress.next) {
    text = tr(ctx, 'course-end-unfinished', { course: course.title, done: progress.completedContents, total: progress.totalContents, next: progress.next.title })
    kb.text(ctx.t('btn-continue'), cb(ctx, Action.content, progress.next.contentId))
  } else {
    text = tr(ctx, 'course-finished', { course: course.title })
  }
  kb.text(ctx.t('btn-contents'), cb(ctx, Action.contents, course.id))
  await ctx.reply(`${text}\n${progressBar(progress.percent)}`, { parse_mode: 'HTML', reply_markup: kb })
}

function requireId(arg: string | undefined): number {
  const id = intArg(arg)
  if (id === undefined) throw new NotFoundError('Content')
  return id
}
