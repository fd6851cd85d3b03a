// Text that crosses from one platform to another must not ping anyone and must
// not turn into markup. Mentions get a zero-width joiner after their sigil, so
// they read the same but no platform resolves them; Discord additionally gets
// allowedMentions { parse: [] } from its adapter. Markup never comes from
// inside the text: Telegram gets entities (no parse_mode), Discord gets its
// Markdown escaped, the web page sets textContent.

import type { TextEntity } from '../domain/rooms.types'

const ZWJ = '\u200d'

const MENTION = /<(?=[@#][!&]?\d+>)|@(?=[\p{L}\p{N}_])/gu

/** @everyone, @here, @username, <@id>, <@!id>, <@&role>, <#channel> made inert. */
export function neutralizeMentions(text: string): string {
  return neutralize(text, []).text
}

/** The same, with formatting spans moved to match the longer text. */
export function neutralize(text: string, entities: TextEntity[]): { text: string; entities: TextEntity[] } {
  const inserts: number[] = [] // positions in the original text after which a ZWJ goes
  const out = text.replace(MENTION, (sigil: string, index: number) => {
    inserts.push(index + 1)
    return `${sigil}${ZWJ}`
  })
  if (inserts.length === 0) return { text, entities }
  const before = (pos: number) => inserts.filter((i) => i <= pos).length
  return {
    text: out,
    entities: entities.map((e) => {
      const start = e.offset + before(e.offset)
      const end = e.offset + e.length + before(e.offset + e.length - 1)
      return { ...e, offset: start, length: end - start }
    }),
  }
}

/** Discord Markdown escaped, so relayed text shows literally (one backslash per special character). */
export function escapeDiscordMarkdown(text: string): string {
  return text
    .replace(/([\\*_~`|>#\-[\]()])/g, '\\$1')
    // masked links and auto-embeds stay plain text
    .replace(/(https?):\/\//g, '$1:\u200b//')
}

/** Cuts text to `max` UTF-16 units without splitting a surrogate pair, with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text
  let end = max - 1
  const code = text.charCodeAt(end - 1)
  if (code >= 0xd800 && code <= 0xdbff) end--
  return `${text.slice(0, end)}…`
}
