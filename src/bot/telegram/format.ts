// Telegram HTML (parse_mode: 'HTML') from the domain's rich-text model, split
// into messages by the domain's delivery rule. Every piece of text is escaped
// here, so author and student text always renders literally.
import { type Block, type Mark, markdownToBlocks, type Span } from '../../domain/delivery/rich-text'
import { TELEGRAM_PROFILE } from '../../domain/delivery/profile'
import { messageChunks } from '../../domain/delivery/split'

/** Escapes text for Telegram HTML (the three characters its parser treats specially). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function escapeAttr(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;')
}

const TAG: Record<Mark, string> = { bold: 'b', italic: 'i', underline: 'u', strike: 's', code: 'code' }
const ORDER: Mark[] = ['bold', 'italic', 'underline', 'strike', 'code']

function renderSpans(spans: readonly Span[]): string {
  let out = ''
  for (const run of mergeRuns(spans)) {
    let html = escapeHtml(run.text)
    for (const mark of [...ORDER].reverse()) if (run.marks.includes(mark)) html = `<${TAG[mark]}>${html}</${TAG[mark]}>`
    if (run.href) html = `<a href="${escapeAttr(run.href)}">${html}</a>`
    out += html
  }
  return out
}

/** Joins neighbouring spans with the same formatting (fewer tags). */
function mergeRuns(spans: readonly Span[]): Span[] {
  const out: Span[] = []
  for (const s of spans) {
    const last = out.at(-1)
    if (last && last.href === s.href && sameMarks(last.marks, s.marks)) out[out.length - 1] = { ...last, text: last.text + s.text }
    else if (s.text) out.push(s)
  }
  return out
}

function sameMarks(a: readonly Mark[], b: readonly Mark[]): boolean {
  return a.length === b.length && a.every((m) => b.includes(m))
}

export function renderBlock(b: Block): string {
  switch (b.type) {
    case 'code': {
      const lang = b.lang?.replace(/[^\w+#-]/g, '')
      const code = escapeHtml(b.text)
      return lang ? `<pre><code class="language-${lang}">${code}</code></pre>` : `<pre>${code}</pre>`
    }
    case 'quote':
      return `<blockquote>${renderSpans(b.spans)}</blockquote>`
    default:
      return renderSpans(b.spans)
  }
}

export function renderHtml(blocks: readonly Block[]): string {
  return blocks.map(renderBlock).join('\n\n')
}

/** Blocks as Telegram HTML messages within the limits (the first may be a caption). */
export function htmlMessages(blocks: readonly Block[], opts: { caption?: boolean } = {}): string[] {
  return messageChunks(blocks, TELEGRAM_PROFILE, opts).map(renderHtml)
}

/** Author Markdown after some header blocks, as Telegram HTML messages. */
export function markdownMessages(header: readonly Block[], markdown: string, opts: { caption?: boolean } = {}): string[] {
  return htmlMessages([...header, ...markdownToBlocks(markdown)], opts)
}

export { truncate } from '../../domain/delivery/plan-builder'
