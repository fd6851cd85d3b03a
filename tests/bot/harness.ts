// Runs the real telegram role (and, in webhook mode, the real api role) against
// the Telegram Bot API simulator, on the test PostgreSQL database and Redis.
import { createServer } from 'node:net'
import type { CallbackQuery, Chat, Message } from 'grammy/types'
import { expect } from 'vitest'
import { DEMO_COURSE_SLUG, seed } from '../../prisma/seed'
import { startApiRole } from '../../src/api/server'
import { startTelegramRole, type TelegramRoleOptions } from '../../src/bot/telegram/role'
import { telegramWebhookRoute } from '../../src/bot/telegram/webhook'
import type { AppContext } from '../../src/context'
import type { RunningRole } from '../../src/roles/types'
import { startTelegramSimulator, type SimulatorOptions, type SimUser, type TelegramSimulator } from '../fakes/telegram'
import { openTestContext, resetData } from '../fixtures/context'
import { waitFor } from '../fixtures/wait'

export { DEMO_COURSE_SLUG }

export const WEBHOOK_SECRET = 'test_webhook_secret-123'

export interface Harness {
  sim: TelegramSimulator
  ctx: AppContext
  roles: RunningRole[]
  /** Base URL of the API in webhook mode. */
  apiUrl?: string
  close(): Promise<void>
}

export interface HarnessOptions {
  mode?: 'polling' | 'webhook'
  sim?: SimulatorOptions
  env?: Record<string, string | undefined>
  /** Seed the demo course (default true). */
  seed?: boolean
  /** Options for the telegram role (webhookServedHere is set from the mode). */
  role?: Omit<TelegramRoleOptions, 'webhookServedHere'>
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const mode = opts.mode ?? 'polling'
  const sim = await startTelegramSimulator({ limits: false, webhookRetryMs: 50, ...opts.sim })
  const port = mode === 'webhook' ? await freePort() : 0
  const ctx = await openTestContext({
    TELEGRAM_BOT_TOKEN: sim.token,
    TELEGRAM_API_ROOT: sim.apiRoot,
    TELEGRAM_MODE: mode,
    TELEGRAM_WEBHOOK_SECRET: mode === 'webhook' ? WEBHOOK_SECRET : undefined,
    PORT: String(port),
    PUBLIC_URL: mode === 'webhook' ? `http://127.0.0.1:${port}` : undefined,
    ...opts.env,
  })
  await resetData(ctx)
  if (opts.seed ?? true) await seed(ctx)
  const roles: RunningRole[] = []
  if (mode === 'webhook') roles.push(await startApiRole(ctx, [telegramWebhookRoute(ctx)]))
  roles.push(await startTelegramRole(ctx, { ...opts.role, webhookServedHere: mode === 'webhook' }))
  return {
    sim,
    ctx,
    roles,
    ...(mode === 'webhook' ? { apiUrl: `http://127.0.0.1:${port}` } : {}),
    async close() {
      for (const role of [...roles].reverse()) await role.stop()
      await sim.close()
      await ctx.close()
    },
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port
      server.close(() => resolve(port))
    })
  })
}

/** What a student does, waiting for the bot each time. */
export class Student {
  constructor(readonly sim: TelegramSimulator, readonly user: SimUser) {}

  get id() {
    return this.user.id
  }

  get messages(): Message[] {
    return this.sim.chat(this.user.id).messages
  }

  get last(): Message {
    const m = this.messages.at(-1)
    if (!m) throw new Error('the bot has not written yet')
    return m
  }

  /** Sends a text and waits for `count` new bot messages. */
  async say(text: string, count = 1): Promise<Message[]> {
    const before = this.lastBotMessageId()
    this.user.sendText(text)
    return this.newMessages(before, count)
  }

  /** Presses a button (by text or callback_data) on a bot message; waits for the answer and `count` new messages. */
  async press(message: Message, button: string | RegExp, count = 1): Promise<Message[]> {
    const before = this.lastBotMessageId()
    const query = this.user.clickButton(message, this.buttonData(message, button))
    await this.sim.waitUntil(() => this.sim.callbackAnswers.find((a) => a.callback_query_id === query.id))
    return count > 0 ? this.newMessages(before, count) : []
  }

  /** Presses a button that edits its own message; resolves with the edited message. */
  async pressEdit(message: Message, button: string | RegExp, until: RegExp): Promise<Message> {
    this.user.clickButton(message, this.buttonData(message, button))
    return this.sim.waitUntil(() => {
      const current = this.messages.find((m) => m.message_id === message.message_id)
      return current && until.test(current.text ?? '') ? current : undefined
    })
  }

  buttonData(message: Message, button: string | RegExp): string {
    const current = this.messages.find((m) => m.message_id === message.message_id) ?? message
    const buttons = (current.reply_markup?.inline_keyboard ?? []).flat()
    const found = buttons.find((b) => (typeof button === 'string' ? b.text === button : button.test(b.text)))
    if (!found || !('callback_data' in found)) throw new Error(`no button ${button} in ${JSON.stringify(buttons.map((b) => b.text))}`)
    return found.callback_data!
  }

  buttons(message: Message): string[] {
    const current = this.messages.find((m) => m.message_id === message.message_id) ?? message
    return (current.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text)
  }

  private lastBotMessageId(): number {
    return this.messages.at(-1)?.message_id ?? 0
  }

  private async newMessages(after: number, count: number): Promise<Message[]> {
    const list = await this.sim.waitFor({ chatId: this.user.id, count: this.messages.filter((m) => m.message_id <= after).length + count })
    return list.filter((m) => m.message_id > after)
  }
}

export function textOf(m: Message): string {
  return m.text ?? m.caption ?? ''
}

let barriers = 0
const BARRIER_CHAT: Chat.GroupChat = { id: -999_999_999_999, type: 'group', title: 'test barrier' }

/**
 * Resolves once the bot has finished every update `user` sent before, for
 * "nothing else happens" checks without sleeping. The bot handles one update
 * at a time per user (sequentialize), so a button press by the same user is
 * handled after them; it is pressed in a group chat, where the bot only answers
 * the query (no message, no student registered, no rate limit).
 */
export async function barrier(sim: TelegramSimulator, user: SimUser): Promise<void> {
  const message = { message_id: 1, date: 0, chat: BARRIER_CHAT } as Message
  const query: CallbackQuery = { id: `barrier-${++barriers}`, from: user.user, message, chat_instance: 'barrier', data: 'barrier' }
  sim.state.callbackQueries.set(query.id, { query, answered: false })
  sim.pushUpdate({ callback_query: query })
  await sim.waitUntil(() => sim.callbackAnswers.some((a) => a.callback_query_id === query.id))
}

export function expectNoFailedCalls(sim: TelegramSimulator) {
  const failed = sim.calls.filter((c) => !c.ok && c.status !== 429)
  expect(failed.map((c) => `${c.method} ${c.status} ${c.description}`)).toEqual([])
}

/** Retries an async check until it passes (the bot finishes work after its last message). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs?: number): Promise<T> {
  let result: T
  await waitFor(async () => {
    result = await check()
    return true
  }, { timeout: timeoutMs, what: 'the check to pass' })
  return result!
}
