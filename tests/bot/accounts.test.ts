// /lang (stored on the Profile) and /link (one-time codes that merge a Telegram
// and a Discord account with their progress), and a graceful stop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Message } from 'grammy/types'
import { DEMO_COURSE_SLUG, eventually, type Harness, startHarness, Student, textOf } from './harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness()
})
afterAll(() => h.close())

const user = (s: Student) => h.ctx.domain.accounts.findByPlatform('TELEGRAM', String(s.id))

describe('/lang', () => {
  it('defaults to Telegram\'s language, falls back to Russian, and switches with a button or an argument', async () => {
    const ivan = new Student(h.sim, h.sim.user({ first_name: 'Ivan', language_code: 'de' }))
    const [ru] = await ivan.say('/help')
    expect(textOf(ru!)).toMatch(/^Что я умею/)
    expect((await user(ivan))!.profile!.locale).toBe('ru')

    const emma = new Student(h.sim, h.sim.user({ first_name: 'Emma', language_code: 'en-GB' }))
    const [en] = await emma.say('/help')
    expect(textOf(en!)).toMatch(/^What I can do/)

    const [choose] = await emma.say('/lang')
    expect(emma.buttons(choose!)).toEqual(['🇷🇺 Русский', '🇬🇧 English'])
    const query = emma.user.clickButton(choose!, '🇷🇺 Русский')
    const answer = await h.sim.waitUntil(() => h.sim.callbackAnswers.find((a) => a.callback_query_id === query.id))
    expect(answer.text).toBe('Язык: русский.')
    await h.sim.waitUntil(() => textOf(emma.messages.find((m) => m.message_id === choose!.message_id)!) === 'Язык: русский.')
    expect((await user(emma))!.profile!.locale).toBe('ru')
    const [help] = await emma.say('/help')
    expect(textOf(help!)).toMatch(/^Что я умею/)
    // the command menu of this chat follows the choice
    await eventually(async () => expect(h.sim.commands({ type: 'chat', chat_id: emma.id })?.[1]?.description).toBe('Каталог курсов'))

    const [back] = await emma.say('/lang en')
    expect(textOf(back!)).toBe('Language set: English.')
    const [unknown] = await emma.say('/lang fr')
    expect(textOf(unknown!)).toBe('I speak English (en) and Russian (ru).')
    expect((await user(emma))!.profile!.locale).toBe('en')
  })
})

describe('/link', () => {
  async function enrolAndFinishFirst(s: Student) {
    const [card] = await s.say(`/start course-${DEMO_COURSE_SLUG}`)
    const [, lesson] = await s.press(card!, '✍️ Enrol', 2)
    await s.press(lesson!, 'Next ▶') // lesson 1 done
  }
  const codeIn = (m: Message) => {
    const e = m.entities!.find((x) => x.type === 'code')!
    return textOf(m).substr(e.offset, e.length)
  }
  const demo = async () => (await h.ctx.ports.courses.findCourseBySlug(DEMO_COURSE_SLUG))!
  const tree = () => h.ctx.domain.catalog.getCourseTree(DEMO_COURSE_SLUG)

  it('issues a code here that a Discord account redeems: both become one with merged progress', async () => {
    // the Discord account is older and has done lesson 2
    const { user: discord } = await h.ctx.domain.accounts.registerFromPlatform({ platform: 'DISCORD', externalId: 'd-100', displayName: 'alice#1' })
    await h.ctx.domain.enrolment.enrol(discord.id, DEMO_COURSE_SLUG, 'DISCORD')
    const lesson2 = (await tree()).modules[0]!.contents[1]!.id
    await h.ctx.domain.progress.complete({ id: discord.id, role: 'STUDENT' }, lesson2, { source: 'DISCORD' })

    const alice = new Student(h.sim, h.sim.user({ first_name: 'Alice', language_code: 'en' }))
    await enrolAndFinishFirst(alice)
    const [issued] = await alice.say('/link')
    const code = codeIn(issued!)
    expect(code).toMatch(/^[A-Z2-9]{8}$/)
    expect(textOf(issued!)).toContain(`send /link ${code} to join both accounts`)
    expect(alice.buttons(issued!)).toEqual(['I have a code'])

    const survivor = await h.ctx.domain.accounts.redeemLinkCode(code, discord.id)
    expect(survivor.id).toBe(discord.id) // the older user survives
    expect((await user(alice))!.id).toBe(discord.id) // the Telegram account moved

    // the bot follows the merge at once: progress of both platforms
    const [progress] = await alice.say('/progress')
    expect(textOf(progress!)).toContain('Introduction to SQL\n▓▓▓░░░░░░░ 33% (2/6)')
    expect((await h.ctx.domain.progress.forCourse(discord.id, (await demo()).id)).completedContents).toBe(2)
  })

  it('redeems a Discord code with /link CODE or via "I have a code", with clear errors', async () => {
    const { user: discord } = await h.ctx.domain.accounts.registerFromPlatform({ platform: 'DISCORD', externalId: 'd-200', displayName: 'bob#2', languageCode: 'en' })
    await h.ctx.domain.enrolment.enrol(discord.id, DEMO_COURSE_SLUG, 'DISCORD')
    const quizId = (await tree()).modules[2]!.contents[0]!.id
    await h.ctx.domain.progress.complete({ id: discord.id, role: 'STUDENT' }, quizId, { quizAnswer: 1, source: 'DISCORD' })

    const bob = new Student(h.sim, h.sim.user({ first_name: 'Bob', language_code: 'en' }))
    await enrolAndFinishFirst(bob)
    const [bad] = await bob.say('/link !!')
    expect(textOf(bad!)).toMatch(/does not look like a link code/)
    const [unknown] = await bob.say('/link ZZZZ9999')
    expect(textOf(unknown!)).toMatch(/^I do not know this code/)
    const [own] = await bob.say('/link')
    const [self] = await bob.say(`/link ${codeIn(own!)}`)
    expect(textOf(self!)).toMatch(/for linking a different account/)

    // the two-step flow: button, then the code as a plain message (state in the Redis session)
    const { code } = await h.ctx.domain.accounts.issueLinkCode(discord.id)
    const [ask] = await bob.press(own!, 'I have a code')
    expect(textOf(ask!)).toMatch(/^Send me the code/)
    const [done] = await bob.say(` ${code.toLowerCase()} `)
    expect(textOf(done!)).toBe('✅ Accounts linked. Your courses and progress from both platforms are together now.')
    const [again] = await bob.say(`/link ${code}`)
    expect(textOf(again!)).toMatch(/expired or was already used/)

    const [progress] = await bob.say('/progress')
    expect(textOf(progress!)).toContain('(2/6)\nQuizzes: 1 of 1 correct (1 answered)')
    // a plain message after the flow is not taken for a code again
    const [help] = await bob.say(code)
    expect(textOf(help!)).toMatch(/^I did not understand that/)
  })
})

describe('the role', () => {
  it('stops gracefully: an update in flight is finished before stop() resolves', async () => {
    const local = await startHarness({ seed: false })
    try {
      const zoe = new Student(local.sim, local.sim.user({ first_name: 'Zoe', language_code: 'en' }))
      await zoe.say('/help')
      local.sim.setLatency(800) // every Bot API call from now on takes 800 ms
      zoe.user.sendText('/help') // the long poll already waiting returns it at once
      await new Promise((r) => setTimeout(r, 150)) // the reply is now in flight
      const started = Date.now()
      await local.roles[0]!.stop()
      expect(Date.now() - started).toBeGreaterThanOrEqual(400)
      expect(zoe.messages).toHaveLength(2) // the reply went out before stop() returned
      local.sim.setLatency(0)
      zoe.user.sendText('/help')
      await new Promise((r) => setTimeout(r, 300))
      expect(zoe.messages).toHaveLength(2) // nothing is processed after the stop
      local.roles.length = 0
    } finally {
      await local.close()
    }
  })
})

describe('start-up', () => {
  it('fails fast with a clear error (and no token) when the Bot API is unreachable', async () => {
    const { openTestContext } = await import('../fixtures/context')
    const { startTelegramRole } = await import('../../src/bot/telegram/role')
    const token = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw'
    const ctx = await openTestContext({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: 'http://127.0.0.1:1' })
    try {
      const started = Date.now()
      const err = await startTelegramRole(ctx, { webhookServedHere: false }).then(() => undefined, (e: Error) => e)
      expect(err?.message).toMatch(/^telegram start-up failed at getMe \(Bot API at http:\/\/127\.0\.0\.1:1\): .*ECONNREFUSED/)
      expect(err?.message).not.toContain('AAHdqTcv')
      expect(Date.now() - started).toBeLessThan(5000)
    } finally {
      await ctx.close()
    }
  })
})
