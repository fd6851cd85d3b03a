// Webhook updates of one chat reaching two processes at once run one at a time;
// different chats still run in parallel; a dead holder's lock does not stop the bot.
import { Bot } from 'grammy'
import type { Update, UserFromGetMe } from 'grammy/types'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { constraints } from '../../src/bot/telegram/bot'
import { type BotContext, createContextConstructor } from '../../src/bot/telegram/context'
import type { BotDeps } from '../../src/bot/telegram/deps'
import { crossProcessLock } from '../../src/bot/telegram/middlewares/cross-process-lock'
import type { AppContext } from '../../src/context'
import { createLogger } from '../../src/infra/logger'
import { openTestContext, resetData } from '../fixtures/context'
import { waitFor } from '../fixtures/wait'

let ctx: AppContext
beforeAll(async () => {
  ctx = await openTestContext()
})
afterAll(() => ctx.close())
beforeEach(() => resetData(ctx))

const botInfo = { id: 1, is_bot: true, first_name: 'Bot', username: 'lock_test_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false } as UserFromGetMe

let updateId = 0
const message = (chatId: number, userId: number): Update =>
  ({
    update_id: ++updateId,
    message: { message_id: updateId, date: 0, chat: { id: chatId, type: 'private', first_name: 'S' }, from: { id: userId, is_bot: false, first_name: 'S' }, text: 'hi' },
  }) as Update

type Recorder = ReturnType<typeof newRecord>

/**
 * A "process": its own bot with the lock and a handler that records what runs
 * at once. A handler stays running until a handler of another chat runs too
 * (or every update of the other chats is done), so updates that may run in
 * parallel are seen doing so, whatever the machine's speed.
 */
function processWith(record: Recorder, lock: Parameters<typeof crossProcessLock>[2] = {}) {
  const deps = { logger: record.logger } as unknown as BotDeps
  const bot = new Bot<BotContext>('1:test', { botInfo, ContextConstructor: createContextConstructor(deps) })
  bot.use(crossProcessLock(ctx.redis.client, constraints, { pollMs: 5, ...lock }))
  bot.use(async (c) => {
    const chat = c.chat!.id
    record.running.set(chat, (record.running.get(chat) ?? 0) + 1)
    record.maxPerChat.set(chat, Math.max(record.maxPerChat.get(chat) ?? 0, record.running.get(chat)!))
    const others = () => [...record.expected].filter(([other]) => other !== chat)
    await waitFor(() => {
      const running = [...record.running.values()].reduce((a, b) => a + b, 0)
      record.maxOverall = Math.max(record.maxOverall, running)
      return others().every(([other, count]) => (record.running.get(other) ?? 0) > 0 || record.doneIn(other) === count)
    })
    record.running.set(chat, record.running.get(chat)! - 1)
    record.done.push(c.update.update_id)
    record.doneByChat.set(chat, record.doneIn(chat) + 1)
  })
  return bot
}

function newRecord(expected: Array<[chat: number, updates: number]> = []) {
  const warnings: string[] = []
  const logger = createLogger({ level: 'warn', pretty: false, destination: { write: (line: string) => void warnings.push(line) } })
  const doneByChat = new Map<number, number>()
  return {
    running: new Map<number, number>(),
    maxPerChat: new Map<number, number>(),
    maxOverall: 0,
    done: [] as number[],
    doneByChat,
    doneIn: (chat: number) => doneByChat.get(chat) ?? 0,
    /** How many updates each chat gets (a handler waits for the others' to run alongside). */
    expected: new Map(expected),
    logger,
    warnings,
  }
}

describe('cross-process lock (webhook mode)', () => {
  it('runs one chat\'s updates one at a time across two processes, other chats in parallel', async () => {
    const record = newRecord([[501, 6], [502, 6]])
    const [a, b] = [processWith(record), processWith(record)]
    const updates = [...Array.from({ length: 6 }, () => message(501, 501)), ...Array.from({ length: 6 }, () => message(502, 502))]
    await Promise.all(updates.map((u, i) => (i % 2 ? a : b).handleUpdate(u)))
    expect(record.done.sort((x, y) => x - y)).toEqual(updates.map((u) => u.update_id))
    expect(record.maxPerChat.get(501)).toBe(1)
    expect(record.maxPerChat.get(502)).toBe(1)
    expect(record.maxOverall).toBe(2)
    // nothing is left locked (KEYS does not add the client's key prefix itself)
    expect(await ctx.redis.client.keys(`${process.env.TEST_REDIS_PREFIX ?? ''}tg:lock:*`)).toEqual([])
  })

  it('goes ahead when a lock is never released (a crashed process), and waits out an expiring one', async () => {
    const record = newRecord()
    const bot = processWith(record, { waitMs: 150 })
    await ctx.redis.client.set('tg:lock:c601', 'dead-process', 'PX', 60_000)
    await bot.handleUpdate(message(601, 601))
    expect(record.done).toHaveLength(1)
    // it went ahead after waiting, and said so
    expect(record.warnings.join('')).toContain('waited too long for another process to finish this chat; going ahead')
    // the stranger's lock is not ours to delete
    expect(await ctx.redis.client.get('tg:lock:c601')).toBe('dead-process')

    await ctx.redis.client.set('tg:lock:c602', 'slow-process', 'PX', 60)
    await processWith(record, { waitMs: 5_000 }).handleUpdate(message(602, 602))
    expect(record.done).toHaveLength(2)
    expect(await ctx.redis.client.exists('tg:lock:c602')).toBe(0)
  })
})
