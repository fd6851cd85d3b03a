import { QueueEvents } from 'bullmq'
import * as v from 'valibot'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import { QUEUE_NAME } from '../../src/infra/job-queue'
import { assertAllHandled } from '../../src/jobs/catalogue'
import { type RunningWorker, startWorkerRole } from '../../src/jobs/worker'
import { openTestContext, resetData } from '../fixtures/context'
import { until } from '../fixtures/until'
import { makeStudent } from '../fixtures/factories'

let ctx: AppContext
let worker: RunningWorker
let events: QueueEvents

beforeAll(async () => {
  ctx = await openTestContext()
  await resetData(ctx)
  worker = await startWorkerRole(ctx)
  // the purge's schedule runs it once at start: let that run finish, so the run
  // the first test enqueues is the one that meets the test's codes
  await until(() => ctx.jobs.queue.getCompleted(), (done) => done.some((j) => j.name === 'maintenance.purge-link-codes'), 'the scheduled purge to run once')
  events = new QueueEvents(QUEUE_NAME, { connection: ctx.redis.duplicate({ maxRetriesPerRequest: null, keyPrefix: '' }), prefix: ctx.jobs.prefix })
  await events.waitUntilReady()
})
afterAll(async () => {
  await worker.stop()
  await ctx.jobs.queue.obliterate({ force: true })
  await events.close()
  await ctx.close()
})

describe('worker role', () => {
  it('runs a job enqueued through the domain port', async () => {
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
    const id = await ctx.ports.jobs.enqueue('maintenance.purge-link-codes', {})
    const job = (await ctx.jobs.queue.getJob(id))!
    const result = await job.waitUntilFinished(events, 10_000)
    expect(result).toEqual({ deleted: 2 })
    // expired codes go after a day, used ones after a week (a recent reuse is still told "already used")
    const left = await ctx.db.prisma.linkCode.findMany({ select: { code: true }, orderBy: { code: 'asc' } })
    expect(left.map((c) => c.code)).toEqual(['EXPIREDNOW', 'LIVECODE', 'USEDTODAY'])
  })

  it('adds a job once per idempotency key, even a key with colons', async () => {
    const first = await ctx.ports.jobs.enqueue('maintenance.purge-link-codes', {}, { key: 'nightly:2026-11-29', delayMs: 3600_000 })
    const again = await ctx.ports.jobs.enqueue('maintenance.purge-link-codes', {}, { key: 'nightly:2026-11-29', delayMs: 3600_000 })
    const many = await ctx.ports.jobs.enqueueMany('maintenance.purge-link-codes', [{ payload: {}, key: 'nightly:2026-11-29' }, { payload: {}, key: 'other' }])
    expect(again).toBe(first)
    expect(many[0]).toBe(first)
    expect(many[1]).not.toBe(first)
    const delayed = (await ctx.jobs.queue.getDelayed()).filter((j) => !j.id!.startsWith('repeat:'))
    expect(delayed.map((j) => j.id)).toEqual([first])
    await delayed[0]!.remove()
    await (await ctx.jobs.queue.getJob(many[1]!))!.waitUntilFinished(events, 10_000)
  })

  it('keeps a job with a malformed payload as failed, without retrying it', async () => {
    // a producer outside TypeScript (or an old release) sends a payload the schema refuses
    const job = await ctx.jobs.queue.add('maintenance.purge-link-codes', 'not an object' as never)
    await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow(/malformed payload/)
    const failed = await ctx.jobs.queue.getFailed()
    const kept = failed.find((j) => j.id === job.id)!
    expect(kept.attemptsMade).toBe(1)
    expect(kept.failedReason).toMatch(/malformed payload for maintenance.purge-link-codes/)
  })

  it('schedules its recurring jobs once, however many workers start', async () => {
    const second = await startWorkerRole(ctx)
    try {
      const schedulers = await ctx.jobs.queue.getJobSchedulers()
      expect(schedulers.map((s) => s.key ?? s.id).sort()).toEqual(['delivery.recover-leases', 'drip.release', 'maintenance.purge-link-codes', 'reminders.run'])
    } finally {
      await second.stop()
    }
  })

  it('re-creates its schedules when its Redis connection comes back', async () => {
    // Redis restarted without its data: the scheduler is gone and the worker's connection dropped
    for (const s of await ctx.jobs.queue.getJobSchedulers()) await ctx.jobs.queue.removeJobScheduler(s.key ?? s.id!)
    expect(await ctx.jobs.queue.getJobSchedulers()).toEqual([])
    const id = await worker.connection.client('ID')
    await ctx.redis.client.client('KILL', 'ID', String(id))
    const schedulers = await until(() => ctx.jobs.queue.getJobSchedulers(), (s) => s.length === 4, 'the schedulers to be back')
    expect(schedulers.map((s) => s.key ?? s.id).sort()).toEqual(['delivery.recover-leases', 'drip.release', 'maintenance.purge-link-codes', 'reminders.run'])
  })

  it('refuses to start when a declared job has no handler', () => {
    expect(() => assertAllHandled({ 'maintenance.purge-link-codes': { payload: v.object({}) } })).toThrow(
      /no handler for job\(s\): maintenance.purge-link-codes/,
    )
  })
})
