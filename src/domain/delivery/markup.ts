// Translations as rich text. A translation may use <b>, <i>, <u>, <s> and
// <code> and the entities &amp; &lt; &gt; &quot; (see domain/i18n.ts); its
// variables are plain text (author titles, student input). `richText` escapes
// the variables, translates, and parses that small markup into spans, so a
// notice renders the same on every platform and no variable can format.
import type { Translate, TranslateVars } from '../i18n'
import { type Block, type Mark, type Span } from './rich-text'

const TAG_MARK: Record<string, Mark> = { b: 'bold', i: 'italic', u: 'underline', s: 'strike', code: 'code' }
const ENTITY: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' }

export function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot);/g, (e) => ENTITY[e]!)

/** Parses translation markup into spans; an unknown or unbalanced tag is kept as text. */
export function parseMarkup(markup: string): Span[] {
  const spans: Span[] = []
  const open: Mark[] = []
  const push = (text: string) => {
    if (text) spans.push({ text: unescape(text), marks: [...open] })
  }
  let last = 0
  for (const m of markup.matchAll(/<(\/?)(b|i|u|s|code)>/g)) {
    const mark = TAG_MARK[m[2]!]!
    const closing = m[1] === '/'
    if (closing && open.at(-1) !== mark) continue // unbalanced: stays literal below
    push(markup.slice(last, m.index))
    last = m.index! + m[0].length
    if (closing) open.pop()
    else open.push(mark)
  }
  push(markup.slice(last))
  return spans
}

/** A translation as spans, its variables escaped first (they never format). */
export function richText(t: Translate, key: string, vars: TranslateVars = {}): Span[] {
  return parseMarkup(t(key, escapeVars(vars)))
}

/** A translation as one paragraph block. */
export function richBlock(t: Translate, key: string, vars: TranslateVars = {}): Block {
  return { type: 'text', spans: richText(t, key, vars) }
}

export function escapeVars(vars: TranslateVars): TranslateVars {
  const safe: TranslateVars = {}
  for (const [k, v] of Object.entries(vars)) safe[k] = typeof v === 'string' ? escapeMarkup(v) : v
  return safe
}
