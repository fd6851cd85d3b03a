// The learning flow on real PostgreSQL: what a student sees next on any
// platform, with the message plan for that platform's profile.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import type { User } from '../../src/domain'
import type { MessagePlan } from '../../src/domain/delivery/plan'
import { DISCORD_PROFILE, TELEGRAM_PROFILE } from '../../src/domain/delivery/profile'
import { plainText } from '../../src/domain/delivery/rich-text'
import type { FlowView } from '../../src/domain/learning-flow.service'
import { translator } from '../../src/i18n/translator'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, makeStaff, makeStudent, makeTwoModuleCourse, text } from '../fixtures/factories'

let ctx: AppContext
beforeAll(async () => {
  ctx = await openTestContext()
})
afterAll(() => ctx.close())
beforeEach(() => resetData(ctx))

const telegram: FlowView = { profile: TELEGRAM_PROFILE, t: translator().forLocale('en') }
const discord: FlowView = { profile: DISCORD_PROFILE, t: translator().forLocale('en') }

/** Visible text of a plan's messages, one string per message. */
const texts = (plan: MessagePlan) => plan.messages.map((m) => (m.type === 'poll' ? `[poll] ${m.poll.question}` : plainText(m.type === 'media' ? m.caption : m.blocks)))
const labels = (plan: MessagePlan) => plan.messages.at(-1)!.buttons.flat().map((b) => b.label)

const setup = (opts: { enrol?: boolean } = {}) => makeTwoModuleCourse(ctx, opts)

const flow = () => ctx.domain.flow

describe('learning flow', () => {
  it('enrols and starts with the first lesson, then with the next unfinished one, and from the start when all are done', async () => {
    const { student, course, ids } = await setup()
    const first = await flow().enrol(actor(student), course.slug, telegram)
    expect(first).toMatchObject({ kind: 'enrolled', created: true, course: { id: course.id } })
    expect(texts(first.notice)).toEqual([`You are enrolled in ${course.title}. Here is your first lesson.`])
    expect(first.then).toMatchObject({ kind: 'lesson', content: { id: ids.read }, position: { index: 1, total: 4, module: 1, modules: 2 } })
    expect(labels(first.then.plan)).toEqual(['📋 Contents', 'Next ▶'])
    const enrolment = await ctx.db.prisma.enrollment.findFirstOrThrow({ where: { userId: student.id } })
    expect(enrolment.source).toBe('TELEGRAM')

    await flow().next(actor(student), ids.read, telegram)
    const again = await flow().enrol(actor(student), course.slug, discord)
    expect(again).toMatchObject({ created: false, then: { kind: 'lesson', content: { id: ids.pick } } })
    expect(texts(again.notice)).toEqual([`You are already enrolled in ${course.title}. Let's continue.`])

    for (const id of [ids.pick, ids.final]) await flow().answerQuiz(actor(student), id, 0, telegram)
    await flow().next(actor(student), ids.second, telegram)
    expect((await flow().enrol(actor(student), course.slug, telegram)).then).toMatchObject({ kind: 'lesson', content: { id: ids.read } })
  })

  it('Next marks a lesson done but not a quiz; past the last lesson the course end names the next open one, then congratulates', async () => {
    const { student, course, ids } = await setup({ enrol: true })
    const toQuiz = await flow().next(actor(student), ids.read, telegram)
    expect(toQuiz).toMatchObject({ kind: 'lesson', content: { id: ids.pick } })
    expect(toQuiz.kind === 'lesson' && toQuiz.moduleEnd).toBeUndefined()
    expect(labels(toQuiz.plan)).toEqual(['◀ Back', '📋 Contents', 'Skip ▶'])

    const skipped = await flow().next(actor(student), ids.pick, telegram) // a skipped quiz stays open
    expect(skipped).toMatchObject({ kind: 'lesson', content: { id: ids.second }, moduleEnd: { module: { title: 'M1' }, finished: false } })
    expect(await ctx.domain.progress.forCourse(student.id, course.id)).toMatchObject({ completedContents: 1, next: { contentId: ids.pick } })

    await flow().next(actor(student), ids.second, telegram)
    const end = await flow().next(actor(student), ids.final, discord)
    expect(end).toMatchObject({ kind: 'course-end', finished: false, progress: { completedContents: 2, next: { contentId: ids.pick } } })
    expect(texts(end.plan)[0]).toBe(`You reached the end of ${course.title}: 2 of 4 lessons done. Next unfinished lesson: Pick one.\n▓▓▓▓▓░░░░░ 50%`)
    expect(end.plan.messages.at(-1)!.buttons.flat().map((b) => b.action)).toEqual([
      { type: 'open', contentId: ids.pick },
      { type: 'contents', courseId: course.id },
    ])

    await flow().answerQuiz(actor(student), ids.pick, 1, telegram)
    await flow().answerQuiz(actor(student), ids.final, 2, telegram)
    const done = await flow().courseEnd(actor(student), course.id, telegram)
    expect(done).toMatchObject({ kind: 'course-end', finished: true, progress: { percent: 100 } })
    expect(texts(done.plan)[0]).toBe(`🎉 You finished ${course.title}!\n▓▓▓▓▓▓▓▓▓▓ 100%`)
    expect(labels(done.plan)).toEqual(['📋 Contents'])
  })

  it('Back shows the previous lesson, and the first one again at the start', async () => {
    const { student, ids } = await setup({ enrol: true })
    expect(await flow().previous(actor(student), ids.second, telegram)).toMatchObject({ content: { id: ids.pick } })
    expect(await flow().previous(actor(student), ids.read, telegram)).toMatchObject({ content: { id: ids.read }, nav: { first: true } })
  })

  it('the first answer scores, and a later answer is told the verdict of the stored one', async () => {
    const { student, course, ids } = await setup({ enrol: true })
    const wrong = await flow().answerQuiz(actor(student), ids.pick, 0, telegram)
    expect(wrong.verdict).toEqual({ answer: 0, correct: false, correctIndex: 1, explanation: 'because', first: true })
    expect(texts(wrong.plan)).toEqual(['Your answer: a\n❌ Not quite. The right answer is b.\n\nbecause\n\n▓▓▓░░░░░░░ 25%'])
    expect(labels(wrong.plan)).toEqual(['📋 Contents', 'Next ▶'])

    const retry = await flow().answerQuiz(actor(student), ids.pick, 1, discord)
    expect(retry.verdict).toEqual({ answer: 0, correct: false, correctIndex: 1, explanation: 'because', first: false })
    expect(texts(retry.plan)[0]).toBe(
      'You answered this quiz before: your first answer is the one that counts.\n\nYour answer: a\n❌ Not quite. The right answer is b.\n\nbecause\n\n▓▓▓░░░░░░░ 25%',
    )
    expect(retry.progress.quiz).toEqual({ total: 2, answered: 1, correct: 0 })
    const stored = await ctx.db.prisma.progress.findFirstOrThrow({ where: { userId: student.id, contentId: ids.pick } })
    expect(stored).toMatchObject({ quizAnswer: 0, quizCorrect: false, source: 'TELEGRAM' })
    expect((await ctx.domain.progress.forCourse(student.id, course.id)).quiz).toEqual({ total: 2, answered: 1, correct: 0 })

    await expect(flow().answerQuiz(actor(student), ids.read, 0, telegram)).rejects.toMatchObject({ code: 'not_found' })
    await expect(flow().answerQuiz(actor(student), ids.final, 3, telegram)).rejects.toMatchObject({ code: 'not_found' })
  })

  it('refuses lessons to a student who is not enrolled, and says when a module has no lessons', async () => {
    const { student, ids } = await setup()
    await expect(flow().open(actor(student), ids.read, telegram)).rejects.toMatchObject({ code: 'not_enrolled' })
    await expect(flow().next(actor(student), ids.read, telegram)).rejects.toMatchObject({ code: 'not_enrolled' })
    expect(await ctx.db.prisma.progress.count()).toBe(0)

    const author = await makeStaff(ctx)
    const partly = await makeCourse(ctx, author, { modules: [{ title: 'Full', contents: [text('Only')] }, { title: 'Empty', contents: [] }] })
    await flow().enrol(actor(student), partly.slug, telegram)
    const empty = await flow().openModule(actor(student), partly.moduleIds[1]!, telegram)
    expect(empty).toMatchObject({ kind: 'course-empty' })
    expect(texts(empty.plan)).toEqual(['This course has no lessons yet.'])
  })

  it('lists the contents with a button per module, Continue and From the start', async () => {
    const { student, course, ids } = await setup({ enrol: true })
    await flow().next(actor(student), ids.read, telegram)
    const toc = await flow().contents(actor(student), course.id, telegram)
    expect(texts(toc.plan)).toEqual([`${course.title} — contents\n▓▓▓░░░░░░░ 25%\nNext up: Pick one`])
    expect(toc.plan.messages[0]!.buttons.map((r) => r.map((b) => b.label))).toEqual([['1. M1'], ['2. M2'], ['Continue ▶', '↺ From the start']])
  })
})

describe('reaching a student', () => {
  it('finds the chat of a linked account and the locale, or nothing on a platform without one', async () => {
    const student: User = await makeStudent(ctx, 'Reach Me', '424242')
    expect(await ctx.domain.reach.recipient(student.id, 'TELEGRAM')).toMatchObject({
      user: { id: student.id },
      recipient: { platform: 'TELEGRAM', kind: 'user', chatId: '424242', locale: 'en' },
    })
    expect(await ctx.domain.reach.recipient(student.id, 'DISCORD')).toBeNull()
    expect((await ctx.domain.reach.recipients(student.id)).map((r) => r.recipient.platform)).toEqual(['TELEGRAM'])
    await expect(ctx.domain.reach.recipient(999_999, 'TELEGRAM')).rejects.toMatchObject({ code: 'not_found' })
  })
})
