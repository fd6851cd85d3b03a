// Relayed text never pings anyone and never turns into markup on another side.
import { describe, expect, it } from 'vitest'
import { placeholder } from '../../src/bridge/message'
import { escapeDiscordMarkdown, neutralize, truncate } from '../../src/bridge/safety'

describe('relayed text', () => {
  it('neutralises every kind of mention and keeps formatting on the same words', () => {
    const text = 'hi @everyone see <@123> and <@&9> in <#5>, **bold**'
    const bold = text.indexOf('**bold**')
    const out = neutralize(text, [{ type: 'bold', offset: bold, length: 8 }, { type: 'italic', offset: 0, length: 2 }])
    expect(out.text).not.toMatch(/@everyone|<@123>|<@&9>|<#5>/)
    expect(out.text.replace(/\u200d/g, '')).toBe(text)
    const [b, i] = out.entities
    expect(out.text.slice(b!.offset, b!.offset + b!.length)).toBe('**bold**')
    expect(out.text.slice(i!.offset, i!.offset + i!.length)).toBe('hi')
  })

  it('escapes Discord Markdown and link embeds so they show literally', () => {
    expect(escapeDiscordMarkdown('**x** [a](https://e.x) `c`')).toBe('\\*\\*x\\*\\* \\[a\\]\\(https:\u200b//e.x\\) \\`c\\`')
  })

  it('describes what a text-only side cannot show, and cuts without splitting a character', () => {
    expect(placeholder('photo', [{ kind: 'photo', name: 'cat.jpg', size: 1_300_000 }])).toBe('[photo: cat.jpg, 1.2 MB]')
    expect(placeholder('sticker', [])).toBe('[sticker]')
    expect(truncate('ab😀cd', 4)).toBe('ab…')
  })
})
