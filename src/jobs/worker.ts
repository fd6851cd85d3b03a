// The `worker` role: a BullMQ worker for the platform's queue. Several worker
// processes can run at once; BullMQ hands each job to one of them.
import { Worker } from 'bullmq'
import type { AppContext } from '../context'
import type { Messengers } from '../domain/messenger'
import type { RunningRole } from '../roles/types'
import { handlers } from './handlers'
import { createJobQueue, QUEUE_NAME, queuePrefix } from './queue'
import { assertAllHandled, type JobName, SCHEDULES } from './registry'

export interface WorkerRoleOptions {
  concurrency?: number
  prefix?: string
  /** The chat platforms jobs may send to (main.ts builds one per configured bot). */
  messengers?: Messengers
}

export async function startWorkerRole(ctx: AppContext, opts: WorkerRoleOptions = {}): Promise<RunningRole & { worker: Worker }> {
  assertAllHandled(handlers)
  const log = ctx.logger.child({ role: 'worker' })
  const prefix = opts.prefix ?? queuePrefix(ctx.redis)
  const messengers = opts.messengers ?? {}
  const jobs = createJobQueue(ctx.redis, prefix)
  for (const s of SCHEDULES) await jobs.queue.upsertJobScheduler(s.name, { every: s.everyMs }, { name: s.name, data: {} })

  const worker = new Worker(
    QUEUE_NAME,
    async (job) => {
      const handler = handlers[job.name as JobName] as ((p: unknown, c: unknown) => Promise<unknown>) | undefined
      const jobLog = log.child({ job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 })
      if (!handler) throw new Error(`no handler for job ${job.name}`)
      jobLog.debug('job started')
      return handler(job.data, { app: ctx, log: jobLog, messengers })
    },
    { connection: ctx.redis.duplicate({ maxRetriesPerRequest: null, keyPrefix: '' }), prefix, concurrency: opts.concurrency ?? 4, autorun: true },
  )
  worker.on('failed', (job, err) => log.warn({ job: job?.name, jobId: job?.id, err }, 'job failed'))
  worker.on('error', (err) => log.error({ err }, 'worker error'))
  await worker.waitUntilReady()
  log.info({ queue: QUEUE_NAME, schedules: SCHEDULES.map((s) => s.name), platforms: Object.keys(messengers) }, 'worker ready')
  return {
    name: 'worker',
    worker,
    async stop() {
      await worker.close() // waits for running jobs
      await jobs.close()
    },
  }
}
