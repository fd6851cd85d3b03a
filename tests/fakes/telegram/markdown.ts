import type { MessageEntity } from 'grammy/types'
import { badRequest } from './errors'
import type { FormattedText } from './html'

const RESERVED = '_*[]()~`>#+-=|{}.!'
const fail = (why: string) => badRequest(`can't parse entities: ${why}`)

interface Open {
  marker: string
  offset: number
  at: number
}

const TOGGLES: Record<string, MessageEntity['type']> = {
  '*': 'bold', _: 'italic', __: 'underline', '~': 'strikethrough', '||': 'spoiler',
}

/**
 * Parses `MarkdownV2` (or legacy `Markdown` when `legacy` is set) the way the
 * Bot API does for the common cases: emphasis, code/pre, links, blockquotes
 * and the "must be escaped" rule for reserved characters.
 */
export function parseMarkdown(src: string, legacy = false): FormattedText {
  let text = ''
  const entities: MessageEntity[] = []
  const stack: Open[] = []
  const byteAt = (i: number) => Buffer.byteLength(src.slice(0, i))
  let quoteStart = -1
  let i = 0
  const closeQuote = () => {
    if (quoteStart >= 0 && text.length > quoteStart) entities.push({ type: 'blockquote', offset: quoteStart, length: text.length - quoteStart })
    quoteStart = -1
  }
  while (i < src.length) {
    const c = src[i]!
    const lineStart = i === 0 || src[i - 1] === '\n'
    if (!legacy && lineStart && c === '>') {
      if (quoteStart < 0) quoteStart = text.length
      i++
      continue
    }
    if (lineStart && c !== '>' && quoteStart >= 0) closeQuote()
    if (c === '\\' && !legacy && i + 1 < src.length) {
      text += src[i + 1]
      i += 2
      continue
    }
    if (c === '`') {
      const pre = src.startsWith('```', i)
      const fence = pre ? '```' : '`'
      const end = findUnescaped(src, fence, i + fence.length, legacy)
      if (end === -1) throw fail(`Can't find end of the entity starting at byte offset ${byteAt(i)}`)
      let body = src.slice(i + fence.length, end)
      let language: string | undefined
      if (pre) {
        const nl = body.indexOf('\n')
        if (nl > 0 && /^[\w+-]+$/.test(body.slice(0, nl))) language = body.slice(0, nl)
        if (nl >= 0) body = body.slice(nl + 1)
      }
      if (!legacy) body = body.replace(/\\([`\\])/g, '$1')
      const offset = text.length
      text += body
      if (body.length > 0) {
        entities.push(pre ? { type: 'pre', offset, length: body.length, ...(language ? { language } : {}) } : { type: 'code', offset, length: body.length })
      }
      i = end + fence.length
      continue
    }
    if (c === '[' || (c === '!' && src[i + 1] === '[' && !legacy)) {
      stack.push({ marker: c === '!' ? '![' : '[', offset: text.length, at: i })
      i += c === '!' ? 2 : 1
      continue
    }
    if (c === ']' && stack[stack.length - 1]?.marker.endsWith('[') && src[i + 1] === '(') {
      const open = stack.pop()!
      const end = findUnescaped(src, ')', i + 2, legacy)
      if (end === -1) throw fail(`Can't find end of a URL at byte offset ${byteAt(i + 1)}`)
      const url = src.slice(i + 2, end).replace(/\\([)\\])/g, '$1')
      const length = text.length - open.offset
      if (length > 0) {
        entities.push(open.marker === '!['
          ? { type: 'custom_emoji', offset: open.offset, length, custom_emoji_id: /id=(\d+)/.exec(url)?.[1] ?? '' }
          : { type: 'text_link', offset: open.offset, length, url })
      }
      i = end + 1
      continue
    }
    const two = src.slice(i, i + 2)
    const marker = !legacy && (two === '__' || two === '||') ? two : c
    const type = TOGGLES[marker]
    if (type && (!legacy || marker === '*' || marker === '_')) {
      const top = stack[stack.length - 1]
      if (top?.marker === marker) {
        stack.pop()
        if (text.length > top.offset) entities.push({ type, offset: top.offset, length: text.length - top.offset } as MessageEntity)
      } else {
        stack.push({ marker, offset: text.length, at: i })
      }
      i += marker.length
      continue
    }
    if (!legacy && RESERVED.includes(c)) {
      throw fail(`Character '${c}' is reserved and must be escaped with the preceding '\\'`)
    }
    text += c
    i++
  }
  const open = stack.pop()
  if (open) throw fail(`Can't find end of the entity starting at byte offset ${byteAt(open.at)}`)
  closeQuote()
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length)
  return { text, entities }
}

function findUnescaped(src: string, needle: string, from: number, legacy: boolean): number {
  for (let j = from; j < src.length; j++) {
    if (!legacy && src[j] === '\\') {
      j++
      continue
    }
    if (src.startsWith(needle, j)) return j
  }
  return -1
}
