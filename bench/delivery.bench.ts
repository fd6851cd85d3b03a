// Benchmark: one announcement to BENCH_STUDENTS students (default 3,000; half
// on Telegram, half on Discord) through the delivery engine, with two worker
// processes (`bun src/main.ts` with ROLES=worker, as in production) against the
// Telegram and Discord simulators enforcing the platforms' limits (Telegram
// 30/s overall and 1/s per chat; Discord 50 requests/s overall, per-route
// buckets, 10 DM channel opens/s).
//   npm run bench:delivery   (env: BENCH_STUDENTS, BENCH_WORKERS, BENCH_NEW_DMS)
// BENCH_NEW_DMS: share of the Discord students whose DM channel the bot has
// never opened (default 0: students who got lessons by DM before; opening a
// DM is its own, slower limit, so 1 measures a course's very first message).
// Prints the achieved rate per platform as a ratio of its limit (Telegram:
// messages/s over 30; Discord: requests/s, DM opens included, over 50), the
// 429s the simulators returned, and what each student received (from the
// simulators' own records: exactly one copy each). The last line is one JSON
// object: { telegram_ratio, discord_ratio, rate_limited, sent, lost, duplicated, rss_mb, ... }.
import { type Subprocess, spawn } from 'bun'
import { actorOf } from '../src/api/auth'
import { startDiscordSimulator } from '../tests/fakes/discord'
import { startTelegramSimulator } from '../tests/fakes/telegram'
import { closeBenchContext, openBenchContext } from './lib/context'

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 3000)
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2)
const NEW_DMS = Number(process.env.BENCH_NEW_DMS ?? 0)
const TELEGRAM_LIMIT = 30
const DISCORD_LIMIT = 50
const DB_NAME = `taskmetrics_bench_delivery_${process.pid}`
const PREFIX = `bench-delivery-${process.pid}:`
const ROOT = new URL('..', import.meta.url).pathname

const tg = await startTelegramSimulator()
const dc = await startDiscordSimulator()
const env = {
  REDIS_PREFIX: PREFIX,
  TELEGRAM_BOT_TOKEN: tg.token,
  TELEGRAM_API_ROOT: tg.apiRoot,
  DISCORD_TOKEN: dc.token,
  DISCORD_APPLICATION_ID: dc.applicationId,
  DISCORD_API_URL: dc.apiUrl,
}
const ctx = await openBenchContext({ database: DB_NAME, env })
const workers: Subprocess[] = []
const rss = new Map<number, number>()

// ---- a course and its students: even ones on Telegram, odd ones on Discord
async function seedStudents() {
  const { user: author } = await ctx.domain.accounts.upsertStaff({ email: 'author@bench.test', password: 'bench-author-password', role: 'AUTHOR' })
  const subject = await ctx.domain.authoring.createSubject(author, { title: 'Bench', slug: 'bench' })
  const course = await ctx.domain.authoring.createCourse(author, { subjectId: subject.id, title: 'Bench', slug: 'bench', overview: '' })
  const module = await ctx.domain.authoring.createModule(author, course.id, { title: 'M' })
  await ctx.domain.authoring.createContent(author, module.id, { kind: 'TEXT', title: 'T', body: 'b' })
  await ctx.domain.authoring.setPublished(author, course.id, true)
  const prisma = ctx.db.prisma
  const users = await prisma.user.createManyAndReturn({ data: Array.from({ length: STUDENTS }, () => ({})), select: { id: true } })
  await prisma.profile.createMany({ data: users.map((u, i) => ({ userId: u.id, displayName: `Student ${i}`, locale: 'en' })) })
  const telegram: string[] = []
  const discord: string[] = []
  const dmChannels: Record<string, string> = {}
  const accounts = users.map((u, i) => {
    if (i % 2 === 0) {
      const id = String(tg.user({ first_name: `Student${i}` }).id)
      telegram.push(id)
      return { userId: u.id, platform: 'TELEGRAM' as const, externalId: id }
    }
    const user = dc.user({ username: `student${i}` })
    discord.push(user.id)
    // a student who got lessons by DM before: the bot opened that DM channel then and remembered it
    if (Math.floor(discord.length * NEW_DMS) === Math.floor((discord.length - 1) * NEW_DMS)) dmChannels[user.id] = user.dm.id
    return { userId: u.id, platform: 'DISCORD' as const, externalId: user.id }
  })
  await prisma.platformAccount.createMany({ data: accounts })
  await prisma.enrollment.createMany({ data: users.map((u, i) => ({ userId: u.id, courseId: course.id, source: i % 2 === 0 ? ('TELEGRAM' as const) : ('DISCORD' as const) })) })
  if (Object.keys(dmChannels).length) await ctx.redis.client.hset('dc:dm-channel', dmChannels)
  return { author, course, telegram, discord, openedDms: Object.keys(dmChannels).length }
}

async function startWorker(): Promise<Subprocess> {
  const child = spawn([process.execPath, 'src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...env,
      ROLES: 'worker',
      NODE_ENV: 'production',
      DATABASE_URL: ctx.config.databaseUrl!,
      REDIS_URL: ctx.config.redisUrl,
      SESSION_SECRET: 'bench-session-secret-bench-session-secret',
      ADMIN_EMAIL: 'admin@bench.test',
      ADMIN_PASSWORD: 'bench-admin-password',
      DATA_DIR: ctx.config.dataDir,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    },
    stdout: 'inherit',
    stderr: 'inherit',
  })
  workers.push(child)
  return child
}

/** Resident memory of a process in MB (Linux /proc). */
async function rssMb(pid: number): Promise<number> {
  try {
    const status = await Bun.file(`/proc/${pid}/status`).text()
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
    return kb / 1024
  } catch {
    return 0
  }
}

/** CPU time a process used so far, in ms (Linux /proc: user + system clock ticks of 10 ms). */
async function cpuMs(pid: number): Promise<number> {
  try {
    const fields = (await Bun.file(`/proc/${pid}/stat`).text()).split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return 0
  }
}

/** Messages (or requests) per second between the first and the last of `times`. */
function ratePerSecond(times: number[]): number {
  if (times.length < 2) return 0
  const first = Math.min(...times)
  const last = Math.max(...times)
  return last > first ? ((times.length - 1) * 1000) / (last - first) : 0
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits

let summary: Record<string, unknown> | undefined
try {
  const seeded = await seedStudents()
  for (let i = 0; i < WORKERS; i++) await startWorker()
  for (;;) {
    if ((await ctx.jobs.queue.getWorkers()).length >= WORKERS) break
    if (workers.some((w) => w.exitCode !== null)) throw new Error('a worker process ended before it was ready')
    await Bun.sleep(100)
  }
  console.log(`${STUDENTS} students (${seeded.telegram.length} Telegram, ${seeded.discord.length} Discord, ${seeded.discord.length - seeded.openedDms} without a DM channel yet), ${WORKERS} worker processes`)

  const cpuBefore = await Promise.all(workers.map((w) => cpuMs(w.pid)))
  const started = performance.now()
  const delivery = await ctx.domain.delivery.announce(actorOf(seeded.author), seeded.course.id, { body: '**Exam** moved to _Friday_, room 101.' })
  let counts = (await ctx.domain.delivery.progress(actorOf(seeded.author), delivery.id)).counts
  let lastLine = 0
  for (;;) {
    for (const w of workers) rss.set(w.pid, Math.max(rss.get(w.pid) ?? 0, await rssMb(w.pid)))
    const d = await ctx.domain.delivery.progress(actorOf(seeded.author), delivery.id)
    counts = d.counts
    if (d.status === 'SENDING' && counts.pending === 0) break
    if (workers.some((w) => w.exitCode !== null)) throw new Error('a worker process ended during the run')
    if (performance.now() - lastLine > 5000) {
      lastLine = performance.now()
      const jobs = await ctx.jobs.queue.getJobCounts('waiting', 'active', 'delayed')
      console.log(`  ${Math.round((performance.now() - started) / 1000)} s: sent ${counts.sent}, pending ${counts.pending}, failed ${counts.failed}, unreachable ${counts.unreachable}; jobs due ${jobs.waiting}, running ${jobs.active}, later ${jobs.delayed}`)
    }
    await Bun.sleep(250)
  }
  const seconds = (performance.now() - started) / 1000
  const cpuUsed = (await Promise.all(workers.map((w) => cpuMs(w.pid)))).reduce((sum, ms, i) => sum + ms - cpuBefore[i]!, 0)

  // ---- what the platforms saw
  const tgSends = tg.calls.filter((c) => c.ok && c.method === 'sendMessage').map((c) => c.at)
  const tgLimited = tg.calls.filter((c) => c.status === 429).length
  const dcAccepted = dc.calls.filter((c) => c.status < 400 && c.route !== 'GET /gateway/bot')
  const dcMessages = dcAccepted.filter((c) => c.route === 'POST /channels/:channel_id/messages').map((c) => c.at)
  const dcOpens = dcAccepted.filter((c) => c.route === 'POST /users/@me/channels').length
  const dcLimited = dc.rateLimitHits.length
  const telegramRate = ratePerSecond(tgSends)
  const discordRate = ratePerSecond(dcAccepted.map((c) => c.at))

  // ---- every student exactly once, from the simulators' records
  const copies = [...seeded.telegram.map((id) => tg.state.botMessages(Number(id)).length), ...seeded.discord.map((id) => dc.dm(id).fromBot.length)]
  const lost = copies.filter((n) => n === 0).length
  const duplicated = copies.reduce((sum, n) => sum + Math.max(0, n - 1), 0)
  const sent = copies.reduce((sum, n) => sum + n, 0)
  const rateLimited = tgLimited + dcLimited
  const rssMax = Math.max(0, ...rss.values())

  console.log(`delivered in ${round(seconds, 1)} s; ledger: sent ${counts.sent}, failed ${counts.failed}, unreachable ${counts.unreachable}`)
  console.log(`Telegram: ${tgSends.length} messages at ${round(telegramRate, 1)}/s = ${round(telegramRate / TELEGRAM_LIMIT)} of ${TELEGRAM_LIMIT}/s; 429s: ${tgLimited}`)
  console.log(`Discord: ${dcAccepted.length} requests (${dcMessages.length} messages, ${dcOpens} DM opens) at ${round(discordRate, 1)}/s = ${round(discordRate / DISCORD_LIMIT)} of ${DISCORD_LIMIT}/s (messages ${round(ratePerSecond(dcMessages), 1)}/s); 429s: ${dcLimited}`)
  console.log(`students: ${copies.length}, messages received ${sent}, lost ${lost}, duplicated ${duplicated}; 429s ${rateLimited} = ${round((100 * rateLimited) / Math.max(1, sent), 2)}% of sends`)
  console.log(`worker RSS (max): ${[...rss.values()].map((mb) => `${Math.round(mb)} MB`).join(', ')}; worker CPU ${round(cpuUsed / 1000, 1)} s in all = ${round(cpuUsed / Math.max(1, sent), 1)} ms per message; machine load ${(await Bun.file('/proc/loadavg').text()).split(' ')[0]}`)
  summary = {
    telegram_ratio: round(telegramRate / TELEGRAM_LIMIT),
    discord_ratio: round(discordRate / DISCORD_LIMIT),
    rate_limited: rateLimited,
    sent,
    lost,
    duplicated,
    rss_mb: Math.round(rssMax),
    students: STUDENTS,
    workers: WORKERS,
    seconds: round(seconds, 1),
    discord_dm_opens: dcOpens,
    worker_cpu_ms_per_message: round(cpuUsed / Math.max(1, sent), 1),
  }
} finally {
  for (const w of workers) w.kill('SIGTERM')
  await Promise.all(workers.map((w) => w.exited))
  await tg.close()
  await dc.close()
  await closeBenchContext(ctx, { database: DB_NAME, redisKeyPrefix: PREFIX })
}
// the last line: one JSON object
if (summary) console.log(JSON.stringify(summary))
