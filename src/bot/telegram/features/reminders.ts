// Reminders of unfinished courses, on or off: `/reminders on|off` (no argument:
// which it is now) and the "Stop reminders" button under a reminder. The
// choice is on the student's profile (every course, every platform).
import { Composer } from 'grammy'
import { Action, onAction } from '../callbacks'
import type { BotContext } from '../context'

export const remindersFeature = new Composer<BotContext>()

remindersFeature.chatType('private').command('reminders', async (ctx) => {
  const { user } = await ctx.student()
  const { reminders } = ctx.deps.domain
  const wanted = ctx.match.trim().toLowerCase()
  if (wanted === 'on' || wanted === 'off') await reminders.setEnabled(user.id, wanted === 'on')
  else if (wanted) return ctx.reply(ctx.t('reminders-usage'))
  const on = wanted ? wanted === 'on' : await reminders.enabled(user.id)
  await ctx.reply(ctx.t(on ? 'reminders-on' : 'reminders-off'))
})

onAction(remindersFeature, Action.reminders, async (ctx, [flag]) => {
  if (flag !== '0' && flag !== '1') return ctx.answerCallbackQuery({ text: ctx.t('cb-stale') })
  const { user } = await ctx.student()
  await ctx.deps.domain.reminders.setEnabled(user.id, flag === '1')
  const key = flag === '1' ? 'reminders-on' : 'reminders-off'
  await ctx.answerCallbackQuery()
  await ctx.reply(ctx.t(key))
})
