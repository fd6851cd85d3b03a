// Rich-text blocks (src/domain/delivery/rich-text.ts) as Discord Markdown.
// Every piece of author or student text is escaped here: Markdown markers,
// line-start syntax (#, >, -, 1.), masked links and mention syntax (<@id>,
// <@&id>, <#id>, @everyone, @here) come out literally, so text can neither
// change the formatting around it nor ping anyone (allowed_mentions is empty
// on every send as well).
import type { Block, Span } from '../../domain/delivery/rich-text'

/** Discord's limit on a message's content. */
export const CONTENT_LIMIT = 2000

const ZWSP = '\u200b'

/** Plain text as Discord Markdown that shows exactly this text and pings nobody. */
export function escapeText(value: string): string {
  return value
    .replace(/[\\*_~`|[\]<]/g, (c) => `\\${c}`)
    .replace(/@(everyone|here)/gi, `@${ZWSP}$1`)
    .replace(/^(\s*)([#>-]|\d+\.)/gm, (_m, space: string, marker: string) => `${space}\\${marker}`)
}

/** Text inside a code span or block: only the fence could break out of it. */
function escapeCode(value: string): string {
  return value.replace(/`/g, `\`${ZWSP}`)
}

function renderSpan(span: Span): string {
  if (!span.text) return ''
  if (span.marks.includes('code')) {
    const code = escapeCode(span.text).replace(/\n/g, ' ')
    return code.trim() ? `\`${code}\`` : code
  }
  // markers must touch the text: leading and trailing blanks stay outside them
  const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(span.text) ?? []
  if (!core) return span.text
  let out = escapeText(core)
  if (span.marks.includes('italic')) out = `*${out}*`
  if (span.marks.includes('bold')) out = `**${out}**`
  if (span.marks.includes('underline')) out = `__${out}__`
  if (span.marks.includes('strike')) out = `~~${out}~~`
  if (span.href) out = `[${out}](${span.href.replace(/[()\s]/g, encodeURIComponent)})`
  return `${lead}${out}${trail}`
}

export function renderSpans(spans: readonly Span[]): string {
  return spans.map(renderSpan).join('')
}

export function renderBlock(block: Block): string {
  switch (block.type) {
    case 'code':
      return `\`\`\`${/^[\w+-]{1,20}$/.test(block.lang ?? '') ? block.lang : ''}\n${escapeCode(block.text)}\n\`\`\``
    case 'quote':
      return renderSpans(block.spans)
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n')
    case 'text':
      return renderSpans(block.spans)
  }
}

/** One message's blocks as its content. */
export function renderBlocks(blocks: readonly Block[]): string {
  return blocks.map(renderBlock).join('\n\n')
}

/** Cuts plain text at the content limit (for text we write ourselves, never lessons). */
export function clip(value: string, max = CONTENT_LIMIT): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`
}
