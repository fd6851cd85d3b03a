// Quiz answers: from a quiz poll (poll_answer, mapped to the content in Redis)
// or from an option button. Both go to the learning flow, which records the
// first answer and returns the verdict of the stored answer with the
// explanation and the way on; the bot's Messenger sends it.
import { Composer } from 'grammy'
import { NotFoundError } from '../../../domain'
import { intArg } from '../../shared/callback-data'
import { Action, onAction } from '../callbacks'
import type { BotContext } from '../context'
import { pollLink } from '../delivery/poll-map'
import { flowView, sendPlan } from '../flow'
import { safeError } from '../log-safety'

export const quizFeature = new Composer<BotContext>()

quizFeature.on('poll_answer', async (ctx) => {
  const answer = ctx.pollAnswer
  const option = answer.option_ids[0]
  if (option === undefined || !answer.user) return // a retracted vote
  const link = await pollLink(ctx.deps.redis, answer.poll_id)
  if (!link || link.telegramUserId !== answer.user.id) {
    ctx.log.info({ poll_id: answer.poll_id }, 'answer to an unknown or expired poll')
    await ctx.api.sendMessage(answer.user.id, ctx.t('quiz-expired'))
    return
  }
  const step = await ctx.deps.domain.flow.answerQuiz((await ctx.student()).actor, link.contentId, option, await flowView(ctx))
  await sendPlan(ctx, step.plan)
})

onAction(quizFeature, Action.quiz, async (ctx, [contentId, optionArg]) => {
  const id = intArg(contentId)
  const option = intArg(optionArg)
  if (id === undefined || option === undefined) throw new NotFoundError('Quiz')
  const step = await ctx.deps.domain.flow.answerQuiz((await ctx.student()).actor, id, option, await flowView(ctx))
  await ctx.answerCallbackQuery()
  // the options go away once answered; the verdict message carries the way on
  await ctx.editMessageReplyMarkup({ reply_markup: { inline_keyboard: [] } }).catch((err) => ctx.log.debug({ err: safeError(err) }, 'could not remove quiz buttons'))
  await sendPlan(ctx, step.plan)
})
