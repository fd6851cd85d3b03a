// The domain's rich-text blocks as safe browser HTML, for the panel's previews:
// the Markdown editor's live preview and the content show page (bundled into
// the browser) and "preview as student" (the bots' message plan, rendered on
// the server). Markdown is parsed and split into messages by the domain's
// delivery rules, the same ones the bots use, so the panel shows what
// students receive. Every piece of text
// is escaped (raw HTML is shown as text); links keep only http(s), mailto and
// tg URLs. Imports only the domain's delivery modules (no bot, no SDK).
import { type Block, type Mark, markdownToBlocks, safeLink, type Span } from '../domain/delivery/rich-text'
import { type PlatformProfile, TELEGRAM_PROFILE } from '../domain/delivery/profile'
import { messageChunks } from '../domain/delivery/split'

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITY[c]!)
}

const TAG: Record<Mark, string> = { bold: 'strong', italic: 'em', underline: 'u', strike: 'del', code: 'code' }
/** Outermost first, as the Telegram renderer nests them. */
const ORDER: Mark[] = ['bold', 'italic', 'underline', 'strike', 'code']

/** Escaped text with its line breaks kept (chat messages show them). */
const textHtml = (s: string) => escapeHtml(s).replace(/\n/g, '<br>')

function renderSpans(spans: readonly Span[]): string {
  let out = ''
  for (const span of spans) {
    if (!span.text) continue
    let html = textHtml(span.text)
    for (const mark of [...ORDER].reverse()) if (span.marks.includes(mark)) html = `<${TAG[mark]}>${html}</${TAG[mark]}>`
    const href = safeLink(span.href)
    if (href) html = `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer nofollow">${html}</a>`
    out += html
  }
  return out
}

function renderBlock(b: Block): string {
  switch (b.type) {
    case 'code': {
      const lang = b.lang?.replace(/[^\w+#-]/g, '')
      return `<pre><code${lang ? ` class="language-${lang}"` : ''}>${escapeHtml(b.text)}</code></pre>`
    }
    case 'quote':
      return `<blockquote>${renderSpans(b.spans)}</blockquote>`
    default:
      return `<p>${renderSpans(b.spans)}</p>`
  }
}

/** Blocks as one piece of HTML (one chat message's content). */
export function blocksToHtml(blocks: readonly Block[]): string {
  return blocks.map(renderBlock).join('')
}

/**
 * Author Markdown as the messages a bot sends, one HTML string each: split to
 * the platform's limits (Telegram unless told); with `caption`, the first is
 * a media message's caption.
 */
export function markdownPreview(markdown: string, opts: { caption?: boolean; profile?: PlatformProfile } = {}): string[] {
  return messageChunks(markdownToBlocks(markdown ?? ''), opts.profile ?? TELEGRAM_PROFILE, opts).map(blocksToHtml)
}
