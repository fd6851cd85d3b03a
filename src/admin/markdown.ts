// Markdown -> safe HTML for the panel: the text editor's live preview (bundled
// into the browser) and the "preview as student" page (rendered on the server).
// It mirrors what the chat bots can show: bold, italic, strike, code, code
// blocks, links, quotes and lists; headings become bold lines and images become
// links, as in a Telegram message. Raw HTML is never passed through: it is
// shown as text. Links keep only http(s), mailto and tg URLs.
import { Marked, type Tokens } from 'marked'

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

const SAFE_URL = /^(https?:\/\/|mailto:|tg:\/\/)/i

export function safeUrl(href: string | null | undefined): string | null {
  const url = (href ?? '').trim()
  return SAFE_URL.test(url) ? url : null
}

const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      return escapeHtml(token.text)
    },
    heading(this: { parser: { parseInline(t: unknown): string } }, token: Tokens.Heading) {
      return `<p><strong>${this.parser.parseInline(token.tokens)}</strong></p>\n`
    },
    link(this: { parser: { parseInline(t: unknown): string } }, token: Tokens.Link) {
      const inner = this.parser.parseInline(token.tokens)
      const href = safeUrl(token.href)
      if (!href) return inner
      return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer nofollow">${inner}</a>`
    },
    image(token: Tokens.Image) {
      const href = safeUrl(token.href)
      const label = escapeHtml(token.text || token.href)
      return href ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer nofollow">${label}</a>` : label
    },
  },
})

/** Renders Markdown to HTML that is safe to insert into the panel's pages. */
export function renderMarkdown(source: string): string {
  return marked.parse(source ?? '') as string
}
