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
import { openTestContext, resetData } from '../fixtures/context'

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

/** A "process": its own bot with the lock and a slow handler that records what runs at once. */
function processWith(record: { running: Map<number, number>; maxPerChat: Map<number, number>; maxOverall: number; done: number[] }, lock: Parameters<typeof crossProcessLock>[2] = {}) {
  const deps = { logger: ctx.logger } as unknown as BotDeps
  const bot = new Bot<BotContext>('1:test', { botInfo, ContextConstructor: createContextConstructor(deps) })
  bot.use(crossProcessLock(ctx.redis.client, constraints, { pollMs: 5, ...lock }))
  bot.use(async (c) => {
    const chat = c.chat!.id
    record.running.set(chat, (record.running.get(chat) ?? 0) + 1)
    record.maxPerChat.set(chat, Math.max(record.maxPerChat.get(chat) ?? 0, record.running.get(chat)!))
    record.maxOverall = Math.max(record.maxOverall, [...record.running.values()].reduce((a, b) => a + b, 0))
    await new Promise((r) => setTimeout(r, 25))
    record.running.set(chat, record.running.get(chat)! - 1)
    record.done.push(c.update.update_id)
  })
  return bot
}

const newRecord = () => ({ running: new Map<number, number>(), maxPerChat: new Map<number, number>(), maxOverall: 0, done: [] as number[] })

describe('cross-process lock (webhook mode)', () => {
  it('runs one chat\'s updates one at a time across two processes, other chats in parallel', async () => {
    const record = newRecord()
    const [a, b] = [processWith(record), processWith(record)]
    const updates = [...Array.from({ length: 6 }, () => message(501, 501)), ...Array.from({ length: 6 }, () => message(502, 502))]
    await Promise.all(updates.map((u, i) => (i % 2 ? a : b).handleUpdate(u)))
    expect(record.done.sort((x, y) => x - y)).toEqual(updates.map((u) => u.update_id))
    expect(record.maxPerChat.get(501)).toBe(1)
    expect(record.maxPerChat.get(502)).toBe(1)
    expect(record.maxOverall).toBe(2)
    // nothing is left locked
    // nothing is left locked (KEYS does not add the client's key prefix itself)
    expect(await ctx.redis.client.keys(`${process.env.TEST_REDIS_PREFIX ?? ''}tg:lock:*`)).toEqual([])
  })

  it('goes ahead when a lock is never released (a crashed process), and waits out an expiring one', async () => {
    const record = newRecord()
    const bot = processWith(record, { waitMs: 150 })
    await ctx.redis.client.set('tg:lock:c601', 'dead-process', 'PX', 60_000)
    const started = Date.now()
    await bot.handleUpdate(message(601, 601))
    expect(record.done).toHaveLength(1)
    expect(Date.now() - started).toBeGreaterThanOrEqual(150)
    // the stranger's lock is not ours to delete
    expect(await ctx.redis.client.get('tg:lock:c601')).toBe('dead-process')

    await ctx.redis.client.set('tg:lock:c602', 'slow-process', 'PX', 60)
    await processWith(record, { waitMs: 5_000 }).handleUpdate(message(602, 602))
    expect(record.done).toHaveLength(2)
    expect(await ctx.redis.client.exists('tg:lock:c602')).toBe(0)
  })
})
