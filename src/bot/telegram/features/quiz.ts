// Quiz answers: from a quiz poll (poll_answer, mapped to the content in Redis)
// or from an option button. Both record Progress through the domain and send
// the verdict with the explanation.
import { Composer } from 'grammy'
import { NotFoundError } from '../../../domain'
import { intArg } from '../../shared/callback-data'
import { Action, onAction } from '../callbacks'
import type { BotContext } from '../context'
import { safeError } from '../log-safety'
import { chatIdOf, loadLesson } from '../delivery/lesson'
import { answerQuiz, pollLink } from '../delivery/quiz'

export const quizFeature = new Composer<BotContext>()

quizFeature.on('poll_answer', async (ctx) => {
  const answer = ctx.pollAnswer
  const option = answer.option_ids[0]
  if (option === undefined || !answer.user) return // a retracted vote
  const link = await pollLink(ctx, answer.poll_id)
  if (!link || link.telegramUserId !== answer.user.id) {
    ctx.log.info({ poll_id: answer.poll_id }, 'answer to an unknown or expired poll')
    await ctx.api.sendMessage(answer.user.id, ctx.t('quiz-expired'))
    return
  }
  const lesson = await loadLesson(ctx, link.contentId)
  await answerQuiz(ctx, chatIdOf(ctx), lesson, option)
})

onAction(quizFeature, Action.quiz, async (ctx, [contentId, optionArg]) => {
  const id = intArg(contentId)
  const option = intArg(optionArg)
  if (id === undefined || option === undefined) throw new NotFoundError('Quiz')
  const lesson = await loadLesson(ctx, id)
  if (lesson.content.kind !== 'QUIZ' || option >= lesson.content.quizOptions.length) throw new NotFoundError('Quiz')
  await ctx.answerCallbackQuery()
  // the options go away once answered; the verdict message carries the way on
  await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch((err) => ctx.log.debug({ err: safeError(err) }, 'could not remove quiz buttons'))
  await answerQuiz(ctx, chatIdOf(ctx), lesson, option)
})
