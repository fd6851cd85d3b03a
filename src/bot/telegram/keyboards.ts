// Inline keyboards. Every button's payload is signed for the user who sees it.
import { InlineKeyboard } from 'grammy'
import type { Content } from '../../domain'
import { Action, cb } from './callbacks'
import type { BotContext } from './context'
import { truncate } from './format'

/** « 2/5 » row for paged lists; `pageData(p)` makes the payload of page p. */
export function pagerRow(kb: InlineKeyboard, ctx: BotContext, page: number, pages: number, pageData: (p: number) => string): InlineKeyboard {
  if (pages <= 1) return kb
  kb.row()
  if (page > 0) kb.text(ctx.t('btn-page-prev'), pageData(page - 1))
  kb.text(ctx.t('page-label', { page: page + 1, pages }), pageData(page))
  if (page < pages - 1) kb.text(ctx.t('btn-page-next'), pageData(page + 1))
  return kb
}

/** Back / Contents / Next under a lesson. */
export function lessonNav(ctx: BotContext, content: Pick<Content, 'id' | 'kind'>, courseId: number, opts: { first: boolean; last: boolean; answered?: boolean }): InlineKeyboard {
  const kb = new InlineKeyboard()
  if (!opts.first) kb.text(ctx.t('btn-prev'), cb(ctx, Action.prev, content.id))
  kb.text(ctx.t('btn-contents'), cb(ctx, Action.contents, courseId))
  const label = opts.last ? 'btn-finish' : content.kind === 'QUIZ' && !opts.answered ? 'btn-skip' : 'btn-next'
  kb.text(ctx.t(label), cb(ctx, Action.next, content.id))
  return kb
}

/** One button per quiz option (for quizzes that do not fit a Telegram quiz poll). */
export function quizOptions(ctx: BotContext, content: Pick<Content, 'id' | 'quizOptions'>): InlineKeyboard {
  const kb = new InlineKeyboard()
  content.quizOptions.forEach((option, i) => kb.text(truncate(`${i + 1}. ${option}`, 60), cb(ctx, Action.quiz, content.id, i)).row())
  return kb
}

export function languages(ctx: BotContext): InlineKeyboard {
  return new InlineKeyboard().text('🇷🇺 Русский', cb(ctx, Action.lang, 'ru')).text('🇬🇧 English', cb(ctx, Action.lang, 'en'))
}
