// /deliver: where the worker's messages (new drip modules, reminders,
// announcements) reach the student: every linked account, Telegram only or
// Discord only (Profile.deliveryPlatforms, shared by every platform).
import { Composer, InlineKeyboard } from 'grammy'
import { isDeliveryPlatforms } from '../../../domain/accounts.service'
import { DELIVERY_PLATFORM_CHOICES } from '../../../domain/types'
import { Action, cb, onAction } from '../callbacks'
import type { BotContext } from '../context'

export const deliverFeature = new Composer<BotContext>()

deliverFeature.chatType('private').command('deliver', async (ctx) => {
  const { user } = await ctx.student()
  const current = user.profile?.deliveryPlatforms ?? 'EVERY_LINKED'
  const kb = new InlineKeyboard()
  for (const choice of DELIVERY_PLATFORM_CHOICES) kb.text(`${choice === current ? '✅ ' : ''}${ctx.t(`btn-deliver-${choice}`)}`, cb(ctx, Action.deliver, choice)).row()
  await ctx.reply(ctx.t('deliver-choose', { current: ctx.t(`deliver-${current}`) }), { parse_mode: 'HTML', reply_markup: kb })
})

onAction(deliverFeature, Action.deliver, async (ctx, [wanted]) => {
  if (!isDeliveryPlatforms(wanted)) return ctx.answerCallbackQuery({ text: ctx.t('cb-stale') })
  const { user } = await ctx.student()
  await ctx.deps.domain.accounts.setDeliveryPlatforms(user.id, wanted)
  ctx.forgetStudent()
  const done = ctx.t('deliver-set', { choice: ctx.t(`deliver-${wanted}`) })
  await ctx.answerCallbackQuery()
  await ctx.editMessageText(done, { parse_mode: 'HTML' }).catch(() => ctx.reply(done, { parse_mode: 'HTML' }))
})
