import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { autoRetry } from '@grammyjs/auto-retry'
import { run, type RunnerHandle } from '@grammyjs/runner'
import { Bot, GrammyError, InlineKeyboard, InputFile, webhookCallback } from 'grammy'
import { afterEach, describe, expect, it } from 'vitest'
import { parseHtml, parseMarkdown, startTelegramSimulator, type SimulatorOptions, type TelegramSimulator } from './telegram'

const cleanups: (() => Promise<unknown> | unknown)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function setup(options: SimulatorOptions = {}) {
  const sim = await startTelegramSimulator(options)
  cleanups.push(() => sim.close())
  const bot = new Bot(sim.token, { botInfo: sim.botInfo, client: { apiRoot: sim.apiRoot } })
  return { sim, bot }
}

/** Starts long polling and resolves once the first getUpdates is under way. */
async function startPolling(bot: Bot) {
  bot.catch((err) => {
    throw err.error
  })
  await new Promise<void>((resolve) => {
    void bot.start({ onStart: () => resolve() })
  })
  cleanups.push(() => bot.stop())
}

async function apiError(p: Promise<unknown>): Promise<GrammyError> {
  const err = await p.then(() => undefined, (e: unknown) => e)
  expect(err).toBeInstanceOf(GrammyError)
  return err as GrammyError
}

describe('telegram simulator: updates and replies', () => {
  it('round-trips a command through bot.start() long polling, including /cmd@botname', async () => {
    const { sim, bot } = await setup({ botUsername: 'course_bot' })
    bot.command('start', (ctx) => ctx.reply(`Hi ${ctx.from?.first_name}, payload=${ctx.match || '-'}`))
    bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`))
    await startPolling(bot)

    const alice = sim.user({ first_name: 'Alice', language_code: 'en' })
    const sent = alice.sendText('/start abc')
    expect(sent.entities).toEqual([{ type: 'bot_command', offset: 0, length: 6 }])
    const [reply] = await sim.waitFor({ chatId: alice.id })
    expect(reply!.text).toBe('Hi Alice, payload=abc')
    expect(reply!.from?.id).toBe(sim.bot.id)
    expect(reply!.chat).toMatchObject({ id: alice.id, type: 'private', first_name: 'Alice' })
    expect(reply!.message_id).toBe(2) // the user's message was #1 in this chat

    const addressed = alice.sendText('/start@course_bot')
    expect(addressed.entities?.[0]).toEqual({ type: 'bot_command', offset: 0, length: 17 })
    alice.sendText('/start@other_bot') // grammY ignores commands for other bots: falls through to echo
    await sim.waitFor({ chatId: alice.id, count: 3 })
    expect(sim.chat(alice.id).texts).toEqual(['Hi Alice, payload=abc', 'Hi Alice, payload=-', 'echo: /start@other_bot'])
    await sim.drained()
    expect(sim.pendingUpdates).toBe(0)
    expect(sim.callsTo('sendMessage').every((c) => c.status === 200)).toBe(true)
  })

  it('long poll returns as soon as an update arrives, and a second poller gets 409', async () => {
    const { sim } = await setup()
    const url = `${sim.apiRoot}/bot${sim.token}/getUpdates`
    // a poll that would wait far longer than the test may take: only an update ends it early
    const first = fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"timeout":100}' }).then((r) => r.json())
    await sim.waitUntil(() => sim.pollWaiting)
    sim.user({ id: 42 }).sendText('hello')
    const body = (await first) as { ok: boolean; result: { update_id: number; message: { text: string } }[] }
    expect(body.ok).toBe(true)
    expect(body.result.map((u) => u.message.text)).toEqual(['hello'])

    // offset confirms; a newer long poll terminates an older one with 409
    const older = fetch(`${url}?offset=${body.result[0]!.update_id + 1}&timeout=100`).then((r) => r.json())
    await sim.waitUntil(() => sim.pollWaiting && sim.pendingUpdates === 0)
    const newer = fetch(`${url}?timeout=0`).then((r) => r.json())
    expect(await older).toMatchObject({ ok: false, error_code: 409 })
    expect(await newer).toEqual({ ok: true, result: [] })
  })

  it('delivers group messages, join requests and approval via @grammyjs/runner', async () => {
    const { sim, bot } = await setup()
    bot.on('message:text', (ctx) => ctx.reply(`seen in ${ctx.chat.type}: ${ctx.message.text}`))
    bot.on('chat_join_request', async (ctx) => {
      await ctx.approveChatJoinRequest(ctx.from.id)
    })
    const runner: RunnerHandle = run(bot)
    cleanups.push(() => runner.isRunning() && runner.stop())

    const group = sim.group({ id: -1001234567890, title: 'Course 101' })
    const bob = sim.user({ first_name: 'Bob' })
    group.send(bob, 'hello group')
    const [msg] = await sim.waitFor({ chatId: group.id })
    expect(msg!.text).toBe('seen in supergroup: hello group')
    expect(msg!.chat).toMatchObject({ id: -1001234567890, type: 'supergroup', title: 'Course 101' })

    // privacy mode (bot not admin): only commands / replies / mentions reach the bot
    sim.setPrivacyMode(true)
    group.setBotStatus('member')
    group.send(bob, 'chatter the bot must not see')
    group.send(bob, '/help')
    await sim.waitFor({ chatId: group.id, count: 2 })
    expect(sim.chat(group.id).texts).toEqual(['seen in supergroup: hello group', 'seen in supergroup: /help'])
    expect(sim.chat(group.id).history.map((m) => m.text)).toContain('chatter the bot must not see')
    group.setBotStatus('administrator')

    const link = (await bot.api.createChatInviteLink(group.id, { creates_join_request: true, name: 'students' }))
    expect(link.invite_link).toMatch(/^https:\/\/t\.me\/\+/)
    const carol = sim.user({ first_name: 'Carol' })
    group.requestJoin(carol, { inviteLink: link.invite_link })
    await sim.waitForCall('approveChatJoinRequest', (c) => c.ok)
    expect((await bot.api.getChatMember(group.id, carol.id)).status).toBe('member')
    // approving twice fails like Telegram
    const err = await apiError(bot.api.approveChatJoinRequest(group.id, carol.id))
    expect(err.description).toBe('Bad Request: USER_ALREADY_PARTICIPANT')
  })
})

describe('telegram simulator: files', () => {
  it('uploads a photo (multipart), reuses its file_id, and serves the same bytes via getFile', async () => {
    const { sim, bot } = await setup({ limits: false })
    const user = sim.user()
    const bytes = new Uint8Array(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256))
    const kb = new InlineKeyboard().text('Next', 'next:1')
    const first = await bot.api.sendPhoto(user.id, new InputFile(bytes, 'lesson.jpg'), {
      caption: '<b>Lesson 1</b>', parse_mode: 'HTML', reply_markup: kb,
    })
    expect(first.caption).toBe('Lesson 1')
    expect(first.caption_entities).toEqual([{ type: 'bold', offset: 0, length: 8 }])
    expect(first.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Next', callback_data: 'next:1' }]] }) // decoded from the multipart JSON string
    const largest = first.photo!.at(-1)!
    expect(largest.file_id).toMatch(/^AgAC/)
    expect(sim.calls.at(-1)!.params.photo).toEqual({ upload: 'lesson.jpg', size: 5000 })

    const again = await bot.api.sendPhoto(user.id, largest.file_id)
    expect(again.photo!.at(-1)).toEqual(largest)

    const file = await bot.api.getFile(largest.file_id)
    expect(file.file_size).toBe(5000)
    const res = await fetch(`${sim.apiRoot}/file/bot${sim.token}/${file.file_path}`)
    expect(res.status).toBe(200)
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes)

    const err = await apiError(bot.api.sendPhoto(user.id, 'AgACnotAFileId'))
    expect(err.description).toBe('Bad Request: wrong file identifier/HTTP URL specified')
    expect(sim.chat(user.id).messages).toHaveLength(2)
  })

  it('sends documents and videos by upload, file_id and URL; rejects a file of the wrong type', async () => {
    const { sim, bot } = await setup({ limits: false })
    const user = sim.user()
    const doc = await bot.api.sendDocument(user.id, new InputFile(Buffer.from('%PDF-1.4 notes'), 'notes.pdf'))
    expect(doc.document).toMatchObject({ file_name: 'notes.pdf', mime_type: 'application/pdf', file_size: 14 })
    const reused = await bot.api.sendDocument(user.id, doc.document!.file_id, { caption: 'again' })
    expect(reused.document!.file_unique_id).toBe(doc.document!.file_unique_id)
    const video = await bot.api.sendVideo(user.id, 'https://cdn.example.com/intro.mp4', { duration: 42, width: 640, height: 360 })
    expect(video.video).toMatchObject({ duration: 42, width: 640, height: 360, file_name: 'intro.mp4', mime_type: 'video/mp4' })
    const err = await apiError(bot.api.sendVideo(user.id, doc.document!.file_id))
    expect(err.error_code).toBe(400)
    expect(err.description).toMatch(/can't use file of type Document as Video/)
  })
})

describe('telegram simulator: keyboards and callbacks', () => {
  it('records answerCallbackQuery and the edit made from a button click', async () => {
    const { sim, bot } = await setup()
    bot.command('quiz', (ctx) => ctx.reply('Pick one', { reply_markup: new InlineKeyboard().text('A', 'ans:a').text('B', 'ans:b') }))
    bot.callbackQuery(/^ans:(.)$/, async (ctx) => {
      await ctx.answerCallbackQuery({ text: `You chose ${ctx.match[1]}` })
      await ctx.editMessageText(`Answered: ${ctx.match[1]}`)
    })
    await startPolling(bot)

    const user = sim.user({ first_name: 'Dana' })
    user.command('quiz')
    const [question] = await sim.waitFor({ chatId: user.id, text: 'Pick one' })
    const query = user.clickButton(question!, 'B') // by button text
    expect(query.data).toBe('ans:b')
    await sim.waitFor({ chatId: user.id, text: 'Answered: b' })
    expect(sim.callbackAnswers).toEqual([expect.objectContaining({ callback_query_id: query.id, text: 'You chose b', show_alert: false })])
    const edited = sim.chat(user.id).last!
    expect(edited.message_id).toBe(question!.message_id)
    expect(edited.edit_date).toBeTypeOf('number')
    expect(edited.reply_markup).toBeUndefined() // editMessageText without reply_markup drops the keyboard, like Telegram
    expect(() => user.clickButton(edited, 'ans:a')).toThrow(/no inline button/)
    // answering the same query twice is an error
    const err = await apiError(bot.api.answerCallbackQuery(query.id))
    expect(err.description).toMatch(/query is too old/)
  })

  it('rejects callback_data longer than 64 bytes with BUTTON_DATA_INVALID', async () => {
    const { sim, bot } = await setup()
    const user = sim.user()
    const err = await apiError(bot.api.sendMessage(user.id, 'x', { reply_markup: new InlineKeyboard().text('long', 'é'.repeat(33)) }))
    expect(err.error_code).toBe(400)
    expect(err.description).toBe('Bad Request: BUTTON_DATA_INVALID')
    await bot.api.sendMessage(user.id, 'ok', { reply_markup: new InlineKeyboard().text('fits', 'x'.repeat(64)) })
    expect(sim.chat(user.id).texts).toEqual(['ok'])
  })

  it('runs a quiz poll and reports the poll_answer', async () => {
    const { sim, bot } = await setup()
    const answers: number[][] = []
    bot.on('poll_answer', (ctx) => {
      answers.push(ctx.pollAnswer.option_ids)
    })
    await startPolling(bot)
    const user = sim.user()
    const msg = await bot.api.sendPoll(user.id, '2+2?', [{ text: '3' }, { text: '4' }], {
      type: 'quiz', correct_option_id: 1, is_anonymous: false, explanation: '<i>basic</i> maths', explanation_parse_mode: 'HTML',
    } as Parameters<typeof bot.api.sendPoll>[3])
    expect(msg.poll).toMatchObject({ type: 'quiz', correct_option_id: 1, explanation: 'basic maths', is_anonymous: false })
    user.answerPoll(msg.poll!.id, [1])
    await sim.waitUntil(() => answers.length > 0)
    expect(answers).toEqual([[1]])
    expect(sim.chat(user.id).last!.poll!.options.map((o) => o.voter_count)).toEqual([0, 1])
  })
})

describe('telegram simulator: validation', () => {
  it('rejects bad HTML with "can\'t parse entities" and converts good HTML to entities', async () => {
    const { sim, bot } = await setup()
    const user = sim.user()
    const unclosed = await apiError(bot.api.sendMessage(user.id, '<b>bold', { parse_mode: 'HTML' }))
    expect(unclosed.error_code).toBe(400)
    expect(unclosed.description).toBe('Bad Request: can\'t parse entities: Can\'t find end tag corresponding to start tag "b"')
    const unknown = await apiError(bot.api.sendMessage(user.id, 'a <div>x</div>', { parse_mode: 'HTML' }))
    expect(unknown.description).toBe('Bad Request: can\'t parse entities: Unsupported start tag "div" at byte offset 2')
    const crossed = await apiError(bot.api.sendMessage(user.id, '<b><i>x</b></i>', { parse_mode: 'HTML' }))
    expect(crossed.description).toMatch(/Unmatched end tag at byte offset 7, expected "<\/i>", found "<\/b>"/)

    const ok = await bot.api.sendMessage(user.id, '<b>Hi</b> &lt;3 <a href="https://x.io">link</a> <span class="tg-spoiler">s</span>', { parse_mode: 'HTML' })
    expect(ok.text).toBe('Hi <3 link s')
    expect(ok.entities).toEqual([
      { type: 'bold', offset: 0, length: 2 },
      { type: 'text_link', offset: 6, length: 4, url: 'https://x.io' },
      { type: 'spoiler', offset: 11, length: 1 },
    ])
    expect(sim.chat(user.id).messages).toHaveLength(1) // rejected messages are not recorded
  })

  it('parses MarkdownV2 and requires escaping reserved characters', () => {
    expect(parseMarkdown('*bold* and _it_ \\.')).toEqual({ text: 'bold and it .', entities: [{ type: 'bold', offset: 0, length: 4 }, { type: 'italic', offset: 9, length: 2 }] })
    expect(() => parseMarkdown('Price: 5.00')).toThrow(/Character '\.' is reserved/)
    expect(() => parseMarkdown('*open')).toThrow(/Can't find end of the entity/)
    expect(parseHtml('<pre><code class="language-ts">x</code></pre>').entities).toEqual([{ type: 'pre', offset: 0, length: 1, language: 'ts' }])
  })

  it('enforces text, caption and emptiness limits', async () => {
    const { sim, bot } = await setup({ limits: false })
    const user = sim.user()
    expect((await apiError(bot.api.sendMessage(user.id, 'x'.repeat(4097)))).description).toBe('Bad Request: message is too long')
    await bot.api.sendMessage(user.id, 'x'.repeat(4096))
    expect((await apiError(bot.api.sendMessage(user.id, ' '))).description).toBe('Bad Request: message text is empty')
    const caption = await apiError(bot.api.sendPhoto(user.id, new InputFile(new Uint8Array([1, 2, 3])), { caption: 'c'.repeat(1025) }))
    expect(caption.description).toBe('Bad Request: message caption is too long')
    expect((await apiError(bot.api.sendMessage(999, 'hi'))).description).toBe('Bad Request: chat not found')
    user.block()
    const blocked = await apiError(bot.api.sendMessage(user.id, 'hi'))
    expect(blocked.error_code).toBe(403)
    expect(blocked.description).toBe('Forbidden: bot was blocked by the user')
  })

  it('answers 401 for a wrong token and 404 for an unknown method', async () => {
    const { sim } = await setup()
    const wrong = new Bot('123:wrong', { botInfo: sim.botInfo, client: { apiRoot: sim.apiRoot } })
    const err = await apiError(wrong.api.getMe())
    expect(err.error_code).toBe(401)
    expect(err.description).toBe('Unauthorized')
    const res = await fetch(`${sim.apiRoot}/bot${sim.token}/sendTelepathy`, { method: 'POST' })
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found: method not found' })
  })

  it('stores commands per scope and language', async () => {
    const { sim, bot } = await setup()
    await bot.api.setMyCommands([{ command: 'start', description: 'Start' }])
    await bot.api.setMyCommands([{ command: 'start', description: 'Начать' }], { language_code: 'ru' })
    await bot.api.setMyCommands([{ command: 'grade', description: 'Grade' }], { scope: { type: 'chat', chat_id: 5 } })
    expect(await bot.api.getMyCommands({ language_code: 'ru' })).toEqual([{ command: 'start', description: 'Начать' }])
    expect(sim.commands({ type: 'chat', chat_id: 5 })).toEqual([{ command: 'grade', description: 'Grade' }])
    await bot.api.deleteMyCommands({ language_code: 'ru' })
    expect(await bot.api.getMyCommands({ language_code: 'ru' })).toEqual([])
    expect(await bot.api.getMyCommands()).toEqual([{ command: 'start', description: 'Start' }])
    const bad = await apiError(bot.api.setMyCommands([{ command: 'Bad Command', description: 'x' }]))
    expect(bad.description).toBe('Bad Request: BOT_COMMAND_INVALID')
  })
})

describe('telegram simulator: restricting members', () => {
  it('restrictChatMember stops a member posting until every permission is given back; supergroups only, never an administrator', async () => {
    const { sim, bot } = await setup()
    const group = sim.group({ type: 'supergroup' })
    const sam = sim.user({ first_name: 'Sam' })
    const admin = sim.user({ first_name: 'Ada' })
    group.addMember(sam).addMember(admin, 'administrator')
    await bot.api.restrictChatMember(group.id, sam.id, { can_send_messages: false })
    expect(group.memberStatus(sam)).toBe('restricted')
    expect(await bot.api.getChatMember(group.id, sam.id)).toMatchObject({ status: 'restricted', is_member: true, can_send_messages: false })
    expect(() => group.send(sam, 'hello?')).toThrow(/restricted/)
    const all = { can_send_messages: true, can_send_audios: true, can_send_documents: true, can_send_photos: true, can_send_videos: true, can_send_video_notes: true, can_send_voice_notes: true, can_send_polls: true, can_send_other_messages: true, can_add_web_page_previews: true, can_change_info: true, can_invite_users: true, can_pin_messages: true, can_manage_topics: true }
    await bot.api.restrictChatMember(group.id, sam.id, all)
    expect(group.memberStatus(sam)).toBe('member')
    expect(group.send(sam, 'back').text).toBe('back')
    expect((await apiError(bot.api.restrictChatMember(group.id, admin.id, { can_send_messages: false }))).description).toBe('Bad Request: user is an administrator of the chat')
    const basic = sim.group({ type: 'group' })
    basic.addMember(sam)
    expect((await apiError(bot.api.restrictChatMember(basic.id, sam.id, { can_send_messages: false }))).description).toBe('Bad Request: method is available only for supergroups')
  })
})

describe('telegram simulator: rate limits and failures', () => {
  it('answers 429 with retry_after for a burst to one private chat (auto-retry off) and records nothing', async () => {
    const { sim, bot } = await setup() // defaults: 1 msg/s per chat, burst 3
    const user = sim.user()
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((i) => bot.api.sendMessage(user.id, `m${i}`)))
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as GrammyError)
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3)
    expect(rejected).toHaveLength(2)
    for (const e of rejected) {
      expect(e.error_code).toBe(429)
      expect(e.parameters.retry_after).toBe(1)
      expect(e.description).toBe('Too Many Requests: retry after 1')
    }
    expect(sim.chat(user.id).messages).toHaveLength(3)
    expect(sim.callsTo('sendMessage').filter((c) => c.status === 429)).toHaveLength(2)
  })

  it('delivers every message in order when @grammyjs/auto-retry honours retry_after', async () => {
    const { sim, bot } = await setup()
    bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 5 }))
    const user = sim.user()
    for (let i = 1; i <= 5; i++) await bot.api.sendMessage(user.id, `m${i}`)
    expect(sim.chat(user.id).texts).toEqual(['m1', 'm2', 'm3', 'm4', 'm5'])
    // the burst of 3 is spent: the rest were refused once each, then sent after the wait that
    // retry_after asked for (a retry before then would have been refused again)
    const statuses = sim.callsTo('sendMessage').map((c) => c.status)
    expect(statuses).toContain(429)
    expect(statuses.join(' ')).not.toContain('429 429')
  })

  it('limits groups per minute and the bot globally per second', async () => {
    let clock = 1_700_000_000_000 // a manual clock makes the buckets deterministic
    const { sim, bot } = await setup({ limits: { perGroupPerMinute: 2, perChatBurst: 10, globalPerSecond: 4 }, now: () => clock })
    const group = sim.group()
    await bot.api.sendMessage(group.id, 'g1')
    await bot.api.sendMessage(group.id, 'g2')
    const err = await apiError(bot.api.sendMessage(group.id, 'g3'))
    expect(err.error_code).toBe(429)
    expect(err.parameters.retry_after).toBe(30) // 2 per minute => one token every 30 s
    // global bucket: 4/s; two were used by the group
    const users = [1, 2, 3].map(() => sim.user())
    const results = await Promise.allSettled(users.map((u) => bot.api.sendMessage(u.id, 'hi')))
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1)
    clock += 29_000
    expect((await apiError(bot.api.sendMessage(group.id, 'still too early'))).parameters.retry_after).toBe(1)
    clock += 1_000
    await bot.api.sendMessage(group.id, 'g3') // 30 s later one group token is back
    sim.setLimits(false)
    await bot.api.sendMessage(group.id, 'unlimited now')
    expect(sim.chat(group.id).texts).toEqual(['g1', 'g2', 'g3', 'unlimited now'])
  })

  it('injects failures with failNext; an injected 429 holds the chat until retry_after has passed', async () => {
    let clock = 1_700_000_000_000
    const { sim, bot } = await setup({ now: () => clock })
    const user = sim.user()
    sim.failNext('sendMessage', { status: 500 })
    sim.failNext('sendMessage', { status: 429, retry_after: 7 })
    expect((await apiError(bot.api.sendMessage(user.id, 'a'))).error_code).toBe(500)
    const limited = await apiError(bot.api.sendMessage(user.id, 'b'))
    expect(limited.parameters.retry_after).toBe(7)
    clock += 6_500
    expect((await apiError(bot.api.sendMessage(user.id, 'c'))).parameters.retry_after).toBe(1)
    await bot.api.sendMessage(sim.user().id, 'another chat is not held')
    clock += 500
    await bot.api.sendMessage(user.id, 'c')
    expect(sim.chat(user.id).texts).toEqual(['c'])
  })
})

describe('telegram simulator: webhooks', () => {
  async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
    const server = createServer(handler)
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
    cleanups.push(() => new Promise((r) => server.close(r)))
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tg`, server }
  }

  it('POSTs updates with the secret header to a grammY webhookCallback; getUpdates then conflicts', async () => {
    const { sim, bot } = await setup()
    bot.on('message:text', (ctx) => ctx.reply(`got ${ctx.message.text}`))
    const { url } = await listen(webhookCallback(bot, 'http', { secretToken: 's3cret_token' }))
    await bot.api.setWebhook(url, { secret_token: 's3cret_token' })
    expect((await bot.api.getWebhookInfo()).url).toBe(url)

    const user = sim.user()
    user.sendText('ping')
    await sim.waitFor({ chatId: user.id, text: 'got ping' })
    await sim.drained()
    expect(sim.webhookDeliveries).toEqual([expect.objectContaining({ url, status: 200, secretToken: 's3cret_token' })])

    const conflict = await apiError(bot.api.getUpdates())
    expect(conflict.error_code).toBe(409)
  })

  it('executes a method returned in the webhook response (grammY webhook reply)', async () => {
    const sim = await startTelegramSimulator()
    cleanups.push(() => sim.close())
    const bot = new Bot(sim.token, { botInfo: sim.botInfo, client: { apiRoot: sim.apiRoot, canUseWebhookReply: (m) => m === 'sendMessage' } })
    bot.on('message:text', (ctx) => ctx.reply('via webhook reply'))
    const { url } = await listen(webhookCallback(bot, 'http'))
    await bot.api.setWebhook(url)
    const user = sim.user()
    user.sendText('hi')
    await sim.waitFor({ chatId: user.id, text: 'via webhook reply' })
  })

  it('retries when the webhook rejects the secret, and reports the error in getWebhookInfo', async () => {
    const { sim, bot } = await setup({ webhookRetryMs: 50 })
    const seen: (string | undefined)[] = []
    const { url } = await listen((req, res) => {
      seen.push(req.headers['x-telegram-bot-api-secret-token'] as string | undefined)
      res.statusCode = seen.length === 1 ? 401 : 200
      res.end()
    })
    await bot.api.setWebhook(url, { secret_token: 'abc' })
    sim.user().sendText('hi')
    await sim.drained()
    expect(seen).toEqual(['abc', 'abc'])
    expect(sim.webhookDeliveries.map((d) => d.status)).toEqual([401, 200])
    const info = await bot.api.getWebhookInfo()
    expect(info.last_error_message).toMatch(/401/)
    expect(info.pending_update_count).toBe(0)
    const bad = await apiError(bot.api.setWebhook('http://example.com/hook'))
    expect(bad.description).toBe('Bad Request: bad webhook: An HTTPS URL must be provided for webhook')
  })
})
