// /lang (stored on the Profile) and /link (one-time codes that merge accounts on
// two platforms with their progress; Discord accounts are made through the
// domain, as the Discord bot does not exist yet), and the role's stop and failure.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Message } from 'grammy/types'
import { telegramBot } from '../../src/bot/telegram/runtime'
import { ConflictError } from '../../src/domain'
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
    expect(textOf(issued!)).toContain(`your account on another platform (not another Telegram account): send /link ${code} to the TaskMetrics bot there`)
    expect(textOf(issued!)).toContain('TaskMetrics is on Telegram and Discord: in Discord, use the slash command /link with the code.')
    expect(textOf(issued!)).not.toMatch(/coming soon/)
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

  it('refuses to join two Telegram accounts, naming the platform from the error details', async () => {
    const carol = new Student(h.sim, h.sim.user({ first_name: 'Carol', language_code: 'en' }))
    const dan = new Student(h.sim, h.sim.user({ first_name: 'Dan', language_code: 'en' }))
    const [issued] = await carol.say('/link')
    const [refused] = await dan.say(`/link ${codeIn(issued!)}`)
    // "Both accounts are already on Telegram, …" once the domain's ConflictError carries details.platform
    expect(textOf(refused!)).toMatch(/^Both accounts are already on (Telegram|the same platform), so they cannot be linked: a code joins accounts on different platforms\.$/)
    expect((await user(carol))!.id).not.toBe((await user(dan))!.id)

    // the platform comes from details, whatever the message says
    const redeem = vi.spyOn(h.ctx.domain.accounts, 'redeemLinkCode')
    try {
      redeem.mockRejectedValueOnce(new ConflictError('Both accounts already have a telegram identity', { platform: 'DISCORD' }))
      const [named] = await dan.say('/link ABCD2345')
      expect(textOf(named!)).toBe('Both accounts are already on Discord, so they cannot be linked: a code joins accounts on different platforms.')
      redeem.mockRejectedValueOnce(new ConflictError('Both accounts already have a telegram identity'))
      const [unnamed] = await dan.say('/link ABCD2345')
      expect(textOf(unnamed!)).toBe('Both accounts are already on the same platform, so they cannot be linked: a code joins accounts on different platforms.')
    } finally {
      redeem.mockRestore()
    }
  })
})

describe('the role', () => {
  it('stops gracefully: an update in flight is finished before stop() resolves', async () => {
    const local = await startHarness({ seed: false })
    try {
      const zoe = new Student(local.sim, local.sim.user({ first_name: 'Zoe', language_code: 'en' }))
      await zoe.say('/help')
      // a latch in the bot's API client: holds the next reply to Zoe, and tracks requests in flight
      let hold = true
      let release = () => {}
      const held = new Promise<void>((r) => {
        release = r
      })
      let replyStarted = () => {}
      const replying = new Promise<void>((r) => {
        replyStarted = r
      })
      const open = new Set<object>()
      const lateCalls: string[] = []
      let stopped = false
      telegramBot(local.ctx).api.config.use(async (prev, method, payload, signal) => {
        if (stopped) lateCalls.push(method)
        const call = {}
        open.add(call)
        try {
          if (hold && method === 'sendMessage' && (payload as { chat_id?: unknown }).chat_id === zoe.id) {
            hold = false
            replyStarted()
            await held
          }
          return await prev(method, payload, signal)
        } finally {
          open.delete(call)
        }
      })

      const pollsBefore = local.sim.callsTo('getUpdates').length
      zoe.user.sendText('/help')
      await replying // the update is in flight: its reply is held
      await local.sim.waitUntil(() => local.sim.pendingUpdates === 0) // confirmed by the next long poll, now waiting
      const stopping = local.roles[0]!.stop().then(() => {
        stopped = true
      })
      // stop() ended that long poll, so polling is over; stop() still waits for the held reply
      await local.sim.waitUntil(() => local.sim.callsTo('getUpdates').length > pollsBefore + 1)
      expect(stopped).toBe(false)
      expect(zoe.messages).toHaveLength(1)
      release()
      await stopping
      expect(zoe.messages).toHaveLength(2) // the reply went out before stop() returned

      // nothing is processed after the stop: no request (no long poll) is open, so nobody takes this update
      expect(open.size).toBe(0)
      zoe.user.sendText('/help')
      expect(local.sim.pendingUpdates).toBe(1)
      expect(zoe.messages).toHaveLength(2)
      expect(lateCalls).toEqual([])
      local.roles.length = 0
    } finally {
      await local.close()
    }
  })

  it('reports a failure (without the token) when long polling gives up, so that main.ts exits', async () => {
    const local = await startHarness({ seed: false, role: { maxRetryTimeMs: 300 } })
    try {
      const role = local.roles[0]!
      expect(role.failed).toBeInstanceOf(Promise)
      await local.sim.close() // the Bot API goes away: polls are refused until maxRetryTime is over
      const err = await role.failed!
      expect(err.message).toMatch(/^telegram long polling gave up \(Bot API at http:\/\/127\.0\.0\.1:\d+\): .*ECONNREFUSED/)
      expect(err.message).not.toContain(local.sim.token.split(':')[1])
    } finally {
      await local.close()
    }
  })

  it('fails at once when another process polls with the same token (409)', async () => {
    const local = await startHarness({ seed: false })
    try {
      const ann = new Student(local.sim, local.sim.user({ first_name: 'Ann', language_code: 'en' }))
      local.sim.failNext('getUpdates', { status: 409, description: 'Conflict: terminated by other getUpdates request' })
      ann.user.sendText('/help') // ends the current long poll; the next one gets the 409
      const err = await local.roles[0]!.failed!
      expect(err.message).toMatch(/telegram long polling gave up .*: Conflict: terminated by other getUpdates request/)
    } finally {
      await local.close()
    }
  })

  it('does not report a failure after stop()', async () => {
    const local = await startHarness({ seed: false })
    try {
      const role = local.roles[0]!
      let failed: Error | undefined
      void role.failed!.then((e) => {
        failed = e
      })
      await role.stop()
      local.roles.length = 0
      await local.sim.close() // would make a still-running poller fail
      await new Promise((r) => setImmediate(r))
      expect(failed).toBeUndefined()
    } finally {
      await local.close()
    }
  })
})

describe('start-up', () => {
  it('fails with a clear error (and no token) when the Bot API is unreachable, without retrying', async () => {
    const { openTestContext } = await import('../fixtures/context')
    const { startTelegramRole } = await import('../../src/bot/telegram/role')
    const token = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw'
    const ctx = await openTestContext({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: 'http://127.0.0.1:1' })
    try {
      // no retries: the start fails (instead of hanging until the test times out)
      const err = await startTelegramRole(ctx, { webhookServedHere: false }).then(() => undefined, (e: Error) => e)
      expect(err?.message).toMatch(/^telegram start-up failed at getMe \(Bot API at http:\/\/127\.0\.0\.1:1\): .*ECONNREFUSED/)
      expect(err?.message).not.toContain('AAHdqTcv')
    } finally {
      await ctx.close()
    }
  })
})
