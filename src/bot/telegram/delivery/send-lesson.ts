// Sends one lesson as the native message for its kind: formatted text, photo,
// document, video (upload) or link with a large preview (URL), quiz. Long
// texts are split on paragraph boundaries; the navigation buttons go under the
// last message of the lesson.
import type { InlineKeyboard } from 'grammy'
import type { LinkPreviewOptions } from 'grammy/types'
import { markdownToBlocks } from '../../../domain/delivery/rich-text'
import type { BotContext } from '../context'
import { htmlMessages, markdownMessages } from '../format'
import { lessonNav } from '../keyboards'
import { chatIdOf, isFirst, isLast, type Lesson, lessonHeader, loadLesson } from './lesson'
import { type MediaKind, MissingFileError, sendMedia } from './media'
import { sendQuiz } from './quiz'

export async function sendLesson(ctx: BotContext, contentId: number): Promise<Lesson> {
  const lesson = await loadLesson(ctx, contentId)
  const chatId = chatIdOf(ctx)
  const { content } = lesson
  const nav = lessonNav(ctx, content, lesson.course.id, { first: isFirst(lesson), last: isLast(lesson) })
  switch (content.kind) {
    case 'TEXT':
      await sendTexts(ctx, chatId, markdownMessages(lessonHeader(ctx, lesson), content.body), nav)
      break
    case 'IMAGE':
      await sendFileLesson(ctx, chatId, lesson, 'photo', nav)
      break
    case 'FILE':
      await sendFileLesson(ctx, chatId, lesson, 'document', nav)
      break
    case 'VIDEO':
      if (content.filePath) await sendFileLesson(ctx, chatId, lesson, 'video', nav)
      else await sendVideoLink(ctx, chatId, lesson, nav)
      break
    case 'QUIZ':
      await sendQuiz(ctx, chatId, lesson, nav)
      break
  }
  return lesson
}

/** Sends HTML messages in order; the keyboard goes under the last one. */
export async function sendTexts(ctx: BotContext, chatId: number, messages: string[], keyboard?: InlineKeyboard, preview?: LinkPreviewOptions): Promise<void> {
  for (const [i, html] of messages.entries()) {
    const last = i === messages.length - 1
    await ctx.api.sendMessage(chatId, html, {
      parse_mode: 'HTML',
      link_preview_options: last && preview ? preview : { is_disabled: true },
      ...(last && keyboard ? { reply_markup: keyboard } : {}),
    })
  }
}

async function sendFileLesson(ctx: BotContext, chatId: number, lesson: Lesson, kind: MediaKind, nav: InlineKeyboard): Promise<void> {
  const [caption, ...rest] = markdownMessages(lessonHeader(ctx, lesson), lesson.content.body, { caption: true })
  try {
    await sendMedia(ctx, chatId, lesson.content, kind, { caption, ...(rest.length === 0 ? { reply_markup: nav } : {}) })
  } catch (err) {
    if (!(err instanceof MissingFileError)) throw err
    ctx.log.error({ contentId: lesson.content.id, filePath: lesson.content.filePath }, 'lesson file is missing on disk')
    await sendTexts(ctx, chatId, [...(caption ? [caption] : []), ...rest, ctx.t('file-missing')], nav)
    return
  }
  if (rest.length) await sendTexts(ctx, chatId, rest, nav)
}

async function sendVideoLink(ctx: BotContext, chatId: number, lesson: Lesson, nav: InlineKeyboard): Promise<void> {
  const url = lesson.content.videoUrl!
  const blocks = [
    ...lessonHeader(ctx, lesson),
    ...markdownToBlocks(lesson.content.body),
    { type: 'text' as const, spans: [{ text: ctx.t('video-watch'), marks: [], href: url }] },
  ]
  await sendTexts(ctx, chatId, htmlMessages(blocks), nav, { url, prefer_large_media: true, show_above_text: false })
}
