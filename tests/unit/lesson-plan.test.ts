// The lesson message plan fitted to each platform profile by the one splitter:
// text and caption limits, button rows and labels, quiz poll or buttons, and
// Discord Markdown that stays within 2000 characters once escaped.
import { describe, expect, it } from 'vitest'
import { parseMarkup, richText } from '../../src/domain/delivery/markup'
import type { PlanMessage } from '../../src/domain/delivery/plan'
import { buildLessonPlan, type LessonInput, layoutButtons } from '../../src/domain/delivery/plan-builder'
import { DISCORD_PROFILE, type PlatformProfile, TELEGRAM_PROFILE } from '../../src/domain/delivery/profile'
import { renderDiscordMarkdown } from '../../src/domain/delivery/discord-markdown'
import { plainText } from '../../src/domain/delivery/rich-text'
import type { Content } from '../../src/domain/types'
import { translator } from '../../src/i18n/translator'

const t = translator().forLocale('en')

function content(patch: Partial<Content>): Content {
  return {
    id: 7, moduleId: 1, ownerId: 1, kind: 'TEXT', title: 'Lesson', body: '', filePath: null, fileName: null, mimeType: null, fileSize: null,
    videoUrl: null, quizQuestion: null, quizOptions: [], quizCorrectIndex: null, quizExplanation: null, order: 0, version: 1, createdAt: new Date(0), updatedAt: new Date(0),
    ...patch,
  }
}

const input = (c: Content, nav = { first: false, last: false }): LessonInput => ({
  content: c,
  courseId: 3,
  position: { module: 1, modules: 2, moduleTitle: 'Basics', index: 2, total: 5 },
  nav,
})

const blocksOf = (m: PlanMessage | undefined) => (!m || m.type === 'poll' ? [] : m.type === 'media' ? m.caption : m.blocks)

/** What a message costs on the platform: visible characters (Telegram) or its Markdown (Discord). */
function cost(m: PlanMessage, profile: PlatformProfile): number {
  const blocks = blocksOf(m)
  return profile.platform === 'DISCORD' ? renderDiscordMarkdown(blocks).length : plainText(blocks).length
}

const paragraph = (i: number) => `${String.fromCharCode(97 + i)}${' lorem ipsum dolor sit amet'.repeat(10)}`.slice(0, 249) + '.'
const longBody = Array.from({ length: 20 }, (_, i) => paragraph(i)).join('\n\n') // 20 paragraphs, 5,038 characters

describe('text lessons', () => {
  it('splits a 5,000-character lesson into 2 Telegram messages and 3 Discord messages, buttons under the last', () => {
    expect(longBody.length).toBeGreaterThanOrEqual(5000)
    const lesson = content({ body: longBody })
    for (const [profile, count] of [[TELEGRAM_PROFILE, 2], [DISCORD_PROFILE, 3]] as const) {
      const plan = buildLessonPlan(input(lesson), profile, t)
      expect(plan.platform).toBe(profile.platform)
      expect(plan.messages).toHaveLength(count)
      expect(plan.messages.every((m) => m.type === 'text')).toBe(true)
      for (const m of plan.messages) expect(cost(m, profile)).toBeLessThanOrEqual(profile.text)
      expect(plan.messages.slice(0, -1).every((m) => m.buttons.length === 0)).toBe(true)
      expect(plan.messages.at(-1)!.buttons.map((row) => row.map((b) => b.label))).toEqual([['◀ Back', '📋 Contents', 'Next ▶']])
      // nothing lost, in order, the header first
      const text = plan.messages.map((m) => plainText(blocksOf(m))).join('\n\n')
      expect(text).toBe(`Module 1/2 · Basics · lesson 2 of 5\nLesson\n\n${longBody}`)
    }
  })

  it('keeps Discord messages within 2,000 characters when escaping makes the Markdown longer than the text', () => {
    const hostile = `${'*_|@everyone <@1> ~'.repeat(120)}` // 2,280 visible characters, 8 of each 19 escaped
    const plan = buildLessonPlan(input(content({ body: hostile })), DISCORD_PROFILE, t)
    expect(plan.messages.length).toBeGreaterThan(1)
    for (const m of plan.messages) expect(cost(m, DISCORD_PROFILE)).toBeLessThanOrEqual(2000)
    const markdown = plan.messages.map((m) => renderDiscordMarkdown(blocksOf(m))).join('\n')
    expect(markdown).not.toMatch(/(^|[^\\])@everyone/)
    expect(markdown).not.toMatch(/(^|[^\\])<@1>/)
  })

  it('drops Back on the first lesson and says Finish on the last', () => {
    const plan = buildLessonPlan(input(content({ body: 'x' }), { first: true, last: true }), TELEGRAM_PROFILE, t)
    expect(plan.messages.at(-1)!.buttons.flat().map((b) => [b.label, b.action])).toEqual([
      ['📋 Contents', { type: 'contents', courseId: 3 }],
      ['Finish ✓', { type: 'next', contentId: 7 }],
    ])
  })
})

describe('media lessons', () => {
  const image = content({ kind: 'IMAGE', body: 'p'.repeat(700) + '\n\n' + 'q'.repeat(700), filePath: 'contents/7/diagram.png', fileName: 'diagram.png', mimeType: 'image/png', fileSize: 10 })

  it('puts what fits in the caption (1,024 on Telegram, 2,000 on Discord) and the rest in text messages', () => {
    const tg = buildLessonPlan(input(image), TELEGRAM_PROFILE, t)
    expect(tg.messages.map((m) => m.type)).toEqual(['media', 'text'])
    const media = tg.messages[0]!
    if (media.type !== 'media') throw new Error('expected media')
    expect(media.media).toEqual({ contentId: 7, kind: 'photo', filePath: 'contents/7/diagram.png', fileName: 'diagram.png', mimeType: 'image/png', fileSize: 10 })
    expect(cost(media, TELEGRAM_PROFILE)).toBeLessThanOrEqual(1024)
    expect(plainText(media.missing)).toBe('The file of this lesson is missing on the server; the authors have been told.')
    expect(media.buttons).toEqual([])
    expect(tg.messages[1]!.buttons).toHaveLength(1)

    const dc = buildLessonPlan(input(image), DISCORD_PROFILE, t)
    expect(dc.messages.map((m) => m.type)).toEqual(['media'])
    expect(dc.messages[0]!.buttons).toHaveLength(1)
  })

  it('sends a video link as a link message with a localized "Watch the video"', () => {
    const video = content({ kind: 'VIDEO', body: 'Watch this.', videoUrl: 'https://example.com/v' })
    const ru = buildLessonPlan(input(video), DISCORD_PROFILE, translator().forLocale('ru'))
    const [link] = ru.messages
    expect(link).toMatchObject({ type: 'link', url: 'https://example.com/v' })
    const last = (link as { blocks: { spans: { text: string; href?: string }[] }[] }).blocks.at(-1)!
    expect(last.spans).toEqual([{ text: '▶️ Смотреть видео', marks: [], href: 'https://example.com/v' }])
  })
})

describe('quizzes', () => {
  const fits = content({ kind: 'QUIZ', quizQuestion: 'Which?', quizOptions: ['a', 'b'], quizCorrectIndex: 1, quizExplanation: 'b it is' })

  it('is a native poll on Telegram when it fits, option buttons on Discord', () => {
    const tg = buildLessonPlan(input(fits), TELEGRAM_PROFILE, t)
    expect(tg.quiz).toBe('poll')
    expect(tg.messages.map((m) => m.type)).toEqual(['text', 'poll'])
    expect(tg.messages[1]).toMatchObject({ poll: { contentId: 7, question: 'Which?', options: ['a', 'b'], correctIndex: 1, explanation: 'b it is' } })
    expect(tg.messages[1]!.buttons.flat().map((b) => b.key)).toEqual(['btn-prev', 'btn-contents', 'btn-skip'])

    const dc = buildLessonPlan(input(fits), DISCORD_PROFILE, t)
    expect(dc.quiz).toBe('buttons')
    expect(dc.messages.map((m) => m.type)).toEqual(['text'])
    expect(plainText(blocksOf(dc.messages[0]))).toContain('Which?\n\n1. a\n2. b\n\nChoose an answer:')
    expect(dc.messages[0]!.buttons.map((r) => r.map((b) => b.label))).toEqual([['1. a'], ['2. b'], ['◀ Back', '📋 Contents', 'Skip ▶']])
  })

  it('lays ten long options out within each profile: one a row on Telegram (60-char labels), five a row on Discord (80-char labels)', () => {
    const options = Array.from({ length: 10 }, (_, i) => `Option ${i} ${'x'.repeat(120)}`)
    const big = content({ kind: 'QUIZ', quizQuestion: 'Which?', quizOptions: options, quizCorrectIndex: 0 })
    const tg = buildLessonPlan(input(big), TELEGRAM_PROFILE, t)
    expect(tg.quiz).toBe('buttons') // options over 100 characters do not fit a poll
    const tgRows = tg.messages.at(-1)!.buttons
    expect(tgRows.map((r) => r.length)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3])
    expect([...tgRows[0]![0]!.label]).toHaveLength(60)
    expect(tgRows[0]![0]!.label).toMatch(/^1\. Option 0 x+…$/)
    expect(tgRows[3]![0]!.action).toEqual({ type: 'quiz', contentId: 7, option: 3 })

    const dcRows = buildLessonPlan(input(big), DISCORD_PROFILE, t).messages.at(-1)!.buttons
    expect(dcRows.map((r) => r.length)).toEqual([5, 5, 3])
    expect(dcRows.length).toBeLessThanOrEqual(DISCORD_PROFILE.buttons.maxRows)
    expect([...dcRows[0]![0]!.label]).toHaveLength(80)
  })

  it('never goes over the row limit: what does not fit is dropped', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ action: { type: 'open' as const, contentId: i }, label: `L${i}` }))
    const rows = layoutButtons([{ buttons: many, layout: 'column' }], DISCORD_PROFILE)
    expect(rows).toHaveLength(5)
    expect(rows.every((r) => r.length <= 5)).toBe(true)
  })
})

describe('translations as rich text', () => {
  it('parses the markup of a translation and never the markup of its variables', () => {
    expect(richText(t, 'enrolled', { course: '<b>SQL</b> & co' })).toEqual([
      { text: 'You are enrolled in ', marks: [] },
      { text: '<b>SQL</b> & co', marks: ['bold'] },
      { text: '. Here is your first lesson.', marks: [] },
    ])
    expect(parseMarkup('a </i> <b>b')).toEqual([{ text: 'a </i> ', marks: [] }, { text: 'b', marks: ['bold'] }])
  })

  it('falls back to the default locale for an unknown one', () => {
    expect(translator().forLocale('de')('btn-next')).toBe('Далее ▶')
  })
})
