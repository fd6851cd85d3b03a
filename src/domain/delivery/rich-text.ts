// Delivery rule: author Markdown is parsed, once and only here, into a small
// platform-neutral rich-text model. Renderers (Telegram HTML in the bot, the
// admin panel's browser preview, ...) turn it into a format and escape every
// piece of text they emit, so nothing an author or a student typed can change
// the formatting around it. Imports only the `marked` parser (no SDKs): it is
// also bundled into the admin panel's browser code.
import { marked, type Token, type Tokens } from 'marked'

export type Mark = 'bold' | 'italic' | 'underline' | 'strike' | 'code'

/** A run of text with the same formatting. `href` makes it a link. */
export interface Span {
  text: string
  marks: readonly Mark[]
  href?: string
}

export type Block =
  /** Paragraphs, headings (bold spans), lists (bullets in the text), rules. */
  | { type: 'text'; spans: Span[] }
  | { type: 'quote'; spans: Span[] }
  | { type: 'code'; text: string; lang?: string }

const SAFE_LINK = /^(https?:\/\/|mailto:|tg:\/\/)[^\s]+$/i

/** The link, trimmed, if it is one a chat may open (http(s), mailto, tg); otherwise undefined. */
export function safeLink(href: string | null | undefined): string | undefined {
  const url = (href ?? '').trim()
  return SAFE_LINK.test(url) ? url : undefined
}

/** Length of a block's visible text (what platforms count against their limits). */
export function blockLength(b: Block): number {
  return b.type === 'code' ? b.text.length : spansLength(b.spans)
}

export function spansLength(spans: readonly Span[]): number {
  let n = 0
  for (const s of spans) n += s.text.length
  return n
}

/** Visible text of a block (for tests, logs and plain-text platforms). */
export function plainText(blocks: readonly Block[]): string {
  return blocks.map((b) => (b.type === 'code' ? b.text : b.spans.map((s) => s.text).join(''))).join('\n\n')
}

export const text = (value: string, marks: readonly Mark[] = []): Span => ({ text: value, marks })
export const para = (...spans: Span[]): Block => ({ type: 'text', spans })

/**
 * Parses author Markdown (CommonMark + GFM) into blocks. Anything that is not
 * formatting we support (raw HTML, unbalanced markers, tables) stays as literal text.
 */
export function markdownToBlocks(markdown: string): Block[] {
  const source = markdown.replace(/\r\n?/g, '\n')
  if (!source.trim()) return []
  const tokens = marked.lexer(source, { gfm: true })
  return blocksOf(tokens, 0).filter((b) => blockLength(b) > 0)
}

function blocksOf(tokens: Token[], depth: number): Block[] {
  const out: Block[] = []
  for (const t of tokens) {
    switch (t.type) {
      case 'space':
        break
      case 'paragraph':
        out.push({ type: 'text', spans: inline((t as Tokens.Paragraph).tokens, []) })
        break
      case 'heading':
        out.push({ type: 'text', spans: inline((t as Tokens.Heading).tokens, ['bold']) })
        break
      case 'code': {
        const c = t as Tokens.Code
        const lang = c.lang?.trim().split(/\s+/)[0]
        out.push({ type: 'code', text: c.text, ...(lang ? { lang } : {}) })
        break
      }
      case 'blockquote': {
        const inner = blocksOf((t as Tokens.Blockquote).tokens, depth)
        out.push({ type: 'quote', spans: joinBlocks(inner, '\n') })
        break
      }
      case 'list':
        out.push({ type: 'text', spans: listSpans(t as Tokens.List, depth) })
        break
      case 'hr':
        out.push({ type: 'text', spans: [text('———')] })
        break
      case 'table': {
        const tb = t as Tokens.Table
        const row = (cells: Tokens.TableCell[]) => cells.map((c) => c.text).join(' | ')
        out.push({ type: 'code', text: [row(tb.header), ...tb.rows.map(row)].join('\n') })
        break
      }
      case 'text': {
        const tt = t as Tokens.Text
        out.push({ type: 'text', spans: tt.tokens ? inline(tt.tokens, []) : [text(tt.text)] })
        break
      }
      default:
        // raw HTML blocks and anything unknown: shown exactly as written
        if ('raw' in t && typeof t.raw === 'string' && t.raw.trim()) out.push({ type: 'text', spans: [text(t.raw.trim())] })
    }
  }
  return out
}

function listSpans(list: Tokens.List, depth: number): Span[] {
  const spans: Span[] = []
  const start = typeof list.start === 'number' ? list.start : 1
  list.items.forEach((item, i) => {
    if (i > 0) spans.push(text('\n'))
    const bullet = list.ordered ? `${start + i}. ` : item.task ? (item.checked ? '☑ ' : '☐ ') : '• '
    spans.push(text('  '.repeat(depth) + bullet))
    const nested: Span[] = []
    const own: Block[] = []
    for (const child of item.tokens) {
      if (child.type === 'list') nested.push(text('\n'), ...listSpans(child as Tokens.List, depth + 1))
      else if (child.type !== 'checkbox') own.push(...blocksOf([child], depth + 1))
    }
    spans.push(...joinBlocks(own, '\n'), ...nested)
  })
  return spans
}

/** Flattens blocks into one span list (code blocks become code spans). */
function joinBlocks(blocks: Block[], separator: string): Span[] {
  const spans: Span[] = []
  blocks.forEach((b, i) => {
    if (i > 0) spans.push(text(separator))
    if (b.type === 'code') spans.push(text(b.text, ['code']))
    else spans.push(...b.spans)
  })
  return spans
}

function inline(tokens: Token[] | undefined, marks: readonly Mark[], href?: string): Span[] {
  const out: Span[] = []
  const push = (value: string, m = marks, h = href) => {
    if (value) out.push(h ? { text: value, marks: m, href: h } : { text: value, marks: m })
  }
  for (const t of tokens ?? []) {
    switch (t.type) {
      case 'text': {
        const tt = t as Tokens.Text
        if (tt.tokens?.length) out.push(...inline(tt.tokens, marks, href))
        else push(tt.text)
        break
      }
      case 'escape':
        push((t as Tokens.Escape).text)
        break
      case 'strong':
        out.push(...inline((t as Tokens.Strong).tokens, withMark(marks, 'bold'), href))
        break
      case 'em':
        out.push(...inline((t as Tokens.Em).tokens, withMark(marks, 'italic'), href))
        break
      case 'del':
        out.push(...inline((t as Tokens.Del).tokens, withMark(marks, 'strike'), href))
        break
      case 'codespan':
        push((t as Tokens.Codespan).text, withMark(marks, 'code'))
        break
      case 'br':
        push('\n')
        break
      case 'link': {
        const l = t as Tokens.Link
        const safe = safeLink(l.href)
        if (safe) out.push(...inline(l.tokens, marks, safe))
        else push(l.raw) // javascript:, relative and other links stay literal
        break
      }
      case 'image': {
        const img = t as Tokens.Image
        push(img.text || img.href, marks, safeLink(img.href))
        break
      }
      default:
        // inline HTML and anything unknown: literal
        push('raw' in t && typeof t.raw === 'string' ? t.raw : '')
    }
  }
  return out
}

function withMark(marks: readonly Mark[], mark: Mark): readonly Mark[] {
  return marks.includes(mark) ? marks : [...marks, mark]
}
