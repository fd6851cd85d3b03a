// Markdown -> Telegram HTML, escaping, and splitting at Telegram's limits.
// The simulator's HTML parser (the same rules as Telegram's) checks every result.
import { describe, expect, it } from 'vitest'
import { markdownToBlocks, plainText } from '../../../src/domain/delivery/rich-text'
import { cutPoint, splitBlocks } from '../../../src/domain/delivery/split'
import { TELEGRAM_PROFILE } from '../../../src/domain/delivery/profile'
import { escapeHtml, markdownMessages, renderHtml } from '../../../src/bot/telegram/format'
import { parseHtml } from '../../fakes/telegram'

const { text: TEXT_LIMIT, caption: CAPTION_LIMIT } = TELEGRAM_PROFILE

const html = (md: string) => renderHtml(markdownToBlocks(md))

describe('markdown to Telegram HTML', () => {
  it('converts the formatting Telegram supports', () => {
    expect(html('A **table** holds *rows*, ~~not~~ `code` and [a link](https://example.com/?a=1&b=2).')).toBe(
      'A <b>table</b> holds <i>rows</i>, <s>not</s> <code>code</code> and <a href="https://example.com/?a=1&amp;b=2">a link</a>.',
    )
    expect(html('# Title\n\ntext')).toBe('<b>Title</b>\n\ntext')
    expect(html('```sql\nSELECT 1 < 2;\n```')).toBe('<pre><code class="language-sql">SELECT 1 &lt; 2;</code></pre>')
    expect(html('- one\n- two *it*\n  - nested\n\n1. a\n2. b')).toBe('• one\n• two <i>it</i>\n  • nested\n\n1. a\n2. b')
    expect(html('> quoted **words**')).toBe('<blockquote>quoted <b>words</b></blockquote>')
    expect(html('***both***')).toBe('<b><i>both</i></b>')
  })

  it('renders hostile text literally: HTML, entities, unbalanced markers, bad links', () => {
    const hostile = '<b>not bold</b> & &amp; <script>x</script> **bold _x `tick [l](javascript:alert(1)) <a href="x">y</a>'
    const out = html(hostile)
    const parsed = parseHtml(out) // would throw "can't parse entities" if anything broke the markup
    expect(parsed.text).toBe(hostile)
    expect(parsed.entities).toEqual([])
    expect(html('<div>\nblock html\n</div>')).toBe('&lt;div&gt;\nblock html\n&lt;/div&gt;')
    expect(escapeHtml('a<b>&"')).toBe('a&lt;b&gt;&amp;"')
  })

  it('every rendering of random input parses with Telegram rules and keeps the text', () => {
    const alphabet = ['*', '_', '`', '~', '<', '>', '&', '[', ']', '(', ')', '#', '\n', '\n\n', 'a', 'b', ' ', '-', '\\', '!', 'http://x.io', '😀']
    let seed = 42
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let i = 0; i < 300; i++) {
      const md = Array.from({ length: 5 + Math.floor(rand() * 40) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('')
      const blocks = markdownToBlocks(md)
      const rendered = renderHtml(blocks)
      expect(() => parseHtml(rendered), md).not.toThrow()
      expect(parseHtml(rendered).text).toBe(plainText(blocks))
    }
  })
})

describe('splitting at Telegram limits', () => {
  const paragraph = (n: number, ch = 'x') => `${ch.repeat(n - 1)}.`

  it('keeps paragraphs whole when they fit, and every chunk within the limit', () => {
    const md = [paragraph(3000, 'a'), paragraph(3000, 'b'), paragraph(100, 'c')].join('\n\n')
    const messages = markdownMessages([], md)
    expect(messages.map((m) => parseHtml(m).text)).toEqual([paragraph(3000, 'a'), `${paragraph(3000, 'b')}\n\n${paragraph(100, 'c')}`])
  })

  it('cuts an over-long paragraph at sentence ends or spaces, never losing text', () => {
    const sentence = 'This is a sentence with **bold words** inside. '
    const md = sentence.repeat(250).trim() // ~10,000 characters in one paragraph
    const messages = markdownMessages([], md)
    expect(messages.length).toBe(3)
    for (const m of messages) {
      const parsed = parseHtml(m)
      expect(parsed.text.length).toBeLessThanOrEqual(TEXT_LIMIT)
      expect(parsed.text.endsWith('.') || parsed.text.endsWith('inside.')).toBe(true)
    }
    const joined = messages.map((m) => parseHtml(m).text).join(' ')
    expect(joined).toBe(plainText(markdownToBlocks(md)))
  })

  it('uses the caption limit for the first chunk of a media lesson', () => {
    const md = [paragraph(900, 'a'), paragraph(900, 'b')].join('\n\n')
    const [caption, ...rest] = markdownMessages([], md, { caption: true })
    expect(parseHtml(caption!).text.length).toBeLessThanOrEqual(CAPTION_LIMIT)
    expect(rest.map((m) => parseHtml(m).text)).toEqual([paragraph(900, 'b')])
  })

  it('splits code blocks by lines and keeps the language; never splits a surrogate pair', () => {
    const code = Array.from({ length: 400 }, (_, i) => `SELECT ${i} FROM t; -- line ${i}`).join('\n')
    const chunks = splitBlocks(markdownToBlocks(`\`\`\`sql\n${code}\n\`\`\``), { first: TEXT_LIMIT, rest: TEXT_LIMIT })
    expect(chunks.length).toBeGreaterThan(2)
    expect(chunks.every((c) => c[0]!.type === 'code' && c[0]!.lang === 'sql')).toBe(true)
    expect(chunks.map((c) => (c[0] as { text: string }).text).join('\n')).toBe(code)
    expect(cutPoint('😀😀😀', 3)).toEqual({ at: 2, skip: 0 })
  })
})
