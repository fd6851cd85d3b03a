// A worker stopping (SIGTERM: main.ts calls stop()) while a send waits for the
// shared pacer gives the send back instead of holding shutdown; and the
// worker logs each delivery's counts when it is done. Real PostgreSQL and
// Redis; the platform is a recording Messenger.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import type { Messenger, Recipient, SendReceipt } from '../../src/domain'
import { profileFor } from '../../src/domain/delivery/profile'
import { createLogger } from '../../src/infra/logger'
import { type RunningWorker, startWorkerRole } from '../../src/jobs/worker'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, makeStaff, makeStudent } from '../fixtures/factories'
import { until } from '../fixtures/until'

let ctx: AppContext
const sent: string[] = []
const telegram: Messenger = {
  platform: 'TELEGRAM',
  profile: profileFor('TELEGRAM'),
  async send(to: Recipient): Promise<SendReceipt> {
    sent.push(to.chatId)
    return { platform: 'TELEGRAM', chatId: to.chatId, messageIds: [String(sent.length)] }
  },
}
const workers: RunningWorker[] = []

beforeAll(async () => {
  ctx = await openTestContext()
})
beforeEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()))
  await ctx.jobs.queue.obliterate({ force: true })
  await resetData(ctx)
  sent.length = 0
})
afterAll(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()))
  await ctx.jobs.queue.obliterate({ force: true })
  await ctx.close()
})

async function courseWith(students: number) {
  const author = await makeStaff(ctx)
  const course = await makeCourse(ctx, author)
  for (let i = 0; i < students; i++) await ctx.domain.enrolment.enrol((await makeStudent(ctx)).id, course.slug, 'TELEGRAM')
  return { author, course }
}

describe('worker shutdown and delivery logs', () => {
  it('returns a send still waiting for the pacer to the queue, and another worker sends it once', async () => {
    const { author, course } = await courseWith(1)
    // Telegram is held by a 429 for a minute: the send will wait
    await ctx.ports.pacer.rateLimited({ platform: 'TELEGRAM', retryAfterMs: 60_000 })
    const first = await startWorkerRole(ctx, { messengers: { TELEGRAM: telegram } })
    workers.push(first)
    const delivery = await ctx.domain.delivery.announce(actor(author), course.id, { body: 'After the hold' })
    await until(() => ctx.db.prisma.deliveryRecipient.findFirst({ where: { deliveryId: delivery.id } }), (r) => r?.status === 'SENDING', 'the send to claim its row')

    await first.stop() // resolves without waiting the minute out
    workers.splice(workers.indexOf(first), 1)
    const row = await ctx.db.prisma.deliveryRecipient.findFirstOrThrow({ where: { deliveryId: delivery.id } })
    expect(row.status).toBe('PENDING')
    const [job] = (await ctx.jobs.queue.getWaiting()).filter((j) => j.name === 'delivery.send')
    expect(job).toMatchObject({ attemptsMade: 0, data: { recipientId: row.id } })
    expect(await ctx.jobs.queue.getFailedCount()).toBe(0)
    expect(sent).toEqual([])

    await ctx.redis.client.del('pace:TELEGRAM:hold') // the hold is over
    workers.push(await startWorkerRole(ctx, { messengers: { TELEGRAM: telegram } }))
    const done = await until(() => ctx.domain.delivery.progress(actor(author), delivery.id), (d) => d.counts.pending === 0, 'the send')
    expect(done.counts).toMatchObject({ total: 1, sent: 1, failed: 0 })
    expect(sent).toEqual([row.chatId])
  })

  it('logs each delivery with its counts when it is done', async () => {
    const lines: Array<Record<string, unknown>> = []
    const logger = createLogger({ level: 'info', pretty: false, destination: { write: (line: string) => void lines.push(JSON.parse(line)) } })
    const { author, course } = await courseWith(3)
    workers.push(await startWorkerRole({ ...ctx, logger }, { messengers: { TELEGRAM: telegram } }))
    const delivery = await ctx.domain.delivery.announce(actor(author), course.id, { body: 'Counted' })
    await until(() => ctx.domain.delivery.progress(actor(author), delivery.id), (d) => d.counts.pending === 0, 'the sends')
    // the report runs a little after the last send was due
    const finished = await until(async () => lines.find((l) => l.msg === 'delivery finished'), Boolean, 'the log line', 40_000)
    expect(finished).toMatchObject({ deliveryId: delivery.id, kind: 'ANNOUNCEMENT', total: 3, sent: 3, pending: 0, failed: 0, unreachable: 0, job: 'delivery.report' })
  })
})
