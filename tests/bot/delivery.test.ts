// Lesson delivery details: hostile author text renders literally, long texts
// are split, quizzes that do not fit a poll use buttons, files are uploaded
// once and reused by file_id, and 429s are retried without losing anything.
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import type { ContentInput } from '../../src/domain'
import { makeCourse, makeStaff } from '../fixtures/factories'
import { DEMO_COURSE_SLUG, eventually, expectNoFailedCalls, type Harness, startHarness, Student, textOf } from './harness'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

async function enrol(harness: Harness, name: string, slug: string) {
  const student = new Student(harness.sim, harness.sim.user({ first_name: name, language_code: 'en' }))
  const [card] = await student.say(`/start course-${slug}`)
  const [, lesson] = await student.press(card!, '✍️ Enrol', 2)
  return { student, lesson: lesson! }
}

describe('formatting', () => {
  it('renders hostile course text literally (titles, bodies, quiz, card)', async () => {
    h = await startHarness({ seed: false })
    const author = await makeStaff(h.ctx)
    const hostile = '<b>not bold</b> & &amp; **bold _x `tick <i>'
    await makeCourse(h.ctx, author, {
      slug: 'hostile',
      title: 'Course <b>&</b>',
      modules: [{ title: 'Module <u>1</u>', contents: [
        { kind: 'TEXT', title: 'Title </b><i>', body: `${hostile}\n\nReal **bold** stays bold.` },
        { kind: 'QUIZ', title: 'Q <b>', quizQuestion: 'Pick <b>&</b>?', quizOptions: ['<i>a</i>', '&amp;'], quizCorrectIndex: 1, quizExplanation: 'Because <b>&</b>' },
      ] }],
    })
    const { student, lesson } = await enrol(h, 'Hal', 'hostile')
    expect(textOf(lesson)).toBe(`Module 1/1 · Module <u>1</u> · lesson 1 of 2\nTitle </b><i>\n\n${hostile}\n\nReal bold stays bold.`)
    const bold = lesson.entities!.filter((e) => e.type === 'bold').map((e) => textOf(lesson).substr(e.offset, e.length))
    expect(bold).toEqual(['Title </b><i>', 'bold'])
    const enrolledMsg = student.messages.find((m) => textOf(m).startsWith('You are enrolled'))!
    expect(textOf(enrolledMsg)).toBe('You are enrolled in Course <b>&</b>. Here is your first lesson.')

    const [, poll] = await student.press(lesson, 'Next ▶', 2)
    expect(poll!.poll).toMatchObject({ question: 'Pick <b>&</b>?', explanation: 'Because <b>&</b>' })
    expect(poll!.poll!.options.map((o) => o.text)).toEqual(['<i>a</i>', '&amp;'])
    const before = student.messages.length
    student.user.answerPoll(poll!.poll!.id, [0])
    const verdict = (await h.sim.waitFor({ chatId: student.id, count: before + 1 })).at(-1)!
    expect(textOf(verdict)).toContain('Your answer: <i>a</i>\n❌ Not quite. The right answer is &amp;.')
    expectNoFailedCalls(h.sim)
  })

  it('splits a long lesson on paragraph boundaries with the buttons under the last part', async () => {
    h = await startHarness({ seed: false })
    const author = await makeStaff(h.ctx)
    const para = (ch: string) => `${ch.repeat(1500)} end.`
    const body = ['a', 'b', 'c', 'd', 'e'].map(para).join('\n\n') // ~7,500 characters
    await makeCourse(h.ctx, author, { slug: 'long', modules: [{ contents: [{ kind: 'TEXT', title: 'Long read', body }, { kind: 'TEXT', title: 'Short', body: 'ok' }] }] })
    const { student } = await enrol(h, 'Lena', 'long')
    await h.sim.waitFor({ chatId: student.id, count: 5 })
    const parts = student.messages.slice(2) // after the card and "You are enrolled"
    expect(parts).toHaveLength(3)
    expect(parts.every((m) => textOf(m).length <= 4096)).toBe(true)
    expect(textOf(parts[0]!)).toMatch(/lesson 1 of 2\nLong read\n\na{1500} end\.\n\nb{1500} end\.$/)
    expect(textOf(parts[1]!)).toBe([para('c'), para('d')].join('\n\n'))
    expect(textOf(parts[2]!)).toBe(para('e'))
    expect(parts[0]!.reply_markup).toBeUndefined()
    expect(parts[1]!.reply_markup).toBeUndefined()
    expect(student.buttons(parts[2]!)).toEqual(['📋 Contents', 'Next ▶'])
  })

  it('uses option buttons for a quiz that does not fit a poll, then shows the explanation', async () => {
    h = await startHarness({ seed: false })
    const author = await makeStaff(h.ctx)
    const longOption = `An option that is far too long for a Telegram poll ${'x'.repeat(80)}`
    const quiz: ContentInput = { kind: 'QUIZ', title: 'Buttons quiz', quizQuestion: 'Which one?', quizOptions: ['Short', longOption], quizCorrectIndex: 0, quizExplanation: 'Short is right.' }
    await makeCourse(h.ctx, author, { slug: 'btnquiz', modules: [{ contents: [quiz] }] })
    const { student, lesson } = await enrol(h, 'Quinn', 'btnquiz')
    expect(lesson.poll).toBeUndefined()
    expect(textOf(lesson)).toContain('Which one?\n\n1. Short\n2. An option that is far too long')
    expect(student.buttons(lesson)).toEqual(['1. Short', expect.stringMatching(/^2\. An option.*…$/), '📋 Contents', 'Finish ✓'])
    const [verdict] = await student.press(lesson, '1. Short')
    expect(textOf(verdict!)).toBe('Your answer: Short\n✅ Correct!\n\nShort is right.\n\n▓▓▓▓▓▓▓▓▓▓ 100%')
    expect(student.buttons(lesson)).toEqual([]) // options removed after the answer
    const [progress] = await student.say('/progress')
    expect(textOf(progress!)).toContain('Quizzes: 1 of 1 correct (1 answered)')
  })
})

describe('files', () => {
  it('uploads a photo and a document once and reuses their file_id for the next student', async () => {
    h = await startHarness()
    const walk = async (name: string) => {
      const { student, lesson } = await enrol(h!, name, DEMO_COURSE_SLUG)
      const [photo] = await student.press(lesson, 'Next ▶')
      const [video] = await student.press(photo!, 'Next ▶')
      const [text] = await student.press(video!, 'Next ▶')
      const [doc] = await student.press(text!, 'Next ▶')
      return { photo: photo!, doc: doc! }
    }
    const first = await walk('First')
    const uploads = () => h!.sim.callsTo('sendPhoto').concat(h!.sim.callsTo('sendDocument')).map((c) => Object.values(c.params).find((v) => typeof v === 'object' && v && 'upload' in v))
    expect(uploads().filter(Boolean)).toHaveLength(2)
    const bytes = readFileSync(new URL('../../prisma/seed-assets/select-diagram.png', import.meta.url))
    expect(h.sim.callsTo('sendPhoto')[0]!.params.photo).toEqual({ upload: 'select-diagram.png', size: bytes.length })

    const second = await walk('Second')
    expect(uploads().filter(Boolean)).toHaveLength(2) // no new upload
    const [, photoCall] = h.sim.callsTo('sendPhoto')
    expect(photoCall!.params.photo).toBe(first.photo.photo!.at(-1)!.file_id)
    expect(second.photo.photo!.at(-1)!.file_unique_id).toBe(first.photo.photo!.at(-1)!.file_unique_id)
    expect(second.doc.document!.file_id).toBe(first.doc.document!.file_id)
    const cached = await h.ctx.db.prisma.platformFile.findMany({ orderBy: { contentId: 'asc' } })
    expect(cached.map((c) => c.platform)).toEqual(['TELEGRAM', 'TELEGRAM'])
  })

  it('uploads again when the content gets a new file or Telegram forgets the file_id', async () => {
    h = await startHarness()
    const tree = await h.ctx.domain.catalog.getCourseTree(DEMO_COURSE_SLUG)
    const image = tree.modules[0]!.contents[1]!
    const content = (await h.ctx.ports.courses.findContent(image.id))!
    await h.ctx.domain.platformFiles.remember(content, 'TELEGRAM', 'AgACnot-a-real-file-id')
    const { student, lesson } = await enrol(h, 'Rae', DEMO_COURSE_SLUG)
    const [photo] = await student.press(lesson, 'Next ▶')
    expect(photo!.photo).toBeDefined()
    const calls = h.sim.callsTo('sendPhoto')
    expect(calls.map((c) => c.status)).toEqual([400, 200]) // stale id refused, then uploaded
    await eventually(async () => expect(await h!.ctx.domain.platformFiles.cachedId(content, 'TELEGRAM')).toBe(photo!.photo!.at(-1)!.file_id))
    // a new file for the content makes the cached id stale
    expect(await h.ctx.domain.platformFiles.cachedId({ ...content, filePath: 'other/file.png' }, 'TELEGRAM')).toBeNull()
  })
})

describe('rate limits of the Bot API', () => {
  it('retries a 429 (retry_after) and a 500 and loses nothing', async () => {
    h = await startHarness()
    const { student, lesson } = await enrol(h, 'Tess', DEMO_COURSE_SLUG)
    h.sim.failNext('sendPhoto', { status: 429, retry_after: 1 })
    h.sim.failNext('answerCallbackQuery', { status: 500 })
    const [photo] = await student.press(lesson, 'Next ▶')
    expect(photo!.photo).toBeDefined()
    // the simulator refuses the chat again until retry_after has passed: one retry, after the wait
    expect(h.sim.callsTo('sendPhoto').map((c) => c.status)).toEqual([429, 200])
    expect(h.sim.callsTo('answerCallbackQuery').some((c) => c.status === 500)).toBe(true)
  })

  it('delivers a long lesson in order under the real per-chat limit (1 message/s after a burst of 3)', async () => {
    h = await startHarness({ seed: false, sim: { limits: {} } })
    const author = await makeStaff(h.ctx)
    const body = Array.from({ length: 6 }, (_, i) => `${String(i + 1).repeat(3000)}.`).join('\n\n')
    await makeCourse(h.ctx, author, { slug: 'burst', modules: [{ contents: [{ kind: 'TEXT', title: 'Burst', body }] }] })
    const { student } = await enrol(h, 'Uma', 'burst')
    await h.sim.waitFor({ chatId: student.id, count: 8 }, 15_000)
    const parts = student.messages.slice(2).map(textOf)
    expect(parts.map((t) => t.replace(/^Module.*\n.*\n\n/, '').slice(0, 1))).toEqual(['1', '2', '3', '4', '5', '6'])
    expect(h.sim.callsTo('sendMessage').filter((c) => c.status === 429).length).toBeGreaterThan(0)
  }, 30_000)
})
