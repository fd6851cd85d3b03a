// Benchmark: course-chat relay latency, from an inbound message's arrival at the
// router (a Telegram group message) to the outbound platform call: the Discord
// room adapter (src/bot/discord/room-adapter.ts, the one the worker role uses)
// executing the channel's webhook on the Discord simulator (tests/fakes/discord,
// rate limits off, so the figures are our latency, not Discord's pacing), through
// PostgreSQL history, the Redis room bus and the BullMQ relay queue. The arrival
// is taken when the simulator stores the webhook's message. Open-loop: messages
// are fired on a fixed schedule spread over 20 rooms, whether or not earlier
// ones are done.
//   npm run bench:relay      (env: BENCH_SECONDS, BENCH_RATE, BENCH_ROOMS)
// Measured in the same run: the floor (one Redis publish/subscribe round trip
// plus one loopback HTTP call: the same webhook execute on the simulator, by
// plain fetch), and the highest steady rate whose p99 stays under 100 ms. The
// last line is one JSON object:
// { p50_ms, p99_ms, max_rate_p99_under_100ms, floor_ms, lost, duplicated, ... }.
import { REST, Routes } from 'discord.js'
import { discordRoomAdapter } from '../src/bot/discord/role'
import { ROOM_WEBHOOK_NAME } from '../src/bot/discord/room-channel'
import { startDiscordSimulator } from '../tests/fakes/discord'
import { closeBenchContext, openBenchContext } from './lib/context'
import { createRelay, startRelayDelivery } from '../src/relay'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const RATE = Number(process.env.BENCH_RATE ?? 50)
const ROOMS = Number(process.env.BENCH_ROOMS ?? 20)
const DB_NAME = `taskmetrics_bench_relay_${process.pid}`
const PREFIX = `bench-relay-${process.pid}:`

// ---- the Discord simulator, rate limits off: its REST API is what the adapter calls
const sim = await startDiscordSimulator({ limits: false })
const ctx = await openBenchContext({ database: DB_NAME, redisKeyPrefix: PREFIX, env: { DISCORD_TOKEN: sim.token, DISCORD_APPLICATION_ID: sim.applicationId, DISCORD_API_URL: sim.apiUrl } })
const guild = sim.guild({ name: 'Bench' })
const rest = new REST({ api: sim.apiUrl, version: '10' }).setToken(sim.token)
/** A channel with the relay's webhook, as /bind channel leaves it. */
async function webhookedChannel(name: string) {
  const channel = guild.textChannel({ name })
  const webhook = (await rest.post(Routes.channelWebhooks(channel.id), { body: { name: ROOM_WEBHOOK_NAME } })) as { id: string; token: string }
  return { channel, webhook }
}

// ---- when each relayed message arrives: the simulator stores the webhook's message
const sentAt = new Map<string, number>()
const received = new Map<string, number[]>()
/** When the router had stored, published and queued it. */
const routedAt = new Map<string, number>()
const watched: Array<{ messages: () => Array<{ message: { content: string } }>; seen: number }> = []
sim.state.onChange(() => {
  const now = performance.now()
  for (const w of watched) {
    const messages = w.messages()
    for (; w.seen < messages.length; w.seen++) {
      const key = messages[w.seen]!.message.content
      const list = received.get(key) ?? []
      list.push(now)
      received.set(key, list)
    }
  }
})

// ---- 20 rooms, each bound to a Telegram group (inbound) and a Discord channel (outbound), one enrolled student each
const { user: author } = await ctx.domain.accounts.upsertStaff({ email: 'author@bench.test', password: 'bench-author-password', role: 'AUTHOR' })
const subject = await ctx.domain.authoring.createSubject(author, { title: 'Bench', slug: 'bench' })
const rooms: Array<{ tgChat: string; studentId: string }> = []
for (let i = 0; i < ROOMS; i++) {
  const course = await ctx.domain.authoring.createCourse(author, { subjectId: subject.id, title: `Bench ${i}`, slug: `bench-${i}`, overview: '' })
  const module = await ctx.domain.authoring.createModule(author, course.id, { title: 'M' })
  await ctx.domain.authoring.createContent(author, module.id, { kind: 'TEXT', title: 'T', body: 'b' })
  await ctx.domain.authoring.setPublished(author, course.id, true)
  const tgChat = `-100${i}`
  await ctx.domain.rooms.bind(author, course.id, { platform: 'TELEGRAM', chatId: tgChat })
  const { channel, webhook } = await webhookedChannel(`room-${i}`)
  await ctx.domain.rooms.bind(author, course.id, { platform: 'DISCORD', chatId: channel.id, webhookId: webhook.id, webhookToken: webhook.token })
  watched.push({ messages: () => channel.messages, seen: 0 })
  const studentId = String(700000 + i)
  const { user } = await ctx.domain.accounts.registerFromPlatform({ platform: 'TELEGRAM', externalId: studentId, displayName: `Student ${i}` })
  await ctx.domain.enrolment.enrol(user.id, course.slug)
  rooms.push({ tgChat, studentId })
}

const relay = createRelay(ctx)
const delivery = await startRelayDelivery(ctx, [discordRoomAdapter(ctx)], { concurrency: 32 })

let seq = 0
async function inbound(runId: string, roomIndex: number): Promise<void> {
  const room = rooms[roomIndex]!
  const text = `${runId}n${++seq}`
  sentAt.set(text, performance.now())
  const result = await relay.router.inbound({
    platform: 'TELEGRAM',
    chatId: room.tgChat,
    messageId: String(seq),
    author: { externalId: room.studentId, displayName: `Student ${roomIndex}` },
    kind: 'text',
    text,
  })
  routedAt.set(text, performance.now())
  if (result.status !== 'relayed') throw new Error(`bench message not relayed: ${JSON.stringify(result)}`)
}

interface RunResult {
  rate: number
  sent: number
  p50_ms: number
  p99_ms: number
  router_p50_ms: number
  lost: number
  duplicated: number
}

/** Fires `rate` messages/s for `seconds`, round-robin over the rooms; waits for the relay to catch up. */
async function run(rate: number, seconds: number): Promise<RunResult> {
  const runId = `r${rate}t${Date.now()}`
  const total = Math.round(rate * seconds)
  const start = performance.now()
  const inflight: Promise<void>[] = []
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate
    const wait = due - performance.now()
    if (wait > 1) await Bun.sleep(wait)
    inflight.push(inbound(runId, i % rooms.length))
  }
  await Promise.all(inflight)
  const keys = [...sentAt.keys()].filter((k) => k.startsWith(`${runId}n`))
  // the relay drains: wait until everything arrived or nothing moved for 5 s
  let lastCount = -1
  let stillSince = performance.now()
  for (;;) {
    const count = keys.filter((k) => received.has(k)).length
    if (count === keys.length) break
    if (count !== lastCount) {
      lastCount = count
      stillSince = performance.now()
    } else if (performance.now() - stillSince > 5000) break
    await Bun.sleep(20)
  }
  const latencies: number[] = []
  let lost = 0
  let duplicated = 0
  for (const k of keys) {
    const arrivals = received.get(k)
    if (!arrivals) {
      lost++
      continue
    }
    if (arrivals.length > 1) duplicated += arrivals.length - 1
    latencies.push(arrivals[0]! - sentAt.get(k)!)
  }
  latencies.sort((a, b) => a - b)
  const routing = keys.map((k) => (routedAt.get(k) ?? Number.NaN) - sentAt.get(k)!).sort((a, b) => a - b)
  return { rate, sent: total, p50_ms: round(percentile(latencies, 50)), p99_ms: round(percentile(latencies, 99)), router_p50_ms: round(percentile(routing, 50)), lost, duplicated }
}

/** One Redis publish -> subscriber round trip plus one loopback HTTP call (a webhook execute on the simulator, by plain fetch), sequentially, 300 times: the p50. */
async function floor(): Promise<number> {
  const { webhook } = await webhookedChannel('floor')
  const url = `${sim.apiUrl}/v10/webhooks/${webhook.id}/${webhook.token}?wait=true`
  const sub = ctx.redis.duplicate()
  const channel = `${PREFIX}floor`
  let resolveNext: (() => void) | null = null
  sub.on('message', () => resolveNext?.())
  await sub.subscribe(channel)
  const samples: number[] = []
  for (let i = 0; i < 300; i++) {
    const t0 = performance.now()
    const got = new Promise<void>((r) => (resolveNext = r))
    await ctx.redis.client.publish(channel, 'x')
    await got
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content: `floor ${i}`, username: 'Floor', allowed_mentions: { parse: [] } }) })
    await res.json()
    samples.push(performance.now() - t0)
  }
  sub.disconnect()
  samples.sort((a, b) => a - b)
  return round(percentile(samples, 50))
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}
const round = (n: number) => Math.round(n * 100) / 100

let summary: Record<string, unknown> | undefined
try {
  const floorMs = await floor()
  await run(20, 2) // warm-up: JIT, pools, queues
  const main = await run(RATE, SECONDS)
  console.log(`steady ${RATE} msg/s over ${ROOMS} rooms for ${SECONDS}s: p50 ${main.p50_ms} ms, p99 ${main.p99_ms} ms (router alone p50 ${main.router_p50_ms} ms), lost ${main.lost}, duplicated ${main.duplicated} (floor ${floorMs} ms)`)
  // the highest steady rate with p99 < 100 ms: step up from the lowest until one fails
  const passes = (r: RunResult) => r.p99_ms < 100 && r.lost === 0
  let best = 0
  const steps: RunResult[] = []
  for (const rate of [10, 25, 40, 50, 100, 200, 400, 800]) {
    const r = rate === RATE ? main : await run(rate, 4)
    if (r !== main) steps.push(r)
    console.log(`  ${rate} msg/s: p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms, lost ${r.lost}, duplicated ${r.duplicated}`)
    if (!passes(r)) break
    best = rate
  }
  const lost = main.lost + steps.reduce((s, r) => s + r.lost, 0)
  const duplicated = main.duplicated + steps.reduce((s, r) => s + r.duplicated, 0)
  summary = { p50_ms: main.p50_ms, p99_ms: main.p99_ms, max_rate_p99_under_100ms: best, floor_ms: floorMs, lost, duplicated, rate: RATE, rooms: ROOMS, seconds: SECONDS, sent: main.sent, router_p50_ms: main.router_p50_ms, platform: 'discord-simulator (rate limits off)' }
} finally {
  await delivery.close()
  await relay.close()
  await sim.close()
  await closeBenchContext(ctx, { database: DB_NAME, redisKeyPrefix: PREFIX })
}
// the last line: one JSON object
if (summary) console.log(JSON.stringify(summary))
