import type { MessageEntity } from 'grammy/types'
import { badRequest } from './errors'

/** Result of parsing formatted text: plain text plus Bot API entities (UTF-16 offsets). */
export interface FormattedText {
  text: string
  entities: MessageEntity[]
}

const SIMPLE: Record<string, MessageEntity['type']> = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline',
  s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', 'tg-spoiler': 'spoiler',
}
const OTHER = new Set(['span', 'a', 'code', 'pre', 'blockquote', 'tg-emoji'])
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' }

interface Open {
  name: string
  attrs: Record<string, string>
  offset: number
}

const fail = (why: string) => badRequest(`can't parse entities: ${why}`)

/**
 * Parses Telegram's `parse_mode: 'HTML'` subset and fails like the real server
 * on unsupported or unbalanced tags.
 */
export function parseHtml(src: string): FormattedText {
  let text = ''
  const stack: Open[] = []
  const entities: MessageEntity[] = []
  const byteAt = (i: number) => Buffer.byteLength(src.slice(0, i))
  let i = 0
  while (i < src.length) {
    const ch = src[i]!
    if (ch === '&') {
      const m = /^&(?:([a-zA-Z]+)|#(\d+)|#[xX]([0-9a-fA-F]+));/.exec(src.slice(i, i + 12))
      const decoded = m?.[1] ? NAMED[m[1]] : m?.[2] ? String.fromCodePoint(Number(m[2])) : m?.[3] ? String.fromCodePoint(parseInt(m[3], 16)) : undefined
      if (m && decoded !== undefined) {
        text += decoded
        i += m[0].length
      } else {
        text += ch // unknown named entities and bare '&' stay literal
        i++
      }
      continue
    }
    if (ch !== '<') {
      text += ch
      i++
      continue
    }
    const close = src.indexOf('>', i)
    if (close === -1) throw fail(`Unclosed start tag at byte offset ${byteAt(i)}`)
    const inner = src.slice(i + 1, close)
    if (inner.startsWith('/')) {
      const name = inner.slice(1).trim().toLowerCase()
      const top = stack.pop()
      if (!top) throw fail(`Unexpected end tag at byte offset ${byteAt(i)}`)
      if (name !== top.name) {
        throw fail(`Unmatched end tag at byte offset ${byteAt(i)}, expected "</${top.name}>", found "</${name}>"`)
      }
      const entity = toEntity(top, text.length - top.offset, stack)
      if (entity && entity.length > 0) entities.push(entity)
    } else {
      const nameMatch = /^[a-zA-Z][a-zA-Z0-9-]*/.exec(inner)
      const name = (nameMatch?.[0] ?? '').toLowerCase()
      if (!(name in SIMPLE) && !OTHER.has(name)) {
        throw fail(`Unsupported start tag "${name}" at byte offset ${byteAt(i)}`)
      }
      const attrs = parseAttrs(inner.slice(name.length))
      if (name === 'span' && attrs.class !== 'tg-spoiler') {
        throw fail(`Tag "span" must have class "tg-spoiler" at byte offset ${byteAt(i)}`)
      }
      if (name === 'tg-emoji' && !attrs['emoji-id']) {
        throw fail(`Tag "tg-emoji" must have attribute "emoji-id" at byte offset ${byteAt(i)}`)
      }
      stack.push({ name, attrs, offset: text.length })
    }
    i = close + 1
  }
  const unclosed = stack.pop()
  if (unclosed) throw fail(`Can't find end tag corresponding to start tag "${unclosed.name}"`)
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length)
  return { text, entities }
}

function toEntity(tag: Open, length: number, parents: Open[]): MessageEntity | undefined {
  const offset = tag.offset
  const simple = SIMPLE[tag.name]
  if (simple) return { type: simple, offset, length } as MessageEntity
  switch (tag.name) {
    case 'span':
      return { type: 'spoiler', offset, length }
    case 'a':
      return tag.attrs.href ? { type: 'text_link', offset, length, url: tag.attrs.href } : undefined
    case 'code': {
      // <pre><code class="language-x"> becomes one pre entity with a language
      const parent = parents[parents.length - 1]
      const lang = /^language-(.+)$/.exec(tag.attrs.class ?? '')?.[1]
      if (parent?.name === 'pre' && parent.offset === offset) {
        if (lang) parent.attrs.language = lang
        return undefined
      }
      return { type: 'code', offset, length }
    }
    case 'pre':
      return tag.attrs.language
        ? { type: 'pre', offset, length, language: tag.attrs.language }
        : { type: 'pre', offset, length }
    case 'blockquote':
      return { type: 'expandable' in tag.attrs ? 'expandable_blockquote' : 'blockquote', offset, length }
    case 'tg-emoji':
      return { type: 'custom_emoji', offset, length, custom_emoji_id: tag.attrs['emoji-id'] ?? '' }
  }
  return undefined
}

function parseAttrs(src: string): Record<string, string> {
  const attrs: Record<string, string> = {}
  const re = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const raw = m[2] ?? m[3] ?? m[4] ?? ''
    attrs[m[1]!.toLowerCase()] = raw.replace(/&(lt|gt|amp|quot);/g, (_, n: string) => NAMED[n] ?? '')
  }
  return attrs
}
