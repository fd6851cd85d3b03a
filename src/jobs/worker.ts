// The `worker` role: a BullMQ worker running the catalogue's jobs. Several
// worker processes can run at once; BullMQ hands each job to one of them.
import { type Job, UnrecoverableError, WaitingError, Worker } from 'bullmq'
import * as v from 'valibot'
import type { ChatAdapter } from '../bridge/ports'
import type { AppContext } from '../context'
import type { CourseRoleGateway } from '../domain/course-roles.service'
import type { Messengers } from '../domain/messenger'
import { QUEUE_NAME } from '../infra/job-queue'
import type { Logger } from '../infra/logger'
import type { Redis } from '../infra/redis'
import { startRelayDelivery } from '../relay'
import type { RunningRole } from '../roles/types'
import { assertAllHandled, definitions, JOB_NAMES } from './catalogue'
import type { JobContext, JobSchedule } from './define'

/**
 * Jobs one worker process runs at once. Most of a send is waiting (the pacer,
 * the platform, PostgreSQL), so slots are cheap; enough of them keep both
 * platforms at their limits (bench/delivery.bench.ts).
 */
export const WORKER_CONCURRENCY = 32

export interface RunningWorker extends RunningRole {
  worker: Worker
  /** The worker's Redis connection (its drop and return re-create the schedules). */
  connection: Redis
  /** Upserts every job scheduler (BullMQ deduplicates them by name). */
  ensureSchedules(): Promise<void>
}

export interface WorkerRoleOptions {
  concurrency?: number
  /** The chat platforms jobs may send to (main.ts builds one per configured bot). */
  messengers?: Messengers
  /** The course chat relay's outbound side per configured bot: the worker delivers queued room messages through them. */
  chatAdapters?: ChatAdapter[]
  /** Discord course roles, when the Discord bot is configured (main.ts builds it on REST). */
  courseRoles?: CourseRoleGateway
}

function repeatOptions(s: JobSchedule) {
  return 'everyMs' in s ? { every: s.everyMs } : { pattern: s.cron, tz: s.tz }
}

async function runJob(ctx: AppContext, tools: Pick<JobContext, 'messengers' | 'chatAdapters' | 'courseRoles'>, log: Logger, stopping: AbortSignal, job: Job, token: string | undefined) {
  const definition = definitions[job.name]
  if (!definition) throw new UnrecoverableError(`unknown job ${job.name}`)
  const attempts = job.opts.attempts ?? 1
  const jobLog = log.child({ job: job.name, jobId: job.id, attempt: job.attemptsMade + 1 })
  const parsed = v.safeParse(definition.payload, job.data)
  if (!parsed.success) {
    jobLog.error({ issues: v.flatten(parsed.issues).nested }, 'malformed job payload; not retried')
    throw new UnrecoverableError(`malformed payload for ${job.name}`)
  }
  jobLog.debug('job started')
  try {
    return await definition.handler(parsed.output, {
      app: ctx,
      log: jobLog,
      ...tools,
      signal: stopping,
      job: { id: job.id!, attempt: job.attemptsMade + 1, lastAttempt: job.attemptsMade + 1 >= attempts },
    })
  } catch (err) {
    if (!stopping.aborted || err !== stopping.reason) throw err
    // stopped while waiting: back to the queue, for another worker, without using an attempt
    await job.moveToWait(token)
    jobLog.info('worker stopping; job returned to the queue')
    throw new WaitingError()
  }
}

/** Why running jobs are aborted when the worker stops. */
class WorkerStopping extends Error {
  constructor() {
    super('the worker is stopping')
    this.name = 'WorkerStopping'
  }
}

export async function startWorkerRole(ctx: AppContext, opts: WorkerRoleOptions = {}): Promise<RunningWorker> {
  assertAllHandled(definitions)
  const log = ctx.logger.child({ role: 'worker' })
  const messengers = opts.messengers ?? {}
  const queue = ctx.jobs.queue
  const schedules = JOB_NAMES.flatMap((name) => {
    const s = definitions[name]!.schedule
    return s ? [{ name, schedule: s }] : []
  })
  const ensureSchedules = async () => {
    for (const { name, schedule } of schedules) await queue.upsertJobScheduler(name, repeatOptions(schedule), { name, data: {} })
  }
  await ensureSchedules()

  const connection: Redis = ctx.redis.duplicate({ maxRetriesPerRequest: null, keyPrefix: '' })
  const chatAdapters = opts.chatAdapters ?? []
  const stopping = new AbortController()
  const worker = new Worker(QUEUE_NAME, (job, token) => runJob(ctx, { messengers, chatAdapters, courseRoles: opts.courseRoles }, log, stopping.signal, job, token), {
    connection,
    prefix: ctx.jobs.prefix,
    concurrency: opts.concurrency ?? WORKER_CONCURRENCY,
    autorun: true,
  })
  worker.on('failed', (job, err) => log.warn({ job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err }, 'job failed'))
  worker.on('error', (err) => log.error({ err }, 'worker error'))
  await worker.waitUntilReady()

  // Redis restarted without its data loses the schedulers: put them back
  // whenever the worker's connection is ready again after a drop.
  let dropped = false
  const onClose = () => {
    dropped = true
  }
  const onReady = () => {
    if (!dropped) return
    dropped = false
    ensureSchedules().then(
      () => log.info({ schedules: schedules.map((s) => s.name) }, 'Redis is back; job schedules re-created'),
      (err) => log.error({ err }, 'could not re-create job schedules after a Redis outage'),
    )
  }
  connection.on('close', onClose)
  connection.on('ready', onReady)

  const relay = chatAdapters.length ? await startRelayDelivery(ctx, chatAdapters) : null

  log.info({ queue: QUEUE_NAME, prefix: ctx.jobs.prefix, schedules: schedules.map((s) => s.name), platforms: Object.keys(messengers), relay: chatAdapters.map((a) => a.platform) }, 'worker ready')
  return {
    name: 'worker',
    worker,
    connection,
    ensureSchedules,
    async stop() {
      connection.off('close', onClose)
      connection.off('ready', onReady)
      // no new jobs; jobs waiting (for the pacer) return to the queue, sends in flight finish;
      // unstarted jobs stay queued for another worker
      const closing = Promise.all([worker.close(), relay?.close()])
      stopping.abort(new WorkerStopping())
      await closing
    },
  }
}
