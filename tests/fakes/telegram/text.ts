import type { MessageEntity } from 'grammy/types'
import { badRequest } from './errors'
import { parseHtml, type FormattedText } from './html'
import { parseMarkdown } from './markdown'

export const MAX_TEXT = 4096
export const MAX_CAPTION = 1024

/** Applies `parse_mode` (HTML, MarkdownV2, Markdown) or explicit entities to a text. */
export function formatText(raw: string, parseMode: string | undefined, entities?: MessageEntity[]): FormattedText {
  if (entities && entities.length > 0) return { text: raw, entities }
  switch ((parseMode ?? '').toLowerCase()) {
    case '':
      return { text: raw, entities: [] }
    case 'html':
      return parseHtml(raw)
    case 'markdownv2':
      return parseMarkdown(raw)
    case 'markdown':
      return parseMarkdown(raw, true)
    default:
      throw badRequest(`unsupported parse_mode`)
  }
}

/** Formats a message text and applies Telegram's emptiness and length rules. */
export function formatMessageText(raw: string | undefined, parseMode?: string, entities?: MessageEntity[]): FormattedText {
  if (raw === undefined || raw.trim() === '') throw badRequest('message text is empty')
  const out = formatText(raw, parseMode, entities)
  if (out.text.trim() === '') throw badRequest('message text is empty')
  if (out.text.length > MAX_TEXT) throw badRequest('message is too long')
  return out
}

/** Formats an optional caption (max 1024 characters after parsing). */
export function formatCaption(raw: string | undefined, parseMode?: string, entities?: MessageEntity[]): FormattedText | undefined {
  if (raw === undefined || raw === '') return undefined
  const out = formatText(raw, parseMode, entities)
  if (out.text.length > MAX_CAPTION) throw badRequest('message caption is too long')
  return out
}

/**
 * Entities Telegram detects automatically in text typed by a user:
 * bot commands (also `/cmd@botname`), @mentions, #hashtags and URLs.
 */
export function detectEntities(text: string): MessageEntity[] {
  const out: MessageEntity[] = []
  const rules: [RegExp, MessageEntity['type']][] = [
    [/(?<![\w/])\/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,32})?(?![\w/@])/g, 'bot_command'],
    [/(?<![\w@])@[a-zA-Z0-9_]{4,32}\b/g, 'mention'],
    [/(?<![\w#])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*/gu, 'hashtag'],
    [/\bhttps?:\/\/[^\s<>"]+/g, 'url'],
  ]
  for (const [re, type] of rules) {
    for (const m of text.matchAll(re)) {
      const offset = m.index ?? 0
      if (out.some((e) => offset >= e.offset && offset < e.offset + e.length)) continue
      out.push({ type, offset, length: m[0].length } as MessageEntity)
    }
  }
  return out.sort((a, b) => a.offset - b.offset)
}
