// What another side's formatting looks like in a Discord room channel: the
// spans someone applied render as Discord Markdown, whatever they typed shows
// literally (escaped), code stays code, links only to http(s).
import { describe, expect, it } from 'vitest'
import { discordMarkdown, webhookName } from '../../src/bot/discord/room-adapter'

describe('discordMarkdown', () => {
  it('renders formatting spans and escapes typed Markdown', () => {
    const text = 'Read **this** now please'
    expect(discordMarkdown(text, [])).toBe('Read \\*\\*this\\*\\* now please')
    expect(discordMarkdown('Read this now', [{ type: 'bold', offset: 5, length: 5 }])).toBe('Read **this** now') // the space stays outside
    expect(discordMarkdown('all of it', [{ type: 'bold', offset: 0, length: 9 }, { type: 'italic', offset: 4, length: 2 }])).toBe('**all** ***of*** **it**')
    expect(discordMarkdown('a secret_name', [{ type: 'spoiler', offset: 2, length: 11 }])).toBe('a ||secret\\_name||')
  })

  it('keeps code literal and a backtick cannot end it', () => {
    expect(discordMarkdown('run `rm -rf` *now*', [{ type: 'code', offset: 4, length: 8 }])).toBe('run `ˋrm -rfˋ` \\*now\\*')
    expect(discordMarkdown('x\ny', [{ type: 'pre', offset: 0, length: 3 }])).toBe('```\nx\ny\n```')
  })

  it('links only to http(s), with brackets in the URL encoded; typed links stay plain text', () => {
    expect(discordMarkdown('the docs', [{ type: 'link', offset: 4, length: 4, url: 'https://example.org/a_(b)' }])).toBe('the [docs](https://example.org/a_%28b%29)')
    expect(discordMarkdown('the docs', [{ type: 'link', offset: 4, length: 4, url: 'javascript:alert(1)' }])).toBe('the docs')
    expect(discordMarkdown('[x](https://evil.example)', [])).toBe('\\[x\\]\\(https:\u200b//evil.example\\)')
  })
})

describe('webhookName', () => {
  it('is the sender and where they wrote, within what Discord accepts', () => {
    expect(webhookName({ authorName: 'Ann', originPlatform: 'TELEGRAM' })).toBe('Ann · Telegram')
    expect(webhookName({ authorName: '  ', originPlatform: 'WEB' })).toBe('Someone · web')
    expect(webhookName({ authorName: 'Discord Mod Clyde', originPlatform: 'WEB' })).toBe('Disc\u200bord Mod Cl\u200byde · web')
    expect([...webhookName({ authorName: 'x'.repeat(200), originPlatform: 'TELEGRAM' })].length).toBeLessThanOrEqual(80)
  })
})
