// Benchmark: updates per second through the full Telegram bot (sequentialize,
// rate limiter and session in Redis, i18n, student lookup and domain calls on
// PostgreSQL, rendering) next to a bare grammY bot answering the same updates
// in the same run. Both get the updates through bot.handleUpdate (64 in flight,
// like the runner) and an API transformer that answers Bot API calls locally,
// so neither pays for HTTP: this measures our per-update cost, not Telegram's.
//   npm run bench:telegram      (env: BENCH_USERS, BENCH_ROUNDS, BENCH_CONCURRENCY)
// The last line is one JSON object: { ratio, updates_per_s, baseline_updates_per_s, rss_mb, ... }.
import { Bot, type Transformer } from 'grammy'
import type { Update, UserFromGetMe } from 'grammy/types'
import { DEMO_COURSE_SLUG, seed } from '../prisma/seed'
import { createBot } from '../src/bot/telegram/bot'
import type { BotContext } from '../src/bot/telegram/context'
import { telegramDeps } from '../src/bot/telegram/runtime'
import { closeBenchContext, openBenchContext } from './lib/context'

const USERS = Number(process.env.BENCH_USERS ?? 300)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64)
const DB = 'taskmetrics_bench_telegram'
const REDIS_PREFIX = `bench-tg-${process.pid}:`
const TOKEN = '7000000001:BENCH_token_not_a_real_one_0123456789'

const botInfo: UserFromGetMe = {
  id: 7_000_000_001, is_bot: true, first_name: 'Bench', username: 'bench_bot', can_join_groups: true,
  can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false,
  has_main_web_app: false, has_topics_enabled: false, allows_users_to_create_topics: false, can_manage_bots: false,
  supports_join_request_queries: false,
} as UserFromGetMe

/** Answers every Bot API call in-process with a plausible result; counts the calls. */
function localApi(counter: { calls: number }): Transformer {
  let messageId = 1000
  return async (_prev, method, payload) => {
    counter.calls++
    const p = payload as Record<string, unknown>
    const chat = { id: Number(p.chat_id ?? 0), type: 'private' as const, first_name: 'Student' }
    const message = { message_id: ++messageId, date: Math.floor(Date.now() / 1000), chat, from: botInfo, text: typeof p.text === 'string' ? p.text : undefined }
    const result = method.startsWith('send') || method.startsWith('edit') ? message : true
    return { ok: true, result } as never
  }
}

// ---- the world: demo course, USERS enrolled students
const ctx = await openBenchContext({ database: DB, redisKeyPrefix: REDIS_PREFIX, env: { TELEGRAM_BOT_TOKEN: TOKEN } })
await seed(ctx)
const course = (await ctx.ports.courses.findCourseBySlug(DEMO_COURSE_SLUG))!
const tree = await ctx.domain.catalog.getCourseTree(DEMO_COURSE_SLUG)
const firstLesson = tree.modules[0]!.contents[0]!.id
const userIds = Array.from({ length: USERS }, (_, i) => 500_000_000 + i)
for (const id of userIds) {
  const { user } = await ctx.domain.accounts.registerFromPlatform({ platform: 'TELEGRAM', externalId: String(id), displayName: `Student ${id}`, languageCode: id % 2 ? 'en' : 'ru' })
  await ctx.domain.enrolment.enrol(user.id, DEMO_COURSE_SLUG, 'TELEGRAM')
}

// ---- the updates: a mix of commands and button presses per student
const deps = telegramDeps(ctx, { logger: ctx.logger })
let updateId = 1
function updatesFor(userId: number): Update[] {
  const from = { id: userId, is_bot: false, first_name: 'Student', language_code: userId % 2 ? 'en' : 'ru' }
  const chat = { id: userId, type: 'private' as const, first_name: 'Student' }
  const message = (text: string): Update => ({
    update_id: updateId++,
    message: { message_id: updateId, date: 1, chat, from, text, ...(text.startsWith('/') ? { entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] } : {}) },
  })
  const press = (data: string): Update => ({
    update_id: updateId++,
    callback_query: { id: `q${updateId}`, from, chat_instance: '1', data, message: { message_id: 1, date: 1, chat, text: 'card', from: botInfo } },
  })
  return [
    message('/help'),
    message('/courses'),
    press(deps.callbacks.encode(userId, 'k', course.slug)), // course card
    press(deps.callbacks.encode(userId, 't', course.id)), // contents
    press(deps.callbacks.encode(userId, 'c', firstLesson)), // a text lesson
    message('/progress'),
    message('/my'),
  ]
}
const rounds = Array.from({ length: ROUNDS }, () => userIds.flatMap(updatesFor))
const warmup = userIds.slice(0, 50).flatMap(updatesFor)

async function feed(bot: { handleUpdate(u: Update): Promise<void> }, updates: Update[]): Promise<number> {
  let next = 0
  const started = performance.now()
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < updates.length) await bot.handleUpdate(updates[next++]!)
  }))
  return (performance.now() - started) / 1000
}

// ---- full bot
const fullCalls = { calls: 0 }
const full = createBot(TOKEN, { ...deps, rateLimit: { limit: 1000, windowMs: 10_000 } }, { botInfo })
full.api.config.use(localApi(fullCalls))
let fullErrors = 0
full.catch(() => void fullErrors++)

// ---- bare grammY bot answering the same updates
const baseCalls = { calls: 0 }
const bare = new Bot(TOKEN, { botInfo })
bare.api.config.use(localApi(baseCalls))
bare.on('message', (c) => c.reply(`You said ${c.message.text}`))
bare.on('callback_query', async (c) => {
  await c.answerCallbackQuery()
  await c.reply('ok')
})

await feed(bare, warmup)
await feed(full, warmup)
const total = rounds.reduce((n, r) => n + r.length, 0)
let baseSeconds = 0
let fullSeconds = 0
for (const round of rounds) {
  baseSeconds += await feed(bare, round)
  fullSeconds += await feed(full, round)
}
const baseRate = total / baseSeconds
const fullRate = total / fullSeconds
const rssMb = process.memoryUsage().rss / 1024 / 1024
const ratio = fullRate / baseRate
const callsPerUpdate = { full: fullCalls.calls / (total + warmup.length), bare: baseCalls.calls / (total + warmup.length) }

// where the time goes: each kind of update alone through the full bot
const KINDS = ['/help', '/courses', 'course card', 'contents', 'text lesson', '/progress', '/my']
const perKind = KINDS.map((name, k) => {
  const updates = userIds.map((id) => updatesFor(id)[k]!)
  return { name, updates }
})
const breakdown: string[] = []
for (const { name, updates } of perKind) {
  const seconds = await feed(full, updates)
  breakdown.push(`${name.padEnd(12)} ${(updates.length / seconds).toFixed(0).padStart(6)} updates/s`)
}

console.log(`feeding: bot.handleUpdate, ${CONCURRENCY} in flight, Bot API answered by a local transformer (no HTTP, no simulator)`)
console.log(`workload: ${USERS} enrolled students x 7 updates (/help, /courses, course card, contents, text lesson, /progress, /my) x ${ROUNDS} rounds = ${total} updates`)
console.log(`bare grammY bot     : ${baseRate.toFixed(0)} updates/s  (${callsPerUpdate.bare.toFixed(2)} API calls per update)`)
console.log(`TaskMetrics bot     : ${fullRate.toFixed(0)} updates/s  (${callsPerUpdate.full.toFixed(2)} API calls per update, errors ${fullErrors})`)
console.log(`full bot, one kind at a time: ${breakdown.join(' | ')}`)
console.log(`ratio ${ratio.toFixed(4)} (full / bare); mean ${((1000 * fullSeconds) / total).toFixed(2)} ms of wall time per update at ${CONCURRENCY} in flight; rss ${rssMb.toFixed(0)} MB`)
console.log(JSON.stringify({
  ratio: Number(ratio.toFixed(4)),
  updates_per_s: Math.round(fullRate),
  baseline_updates_per_s: Math.round(baseRate),
  rss_mb: Math.round(rssMb),
  updates: total,
  concurrency: CONCURRENCY,
  errors: fullErrors,
  feed: 'handleUpdate+local-transformer',
}))

// clean up this run's Redis keys, connections and database
await closeBenchContext(ctx, { database: DB, redisKeyPrefix: REDIS_PREFIX })
process.exit(0)
