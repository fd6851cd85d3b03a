// /lang: switches between Russian and English; the choice is stored on the
// student's Profile (so it follows them to every platform and process).
import { Composer } from 'grammy'
import { type Locale, SUPPORTED_LOCALES } from '../../../domain/accounts.service'
import { Action, onAction } from '../callbacks'
import { setChatCommandMenu } from '../commands'
import type { BotContext } from '../context'
import { safeError } from '../log-safety'
import { botI18n } from '../i18n'
import { languages } from '../keyboards'

export const langFeature = new Composer<BotContext>()

langFeature.chatType('private').command('lang', async (ctx) => {
  const wanted = ctx.match.trim().toLowerCase()
  if (!wanted) return ctx.reply(ctx.t('lang-choose'), { reply_markup: languages(ctx) })
  if (!isLocale(wanted)) return ctx.reply(ctx.t('lang-unknown'), { reply_markup: languages(ctx) })
  await switchTo(ctx, wanted)
  await ctx.reply(ctx.t('lang-set'))
})

onAction(langFeature, Action.lang, async (ctx, [wanted]) => {
  if (!isLocale(wanted)) return ctx.answerCallbackQuery({ text: ctx.t('cb-stale') })
  await switchTo(ctx, wanted)
  await ctx.answerCallbackQuery({ text: ctx.t('lang-set') })
  await ctx.editMessageText(ctx.t('lang-set')).catch(() => ctx.reply(ctx.t('lang-set')))
})

async function switchTo(ctx: BotContext, locale: Locale) {
  const { user } = await ctx.student()
  await ctx.deps.domain.accounts.setLocale(user.id, locale)
  ctx.forgetStudent()
  ctx.i18n.useLocale(locale)
  if (ctx.chat?.type === 'private') {
    await setChatCommandMenu(ctx.api, botI18n(), ctx.chat.id, locale).catch((err) => ctx.log.warn({ err: safeError(err) }, 'could not set the chat command menu'))
  }
}

function isLocale(value: string | undefined): value is Locale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(value ?? '')
}
