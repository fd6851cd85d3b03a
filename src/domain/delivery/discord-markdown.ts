// The domain's rich-text blocks as Discord Markdown. Every piece of text is
// escaped so author and student text renders literally (no formatting, no
// mention syntax, no masked links of its own); links keep only safe URLs.
// The Discord profile measures blocks with this renderer, so the splitter's
// chunks fit Discord's 2000 characters once rendered.
import { type Block, type Mark, safeLink, type Span } from './rich-text'

/** Characters Discord Markdown treats specially anywhere in a line. */
const INLINE_SPECIAL = /[\\*_~`|<>[\]#@]/g
/** A list marker at the start of a line ("- ", "+ ", "1. "). */
const LIST_START = /^(\s*)([-+]|\d+\.)(?=\s)/gm

/** Escapes text for Discord Markdown. */
export function escapeDiscord(text: string): string {
  return text.replace(INLINE_SPECIAL, (c) => `\\${c}`).replace(LIST_START, (_m, space: string, marker: string) => `${space}\\${marker}`)
}

const MARKERS: Record<Mark, [string, string]> = {
  bold: ['**', '**'],
  italic: ['*', '*'],
  underline: ['__', '__'],
  strike: ['~~', '~~'],
  code: ['`', '`'],
}
const ORDER: Mark[] = ['bold', 'italic', 'underline', 'strike', 'code']

function renderSpan(span: Span): string {
  if (!span.text) return ''
  // markers must touch the text: whitespace goes outside them
  const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(span.text) ?? []
  if (!core) return span.text
  let out: string
  if (span.marks.includes('code')) {
    const fence = core.includes('`') ? '``' : '`'
    const pad = core.startsWith('`') || core.endsWith('`') ? ' ' : ''
    out = `${fence}${pad}${core}${pad}${fence}`
  } else out = escapeDiscord(core)
  for (const mark of [...ORDER].reverse()) {
    if (mark === 'code' || !span.marks.includes(mark)) continue
    const [open, close] = MARKERS[mark]
    out = `${open}${out}${close}`
  }
  const href = safeLink(span.href)
  if (href) out = `[${out}](${href.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`
  return `${lead}${out}${trail}`
}

function renderSpans(spans: readonly Span[]): string {
  return spans.map(renderSpan).join('')
}

export function renderDiscordBlock(b: Block): string {
  switch (b.type) {
    case 'code': {
      const lang = b.lang?.replace(/[^\w+#-]/g, '') ?? ''
      // a fence inside the code would end the block: break it with a zero-width space
      return `\`\`\`${lang}\n${b.text.replace(/```/g, '`\u200b``')}\n\`\`\``
    }
    case 'quote':
      return renderSpans(b.spans)
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n')
    default:
      return renderSpans(b.spans)
  }
}

/** Blocks as one Discord message's Markdown (blocks separated by a blank line). */
export function renderDiscordMarkdown(blocks: readonly Block[]): string {
  return blocks.map(renderDiscordBlock).join('\n\n')
}

/** What a block costs against Discord's limits: the length of its Markdown. */
export function discordMarkdownLength(b: Block): number {
  return renderDiscordBlock(b).length
}
