// Moving through a course with buttons: thin calls into the domain's learning
// flow (src/domain/learning-flow.service.ts), whose plans the bot's Messenger
// sends. "Next" marks the current lesson done (a quiz is done only when
// answered) and shows the next one or the course end; "Back" the previous
// lesson; "Contents" the modules. The domain allows only enrolled students of
// published courses (and the course's authors).
import { Composer } from 'grammy'
import { NotFoundError } from '../../../domain'
import { intArg } from '../../shared/callback-data'
import { Action, onAction } from '../callbacks'
import type { BotContext } from '../context'
import { flowView, sendPlan } from '../flow'

export const learnFeature = new Composer<BotContext>()

onAction(learnFeature, Action.content, async (ctx, [contentId]) => {
  const step = await ctx.deps.domain.flow.open((await ctx.student()).actor, requireId(contentId), await flowView(ctx))
  await sendPlan(ctx, step.plan)
  await ctx.answerCallbackQuery()
})

onAction(learnFeature, Action.next, async (ctx, [contentId]) => {
  const step = await ctx.deps.domain.flow.next((await ctx.student()).actor, requireId(contentId), await flowView(ctx))
  await ctx.answerCallbackQuery()
  await sendPlan(ctx, step.plan)
})

onAction(learnFeature, Action.prev, async (ctx, [contentId]) => {
  const step = await ctx.deps.domain.flow.previous((await ctx.student()).actor, requireId(contentId), await flowView(ctx))
  await ctx.answerCallbackQuery()
  await sendPlan(ctx, step.plan)
})

onAction(learnFeature, Action.module, async (ctx, [moduleId]) => {
  const step = await ctx.deps.domain.flow.openModule((await ctx.student()).actor, requireId(moduleId), await flowView(ctx))
  await ctx.answerCallbackQuery()
  await sendPlan(ctx, step.plan)
})

onAction(learnFeature, Action.contents, async (ctx, [courseId]) => {
  const step = await ctx.deps.domain.flow.contents((await ctx.student()).actor, requireId(courseId), await flowView(ctx))
  await ctx.answerCallbackQuery()
  await sendPlan(ctx, step.plan)
})

function requireId(arg: string | undefined): number {
  const id = intArg(arg)
  if (id === undefined) throw new NotFoundError('Content')
  return id
}
