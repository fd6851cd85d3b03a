// Turns failures into polite, localized answers. Domain refusals (not enrolled,
// not found, ...) are expected and logged at info; anything else is logged as
// an error. Nothing escapes to crash the runner.
import type { I18n } from '@grammyjs/i18n'
import { GrammyError, type Middleware } from 'grammy'
import { DomainError, UnreachableError } from '../../../domain'
import { pickLocale } from '../../../domain/accounts.service'
import type { BotContext } from '../context'
import { safeError } from '../log-safety'
import { ERROR_KEY_BY_CODE } from '../../shared/error-keys'

export function errorBoundary(i18n: I18n<BotContext>): Middleware<BotContext> {
  return async (ctx, next) => {
    try {
      await next()
    } catch (err) {
      await reportFailure(ctx, err, i18n)
    }
  }
}

export async function reportFailure(ctx: BotContext, err: unknown, i18n: I18n<BotContext>): Promise<void> {
  let key = 'err-generic'
  if (err instanceof UnreachableError) {
    ctx.log.info({ reason: err.reason }, 'the user blocked the bot or left the chat')
    return
  } else if (err instanceof DomainError) {
    key = ERROR_KEY_BY_CODE[err.code]
    ctx.log.info({ code: err.code, reason: err.message }, 'domain refused the request')
  } else if (err instanceof GrammyError && err.error_code === 403) {
    ctx.log.info({ method: err.method, description: err.description }, 'the user blocked the bot or left the chat')
    return
  } else {
    ctx.log.error({ err: safeError(err) }, 'update failed')
  }
  if (ctx.chat && ctx.chat.type !== 'private') return // never chatty in groups
  const text = failureText(ctx, i18n, key)
  try {
    if (ctx.callbackQuery) {
      try {
        await ctx.answerCallbackQuery({ text: stripHtml(text), show_alert: err instanceof DomainError })
        return
      } catch {
        // already answered: say it in the chat instead
      }
    }
    const chatId = ctx.chat?.id ?? ctx.sender?.id
    if (chatId !== undefined) await ctx.api.sendMessage(chatId, text, { parse_mode: 'HTML' })
  } catch (sendErr) {
    ctx.log.warn({ err: safeError(sendErr) }, 'could not tell the user about a failure')
  }
}

/** Last resort when no translation can be made (the failure may be in the locale lookup itself). */
const UNTRANSLATED = 'Something went wrong on our side. Please try again in a moment.'

/**
 * The answer in the student's language if it can be had, else in the language
 * Telegram reports, else in English: the locale lookup (it registers the
 * student) may be what failed, and the boundary itself must never throw.
 */
function failureText(ctx: BotContext, i18n: I18n<BotContext>, key: string): string {
  try {
    if (typeof ctx.t === 'function') return ctx.t(key)
  } catch {}
  try {
    return i18n.t(pickLocale(ctx.sender?.language_code), key)
  } catch {}
  return UNTRANSLATED
}

/** Plain text for answerCallbackQuery (which has no parse mode), at most 200 characters. */
export function stripHtml(html: string): string {
  const plain = html.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')
  return plain.length > 200 ? `${plain.slice(0, 199)}…` : plain
}
