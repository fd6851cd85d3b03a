// The panel's Markdown preview: the domain's rich-text blocks rendered to safe
// browser HTML, split into the messages the Telegram bot sends.
import { describe, expect, it } from 'vitest'
import { PANEL_LOCALE, previewContent } from '../../src/admin/preview'
import { markdownPreview } from '../../src/admin/preview-html'
import { markdownMessages } from '../../src/bot/telegram/format'
import { lessonHeader } from '../../src/domain/delivery/lesson'
import type { LessonInput } from '../../src/domain/delivery/plan-builder'
import { safeLink } from '../../src/domain/delivery/rich-text'
import { TELEGRAM_PROFILE } from '../../src/domain/delivery/profile'
import type { Content } from '../../src/domain/types'
import { moved } from '../../src/admin/resources/reorder'
import { translator } from '../../src/i18n/translator'

const { text: TEXT_LIMIT, caption: CAPTION_LIMIT } = TELEGRAM_PROFILE

/** Author Markdown as one piece of preview HTML (short texts are one message). */
const render = (md: string) => markdownPreview(md).join('')

describe('preview HTML', () => {
  it('renders the formatting the bots support', () => {
    const html = render('**bold** _it_ ~~gone~~ `code`\n\n- one\n- two\n\n> quote\n\n```sql\nSELECT 1 < 2;\n```')
    expect(html).toContain('<strong>bold</strong>')
    expect(html).toContain('<em>it</em>')
    expect(html).toContain('<del>gone</del>')
    expect(html).toContain('<code>code</code>')
    expect(html).toContain('<p>• one<br>• two</p>') // lists as the chat shows them
    expect(html).toContain('<blockquote>quote</blockquote>')
    expect(html).toContain('<pre><code class="language-sql">SELECT 1 &lt; 2;</code></pre>')
  })

  it('shows raw HTML as text and never emits a script, handler or javascript: link', () => {
    const html = render('<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) [y](JAVASCRIPT:alert(1)) ![i](data:text/html,hi) <a href="javascript:1">a</a>')
    expect(html).not.toMatch(/<script|<img|<[^>]*\bon\w+=|href="(javascript|data):/i)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('[x](javascript:alert(1))') // a bad link stays literal
  })

  it('renders hostile text literally: tags, entities and unbalanced markers', () => {
    const html = render('<b>not bold</b> & &amp; **bold _x `tick')
    expect(html).toBe('<p>&lt;b&gt;not bold&lt;/b&gt; &amp; &amp;amp; **bold _x `tick</p>') // "&amp;" as typed, not "&"
    expect(render('"quotes" and \'apostrophes\'')).toBe('<p>&quot;quotes&quot; and &#39;apostrophes&#39;</p>')
  })

  it('keeps safe links, opened in a new tab without the referrer, and turns images and headings into what a chat shows', () => {
    const html = render('# Title\n\n[docs](https://example.com/a?b=1&c="2") ![pic](https://example.com/p.png)')
    expect(html).toContain('<p><strong>Title</strong></p>')
    expect(html).toContain('href="https://example.com/a?b=1&amp;c=&quot;2&quot;"')
    expect(html).toContain('rel="noopener noreferrer nofollow"')
    expect(html).toContain('>pic</a>')
    expect(safeLink('mailto:a@b.c')).toBe('mailto:a@b.c')
    expect(safeLink(' tg://resolve?domain=x ')).toBe('tg://resolve?domain=x')
    expect(safeLink(' vbscript:x')).toBeUndefined()
  })
})

describe('preview as student', () => {
  const content = (over: Partial<Content>): Content => ({
    id: 1, moduleId: 1, ownerId: 1, kind: 'TEXT', title: 'Joins', body: '', filePath: null, fileName: null, mimeType: null, fileSize: null,
    videoUrl: null, quizQuestion: null, quizOptions: [], quizCorrectIndex: null, quizExplanation: null, order: 1, version: 1, createdAt: new Date(), updatedAt: new Date(),
    ...over,
  })
  const t = translator().forLocale(PANEL_LOCALE)
  const position = { module: 1, modules: 2, moduleTitle: 'Basics', index: 3, total: 7 }
  const lesson = (c: Content): LessonInput => ({ content: c, courseId: 1, position, nav: { first: false, last: false } })
  const header = lessonHeader(t('content-position', position), 'Joins')
  const sentence = 'A join combines rows of **two tables** on a condition. '
  const long = [sentence.repeat(60), sentence.repeat(90), '```sql\nSELECT 1;\n```', sentence.repeat(40)].join('\n\n') // ~10,000 characters
  const visible = (html: string) => html.replace(/<br>/g, '\n').replace(/<[^>]+>/g, '').replace(/&[a-z#0-9]+;/g, '_').length

  it('shows a long text as the same messages the Telegram formatter produces, and as Discord splits it', () => {
    const c = content({ body: long })
    const telegram = markdownMessages(header, c.body)
    const preview = previewContent(lesson(c), 'TELEGRAM', t)
    expect(telegram.length).toBeGreaterThan(2)
    expect(preview.messages.map((m) => m.type)).toEqual(telegram.map(() => 'text'))
    expect(preview.messages[0]!.html).toContain('<em>Module 1/2 · Basics · lesson 3 of 7</em><br><strong>Joins</strong>')
    expect(preview.messages.at(-1)!.buttons).toEqual([['◀ Back', '📋 Contents', 'Next ▶']])
    const discord = previewContent(lesson(c), 'DISCORD', t)
    expect(discord.messages.length).toBeGreaterThan(telegram.length)
    for (const m of discord.messages) expect(visible(m.html!)).toBeLessThanOrEqual(2000)
  })

  it('starts a media lesson in its caption, at the caption limit, as the bot does', () => {
    const c = content({ kind: 'IMAGE', filePath: 'x/1.png', body: long })
    const telegram = markdownMessages(header, c.body, { caption: true })
    const preview = previewContent(lesson(c), 'TELEGRAM', t)
    expect(preview.messages[0]!.type).toBe('media')
    expect(preview.messages).toHaveLength(telegram.length)
    expect(visible(preview.messages[0]!.html!)).toBeLessThanOrEqual(CAPTION_LIMIT)
    for (const m of preview.messages.slice(1)) expect(visible(m.html!)).toBeLessThanOrEqual(TEXT_LIMIT)
  })

  it('ends a video-link lesson with the link to watch, and keeps unsafe links out', () => {
    const ok = previewContent(lesson(content({ kind: 'VIDEO', videoUrl: 'https://video.example.test/a.mp4' })), 'TELEGRAM', t)
    expect(ok.messages.at(-1)).toMatchObject({ type: 'link', url: 'https://video.example.test/a.mp4' })
    expect(ok.messages.at(-1)!.html).toContain('<a href="https://video.example.test/a.mp4"')
    expect(ok.messages.at(-1)!.html).toContain('▶️ Watch the video')
    const bad = previewContent(lesson(content({ kind: 'VIDEO', videoUrl: 'javascript:alert(1)' })), 'TELEGRAM', t)
    expect(bad.messages.map((m) => m.type)).toEqual(['text'])
    expect(bad.messages.map((m) => m.html).join('')).not.toContain('javascript:')
  })

  it('shows a quiz as a poll on Telegram and with answer buttons on Discord', () => {
    const c = content({ kind: 'QUIZ', quizQuestion: 'Which?', quizOptions: ['a', 'b'], quizCorrectIndex: 1 })
    const tg = previewContent(lesson(c), 'TELEGRAM', t)
    expect(tg.quiz).toMatchObject({ form: 'poll', correctIndex: 1 })
    expect(tg.messages.at(-1)).toMatchObject({ type: 'poll', poll: { question: 'Which?', options: ['a', 'b'] } })
    const dc = previewContent(lesson(c), 'DISCORD', t)
    expect(dc.quiz).toMatchObject({ form: 'buttons' })
    expect(dc.messages.at(-1)!.buttons).toEqual([['1. a'], ['2. b'], ['◀ Back', '📋 Contents', 'Skip ▶']])
  })
})

describe('moved', () => {
  it('swaps an item with its neighbour and stops at the ends', () => {
    expect(moved([1, 2, 3], 2, 'up')).toEqual([2, 1, 3])
    expect(moved([1, 2, 3], 2, 'down')).toEqual([1, 3, 2])
    expect(moved([1, 2, 3], 1, 'up')).toBeNull()
    expect(moved([1, 2, 3], 3, 'down')).toBeNull()
    expect(moved([1, 2, 3], 9, 'up')).toBeNull()
  })
})
