// Inline keyboards. Every button's payload is signed for the user who sees it.
import { InlineKeyboard } from 'grammy'
import { Action, cb } from './callbacks'
import type { BotContext } from './context'

/** « 2/5 » row for paged lists; `pageData(p)` makes the payload of page p. */
export function pagerRow(kb: InlineKeyboard, ctx: BotContext, page: number, pages: number, pageData: (p: number) => string): InlineKeyboard {
  if (pages <= 1) return kb
  kb.row()
  if (page > 0) kb.text(ctx.t('btn-page-prev'), pageData(page - 1))
  kb.text(ctx.t('page-label', { page: page + 1, pages }), pageData(page))
  if (page < pages - 1) kb.text(ctx.t('btn-page-next'), pageData(page + 1))
  return kb
}

export function languages(ctx: BotContext): InlineKeyboard {
  return new InlineKeyboard().text('🇷🇺 Русский', cb(ctx, Action.lang, 'ru')).text('🇬🇧 English', cb(ctx, Action.lang, 'en'))
}
