// Safety: forged / stale / foreign buttons, enrolment enforced by the domain,
// help for anything unexpected, quiet in groups, rate limits, and an error
// boundary that keeps the bot alive.
import type { CallbackQuery, Message } from 'grammy/types'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callbackCodecFor } from '../../src/bot/telegram/callbacks'
import type { SimUser, TelegramSimulator } from '../fakes/telegram'
import { makeCourse, makeStaff, text } from '../fixtures/factories'
import { barrier, DEMO_COURSE_SLUG, type Harness, startHarness, Student, textOf } from './harness'

let h: Harness
let sim: TelegramSimulator
beforeAll(async () => {
  h = await startHarness()
  sim = h.sim
})
afterAll(() => h.close())

let forged = 0
/** Pushes a callback query with arbitrary data for `message`, as Telegram would deliver it. */
function forgeCallback(user: SimUser, message: Message, data: string): CallbackQuery {
  const query: CallbackQuery = { id: `forged-${++forged}`, from: user.user, message, chat_instance: '1', data }
  sim.state.callbackQueries.set(query.id, { query, answered: false })
  sim.pushUpdate({ callback_query: query })
  return query
}

async function answerTo(query: CallbackQuery) {
  return sim.waitUntil(() => sim.callbackAnswers.find((a) => a.callback_query_id === query.id))
}

const sentTo = (chatId: number) => sim.calls.filter((c) => c.ok && String(c.params.chat_id) === String(chatId) && /^send/.test(c.method) && c.method !== 'sendChatAction')

async function enrolledStudent(name: string): Promise<{ student: Student; lesson: Message }> {
  const student = new Student(sim, sim.user({ first_name: name, language_code: 'en' }))
  const [card] = await student.say(`/start course-${DEMO_COURSE_SLUG}`)
  const [, lesson] = await student.press(card!, '✍️ Enrol', 2)
  return { student, lesson: lesson! }
}

describe('buttons that are not what they seem', () => {
  it('refuses another user\'s button, garbage and oversized data politely', async () => {
    const { lesson } = await enrolledStudent('Alice')
    const eve = new Student(sim, sim.user({ first_name: 'Eve', language_code: 'en' }))
    await eve.say('/start')
    const before = sentTo(eve.id).length
    const next = eve.buttonData(lesson, 'Next ▶')

    const stolen = await answerTo(forgeCallback(eve.user, lesson, next))
    expect(stolen.text).toBe('This button was not made for you. Use /courses.')
    for (const junk of ['hello', 'n:1', 'n:1~AAAAAAAA', '<b>x</b>~12345678', `n:${'9'.repeat(80)}~AAAAAAAA`, '']) {
      const answer = await answerTo(forgeCallback(eve.user, lesson, junk))
      expect(answer.text, junk).toMatch(/This button (is outdated|was not made for you)/)
    }
    await barrier(sim, eve.user) // every press above is fully handled
    expect(sentTo(eve.id).length).toBe(before) // no lesson, no message
  })

  it('a correctly signed button still gives no content to a student who is not enrolled', async () => {
    const { lesson } = await enrolledStudent('Ann')
    const mallory = new Student(sim, sim.user({ first_name: 'Mallory', language_code: 'en' }))
    await mallory.say('/start')
    const codec = callbackCodecFor(h.ctx.config.sessionSecret, h.ctx.config.telegram.token!)
    const course = await h.ctx.ports.courses.findCourseBySlug(DEMO_COURSE_SLUG)
    const tree = await h.ctx.domain.catalog.getCourseTree(DEMO_COURSE_SLUG)
    const [firstModule] = tree.modules
    const contentIds = tree.modules.flatMap((m) => m.contents.map((c) => c.id))
    const before = sentTo(mallory.id).length
    const attempts = [
      ...contentIds.flatMap((id) => [codec.encode(mallory.id, 'c', id), codec.encode(mallory.id, 'n', id), codec.encode(mallory.id, 'p', id)]),
      codec.encode(mallory.id, 't', course!.id),
      codec.encode(mallory.id, 'm', firstModule!.id),
      codec.encode(mallory.id, 'q', contentIds.at(-1)!, 1),
    ]
    for (const data of attempts) {
      const answer = await answerTo(forgeCallback(mallory.user, lesson, data))
      expect(answer.text, data).toBe('Enrol in the course first to see its lessons.')
      expect(answer.show_alert).toBe(true)
    }
    await barrier(sim, mallory.user)
    expect(sentTo(mallory.id).length).toBe(before)
    const malloryUser = await h.ctx.domain.accounts.findByPlatform('TELEGRAM', String(mallory.id))
    expect((await h.ctx.domain.progress.forCourse(malloryUser!.id, course!.id)).completedContents).toBe(0)
  })

  it('stale buttons (deleted or unpublished course, unknown action) get a polite answer', async () => {
    const author = await makeStaff(h.ctx)
    const doomed = await makeCourse(h.ctx, author, { slug: 'doomed', modules: [{ contents: [text('Gone soon')] }] })
    const hidden = await makeCourse(h.ctx, author, { slug: 'hidden', published: false, modules: [{ contents: [text('Secret')] }] })
    const bob = new Student(sim, sim.user({ first_name: 'Bob', language_code: 'en' }))
    const [card] = await bob.say('/start course-doomed')
    expect(textOf(card!)).toContain(doomed.title)
    await h.ctx.domain.authoring.deleteCourse({ id: author.id, role: author.role }, doomed.id)
    const gone = await answerTo(forgeCallback(bob.user, card!, bob.buttonData(card!, '✍️ Enrol')))
    expect(gone.text).toBe('This is no longer available. Use /courses to find something else.')

    const codec = callbackCodecFor(h.ctx.config.sessionSecret, h.ctx.config.telegram.token!)
    const hiddenButtons = [
      codec.encode(bob.id, 'e', hidden.slug), codec.encode(bob.id, 'e', `.${hidden.id}`), codec.encode(bob.id, 'k', hidden.slug),
      codec.encode(bob.id, 'k', `.${hidden.id}`), codec.encode(bob.id, 'k', `.${doomed.id}`), codec.encode(bob.id, 'c', hidden.contentIds[0]!),
    ]
    for (const data of hiddenButtons) {
      const answer = await answerTo(forgeCallback(bob.user, card!, data))
      expect(answer.text, data).toMatch(/no longer available|not published/)
    }
    const unknown = await answerTo(forgeCallback(bob.user, card!, codec.encode(bob.id, 'zz', 1)))
    expect(unknown.text).toBe('This button is outdated. Use /courses or /my to start again.')
    const [notFound] = await bob.say('/start course-hidden')
    expect(textOf(notFound!)).toBe('This is no longer available. Use /courses to find something else.')
  })
})

describe('unexpected input', () => {
  it('answers unknown commands, plain text and non-text messages in private chat with help', async () => {
    const carol = new Student(sim, sim.user({ first_name: 'Carol', language_code: 'en' }))
    for (const send of [() => carol.user.sendText('/frobnicate'), () => carol.user.sendText('hello?'), () => carol.user.sendSticker(), () => carol.user.sendPhoto()]) {
      const before = carol.messages.length
      send()
      const [reply] = (await sim.waitFor({ chatId: carol.id, count: before + 1 })).slice(-1)
      expect(textOf(reply!)).toMatch(/^I did not understand that\.\n\nWhat I can do\n\/courses/)
    }
  })

  it('stays quiet in groups unless addressed, then points to the private chat', async () => {
    const group = sim.group({ title: 'SQL study group' })
    const dave = sim.user({ first_name: 'Dave', language_code: 'en' })
    for (const t of ['hello everyone', '/start', '/help', '/courses', 'sim_test_bot without the at']) group.send(dave, t)
    group.sendPhoto(dave)

    // handled one at a time per chat: when this is answered, the messages above were handled too
    const addressed = group.send(dave, '/help@sim_test_bot')
    const hint = await sim.waitFor((m) => m.chat.id === group.id && m.reply_to_message?.message_id === addressed.message_id)
    expect(sim.chat(group.id).messages).toEqual([hint]) // nothing but the answer to the addressed command
    expect(textOf(hint)).toBe('I teach in private chat — open it with the button below.')
    expect(hint.reply_markup?.inline_keyboard[0]?.[0]).toMatchObject({ url: 'https://t.me/sim_test_bot' })
    group.send(dave, 'hey @sim_test_bot, what is this?')
    group.send(dave, 'thanks', { replyTo: hint })
    await sim.waitFor({ chatId: group.id, count: 3 })
    // nobody in the group was registered as a student
    expect(await h.ctx.domain.accounts.findByPlatform('TELEGRAM', String(dave.id))).toBeNull()
  })

  it('limits commands per user (Redis) and says so once', async () => {
    const flood = new Student(sim, sim.user({ first_name: 'Flo', language_code: 'en' }))
    for (let i = 0; i < 16; i++) flood.user.sendText('/help')
    await sim.waitFor({ chatId: flood.id, count: 13 })
    await barrier(sim, flood.user) // all 16 handled: no more messages are coming
    const texts = flood.messages.map(textOf)
    expect(texts.filter((t) => t.startsWith('What I can do'))).toHaveLength(12)
    expect(texts.filter((t) => t.startsWith('You are going a bit fast'))).toHaveLength(1)
    // other users are not affected
    const other = new Student(sim, sim.user({ first_name: 'Olga', language_code: 'en' }))
    const [help] = await other.say('/help')
    expect(textOf(help!)).toMatch(/^What I can do/)
  })
})

describe('error boundary', () => {
  it('logs a failing update, tells the user, and keeps serving', async () => {
    const gus = new Student(sim, sim.user({ first_name: 'Gus', language_code: 'en' }))
    await gus.say('/start')
    sim.failNext('sendMessage', { status: 400, description: 'Bad Request: something unexpected' })
    const [sorry] = await gus.say('/help')
    expect(textOf(sorry!)).toBe('Something went wrong on our side. Please try again in a moment.')
    const [help] = await gus.say('/help')
    expect(textOf(help!)).toMatch(/^What I can do/)
  })
})

describe('membership changes', () => {
  it('notes a student blocking and unblocking the bot without registering or answering', async () => {
    const quiet = new Student(sim, sim.user({ first_name: 'Quiet', language_code: 'en' }))
    quiet.user.block()
    await sim.drained()
    quiet.user.unblock()
    await barrier(sim, quiet.user)
    expect(quiet.messages).toHaveLength(0)
    expect(await h.ctx.domain.accounts.findByPlatform('TELEGRAM', String(quiet.id))).toBeNull()
  })
})
