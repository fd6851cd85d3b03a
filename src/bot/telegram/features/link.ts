// /link: a one-time code to join this Telegram account with the same
// student's account on another platform (redeemed there: Discord's /link
// code:CODE), or `/link CODE` to redeem a code made on the
// other platform. Two Telegram accounts cannot be joined (the domain refuses
// two identities on one platform). "I have a code" starts a one-question
// conversation kept in the Redis session, so the code can also be sent as a
// plain message.
import { Composer, InlineKeyboard } from 'grammy'
import { DomainError } from '../../../domain'
import { LINK_CODE_TTL_MS } from '../../../domain/accounts.service'
import { Action, cb, onAction } from '../callbacks'
import type { BotContext } from '../context'
import { tr } from '../i18n'

export const linkFeature = new Composer<BotContext>()
const privateChat = linkFeature.chatType('private')

const CODE_SHAPE = /^[A-Za-z0-9][A-Za-z0-9 -]{5,14}$/
/** How long "send me the code" waits for the answer. */
const ASK_VALID_MS = 10 * 60 * 1000

privateChat.command('link', async (ctx) => {
  const code = ctx.match.trim()
  if (code) return redeem(ctx, code)
  const { user } = await ctx.student()
  const issued = await ctx.deps.domain.accounts.issueLinkCode(user.id)
  const kb = new InlineKeyboard().text(ctx.t('btn-have-code'), cb(ctx, Action.haveCode))
  await ctx.reply(tr(ctx, 'link-issued', { code: issued.code, minutes: Math.round(LINK_CODE_TTL_MS / 60_000) }), { parse_mode: 'HTML', reply_markup: kb })
})

onAction(linkFeature, Action.haveCode, async (ctx) => {
  const session = await ctx.session
  session.awaiting = 'link_code'
  session.awaitingSince = Date.now()
  await ctx.answerCallbackQuery()
  await ctx.reply(ctx.t('link-ask-code'))
})

/** A plain text while a code is expected. */
privateChat.on('message:text', async (ctx, next) => {
  if (ctx.message.text.startsWith('/')) return next()
  const session = await ctx.session
  if (session.awaiting !== 'link_code') return next()
  const fresh = Date.now() - (session.awaitingSince ?? 0) < ASK_VALID_MS
  session.awaiting = undefined
  session.awaitingSince = undefined
  if (!fresh) return next()
  await redeem(ctx, ctx.message.text)
})

async function redeem(ctx: BotContext, raw: string) {
  const code = raw.trim()
  if (!CODE_SHAPE.test(code)) return ctx.reply(ctx.t('link-bad-format'), { parse_mode: 'HTML' })
  const { user } = await ctx.student()
  try {
    await ctx.deps.domain.accounts.redeemLinkCode(code, user.id)
  } catch (err) {
    if (!(err instanceof DomainError)) throw err
    ctx.log.info({ code: err.code }, 'link code refused')
    const key = { not_found: 'link-unknown', expired: 'link-expired', invalid: 'link-own', conflict: 'link-conflict' }[err.code as string]
    if (!key) throw err
    if (key === 'link-conflict') {
      // the platform both accounts are on comes from the error's details, not from its message
      const platform = platformName(err.details?.platform)
      return ctx.reply(platform ? tr(ctx, 'link-conflict', { platform }) : ctx.t('link-conflict-same'), { parse_mode: 'HTML' })
    }
    return ctx.reply(ctx.t(key), { parse_mode: 'HTML' })
  }
  ctx.forgetStudent() // the account may now belong to the other (older) user
  await ctx.reply(ctx.t('link-done'))
}

/** 'TELEGRAM' / 'discord' -> 'Telegram' / 'Discord'; undefined for anything else. */
function platformName(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^[A-Za-z]{2,20}$/.test(value)) return undefined
  return value.charAt(0).toUpperCase() + value.slice(1).toLowerCase()
}
