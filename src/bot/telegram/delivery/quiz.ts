// Quizzes: a Telegram quiz poll when the quiz fits its limits (the domain's
// fitsQuizPoll), inline option buttons otherwise.
// Poll answers arrive without a chat or message, so each poll id is mapped to
// its content and student in Redis.
import type { InlineKeyboard } from 'grammy'
import type { Content } from '../../../domain'
import type { CompletionResult } from '../../../domain/progress.service'
import { progressBar } from '../../../domain/delivery/progress-bar'
import type { Block } from '../../../domain/delivery/rich-text'
import { TELEGRAM_PROFILE } from '../../../domain/delivery/profile'
import { quizForm } from '../../../domain/delivery/quiz'
import { markdownToBlocks } from '../../../domain/delivery/rich-text'
import type { BotContext } from '../context'
import { escapeHtml, htmlMessages, renderHtml } from '../format'
import { lessonNav, quizOptions } from '../keyboards'
import { isLast, type Lesson, lessonHeader } from './lesson'

const POLL_TTL_SECONDS = 90 * 24 * 3600
const pollKey = (pollId: string) => `tg:poll:${pollId}`

export interface PollLink {
  contentId: number
  /** Telegram user the poll was sent to. */
  telegramUserId: number
}

export async function sendQuiz(ctx: BotContext, chatId: number, lesson: Lesson, nav: InlineKeyboard): Promise<void> {
  const { content } = lesson
  const intro = [...lessonHeader(ctx, lesson), ...markdownToBlocks(content.body)]
  if (quizForm(content, TELEGRAM_PROFILE) === 'poll') {
    for (const html of htmlMessages(intro)) await ctx.api.sendMessage(chatId, html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true } })
    const message = await ctx.api.sendPoll(chatId, content.quizQuestion!, content.quizOptions.map((text) => ({ text })), {
      type: 'quiz',
      is_anonymous: false,
      correct_option_ids: [content.quizCorrectIndex!],
      ...(content.quizExplanation ? { explanation: content.quizExplanation } : {}),
      reply_markup: nav,
    })
    const link: PollLink = { contentId: content.id, telegramUserId: ctx.sender!.id }
    await ctx.deps.redis.set(pollKey(message.poll!.id), JSON.stringify(link), 'EX', POLL_TTL_SECONDS)
    return
  }
  const blocks: Block[] = [
    ...intro,
    { type: 'text', spans: [{ text: content.quizQuestion ?? '', marks: ['bold'] }] },
    { type: 'text', spans: [{ text: content.quizOptions.map((o, i) => `${i + 1}. ${o}`).join('\n'), marks: [] }] },
    { type: 'text', spans: [{ text: ctx.t('quiz-choose'), marks: ['italic'] }] },
  ]
  const messages = htmlMessages(blocks)
  const keyboard = quizOptions(ctx, content)
  keyboard.inline_keyboard.push(...nav.inline_keyboard)
  for (const [i, html] of messages.entries()) {
    const last = i === messages.length - 1
    await ctx.api.sendMessage(chatId, html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...(last ? { reply_markup: keyboard } : {}) })
  }
}

/** The content and student a poll was sent for, or null when unknown or expired. */
export async function pollLink(ctx: BotContext, pollId: string): Promise<PollLink | null> {
  const raw = await ctx.deps.redis.get(pollKey(pollId))
  if (!raw) return null
  try {
    const parsed = JSON.parse(raw) as PollLink
    return Number.isInteger(parsed.contentId) && Number.isInteger(parsed.telegramUserId) ? parsed : null
  } catch {
    return null
  }
}

/** Records an answer and sends the verdict, the explanation and the way on. */
export async function answerQuiz(ctx: BotContext, chatId: number, lesson: Lesson, option: number): Promise<CompletionResult> {
  const { actor } = await ctx.student()
  const result = await ctx.deps.domain.progress.complete(actor, lesson.content.id, { quizAnswer: option, source: 'TELEGRAM' })
  const quiz = result.quiz!
  const right = lesson.content.quizOptions[quiz.correctIndex] ?? ''
  const blocks: Block[] = [{ type: 'text', spans: [{ text: ctx.t('quiz-your-answer', { answer: lesson.content.quizOptions[option] ?? '' }), marks: [] }] }]
  const verdict = renderHtml(blocks) + '\n' + (quiz.correct ? ctx.t('quiz-correct') : ctx.t('quiz-wrong', { answer: escapeHtml(right) }))
  const extra: Block[] = []
  if (quiz.explanation) extra.push({ type: 'text', spans: [{ text: quiz.explanation, marks: ['italic'] }] })
  extra.push({ type: 'text', spans: [{ text: progressBar(result.progress.percent), marks: [] }] })
  const nav = lessonNav(ctx, lesson.content, lesson.course.id, { first: true, last: isLast(lesson), answered: true })
  await ctx.api.sendMessage(chatId, `${verdict}\n\n${renderHtml(extra)}`, { parse_mode: 'HTML', reply_markup: nav })
  return result
}
