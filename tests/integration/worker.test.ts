import { QueueEvents } from 'bullmq'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import { createJobQueue, type JobQueue } from '../../src/jobs/queue'
import { assertAllHandled } from '../../src/jobs/registry'
import { startWorkerRole } from '../../src/jobs/worker'
import type { RunningRole } from '../../src/roles/types'
import { openTestContext, resetData } from '../fixtures/context'
import { makeStudent } from '../fixtures/factories'

let ctx: AppContext
let worker: RunningRole
let jobs: JobQueue
let events: QueueEvents
// the file's own BullMQ prefix, inside its worker's Redis key prefix
const prefix = `${process.env.TEST_REDIS_PREFIX ?? ''}bull`

beforeAll(async () => {
  ctx = await openTestContext()
  await resetData(ctx)
  worker = await startWorkerRole(ctx, { prefix })
  jobs = createJobQueue(ctx.redis, prefix)
  events = new QueueEvents('taskmetrics', { connection: ctx.redis.duplicate({ maxRetriesPerRequest: null, keyPrefix: '' }), prefix })
  await events.waitUntilReady()
})
afterAll(async () => {
  await jobs.queue.obliterate({ force: true })
  await events.close()
  await jobs.close()
  await worker.stop()
  await ctx.close()
})

describe('worker role', () => {
  it('runs an enqueued job through its handler', async () => {
    const student = await makeStudent(ctx)
    const now = Date.now()
    const day = 24 * 3600_000
    await ctx.db.prisma.linkCode.createMany({
      data: [
        { userId: student.id, code: 'EXPIRED2D', expiresAt: new Date(now - 2 * day) },
        { userId: student.id, code: 'EXPIREDNOW', expiresAt: new Date(now - 1000) },
        { userId: student.id, code: 'USED8DAYS', expiresAt: new Date(now - 8 * day), usedAt: new Date(now - 8 * day) },
        { userId: student.id, code: 'USEDTODAY', expiresAt: new Date(now + 60_000), usedAt: new Date(now) },
        { userId: student.id, code: 'LIVECODE', expiresAt: new Date(now + 60_000) },
      ],
    })
    const id = await jobs.enqueue('maintenance.purge-link-codes', {})
    const job = (await jobs.queue.getJob(id))!
    const result = await job.waitUntilFinished(events, 10_000)
    expect(result).toEqual({ deleted: 2 })
    // expired codes go after a day, used ones after a week (a recent reuse is still told "already used")
    const left = await ctx.db.prisma.linkCode.findMany({ select: { code: true }, orderBy: { code: 'asc' } })
    expect(left.map((c) => c.code)).toEqual(['EXPIREDNOW', 'LIVECODE', 'USEDTODAY'])
  })

  it('schedules its recurring jobs once, however many workers start', async () => {
    const second = await startWorkerRole(ctx, { prefix })
    try {
      const schedulers = await jobs.queue.getJobSchedulers()
      expect(schedulers.map((s) => s.key ?? s.id)).toEqual(['maintenance.purge-link-codes'])
    } finally {
      await second.stop()
    }
  })

  it('refuses to start when a declared job has no handler', () => {
    expect(() => assertAllHandled({})).toThrow(/no handler for job\(s\): maintenance.purge-link-codes/)
  })
})
