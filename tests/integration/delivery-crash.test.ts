// A worker process killed (kill -9) in the middle of an announcement and a new
// one started: every recipient still gets the message, and only sends that
// were in flight at the crash can go twice.
import type { Subprocess } from 'bun'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, makeStaff, makeStudent } from '../fixtures/factories'
import { startDeliveryWorker } from '../fixtures/process'
import { until } from '../fixtures/until'

const SENT_LIST = 'crash-test:sent' // as tests/fixtures/delivery-worker.ts writes it
let ctx: AppContext
const children: Subprocess[] = []

async function startWorkerProcess(): Promise<Subprocess> {
  const child = await startDeliveryWorker()
  children.push(child)
  return child
}

beforeAll(async () => {
  ctx = await openTestContext()
  await resetData(ctx)
})
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL')
  await Promise.all(children.map((c) => c.exited))
  await ctx.jobs.queue.obliterate({ force: true })
  await ctx.close()
})

describe('a worker killed mid-announcement', () => {
  it('leaves no recipient without the message', async () => {
    const author = await makeStaff(ctx)
    const course = await makeCourse(ctx, author)
    const students = 60
    for (let i = 0; i < students; i++) await ctx.domain.enrolment.enrol((await makeStudent(ctx)).id, course.slug, 'TELEGRAM')
    const [victim] = [await startWorkerProcess(), await startWorkerProcess()]

    const delivery = await ctx.domain.delivery.announce(actor(author), course.id, { body: 'Survives a crash' })
    await until(() => ctx.redis.client.llen(SENT_LIST), (n) => n >= 15, 'some sends to go out')
    victim!.kill('SIGKILL')
    await victim!.exited
    // rows the dead worker (or the live one) held at that instant: the only ones that may go twice
    const inFlight = await ctx.db.prisma.deliveryRecipient.count({ where: { deliveryId: delivery.id, status: 'SENDING' } })
    await startWorkerProcess() // the restart

    // the lease recovery job runs every minute; run it now and again until all is sent
    const done = await until(
      async () => {
        await ctx.domain.delivery.recoverLeases()
        return (await ctx.domain.delivery.progress(actor(author), delivery.id)).counts
      },
      (c) => c.pending === 0,
      'every recipient to be sent',
      60_000,
    )
    expect(done).toMatchObject({ total: students, sent: students, failed: 0 })
    const sent = await ctx.redis.client.lrange(SENT_LIST, 0, -1)
    const perChat = new Map<string, number>()
    for (const s of sent) perChat.set(s, (perChat.get(s) ?? 0) + 1)
    expect(perChat.size).toBe(students)
    const duplicated = sent.length - perChat.size
    expect(duplicated).toBeLessThanOrEqual(inFlight)
  }, 120_000)
})
