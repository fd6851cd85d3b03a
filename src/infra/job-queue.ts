// The JobQueue port on BullMQ: one queue per installation (its key prefix,
// inside REDIS_PREFIX, keeps installations apart in a shared Redis). Per-job options (attempts,
// backoff, retention) come from the job catalogue through `optionsFor`.
import { Queue, type JobsOptions } from 'bullmq'
import type { EnqueueOptions, JobName, JobPayloads, JobQueue } from '../domain/jobs'
import type { RedisConnections } from './redis'

export const QUEUE_NAME = 'taskmetrics'
/** BullMQ's keys live under the installation's namespace: `<REDIS_PREFIX>bull:taskmetrics:…`. */
export const queuePrefix = (redis: Pick<RedisConnections, 'prefix'>) => `${redis.prefix}bull`

/** Defaults for a job the catalogue says nothing more about. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { count: 1000, age: 24 * 3600 },
  // failed jobs stay visible (dashboard, logs) for a month
  removeOnFail: { age: 30 * 24 * 3600 },
}

/**
 * The BullMQ job id for an idempotency key. BullMQ refuses ids with ':' and
 * ids that look like integers, so the key is escaped and prefixed by the name.
 */
export function jobIdFor(name: string, key: string): string {
  return `${name}@${key.replace(/%/g, '%25').replace(/:/g, '%3A')}`
}

export class BullJobQueue implements JobQueue {
  private opened: Queue | undefined

  constructor(
    private readonly redis: RedisConnections,
    readonly opts: { prefix?: string; optionsFor?: (name: JobName) => JobsOptions } = {},
  ) {}

  get prefix(): string {
    return this.opts.prefix ?? queuePrefix(this.redis)
  }

  /** The BullMQ queue (opened on first use): for the worker's schedulers and the dashboard. */
  get queue(): Queue {
    // BullMQ keeps its own key prefix and does not support ioredis' keyPrefix
    this.opened ??= new Queue(QUEUE_NAME, {
      connection: this.redis.duplicate({ maxRetriesPerRequest: null, keyPrefix: '' }),
      prefix: this.prefix,
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
    })
    return this.opened
  }

  private jobOptions(name: JobName, key: string | undefined, delayMs?: number): JobsOptions {
    return {
      ...this.opts.optionsFor?.(name),
      ...(key === undefined ? {} : { jobId: jobIdFor(name, key) }),
      ...(delayMs ? { delay: delayMs } : {}),
    }
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts: EnqueueOptions = {}): Promise<string> {
    const job = await this.queue.add(name, payload, this.jobOptions(name, opts.key, opts.delayMs))
    return job.id!
  }

  async enqueueMany<N extends JobName>(name: N, jobs: Array<{ payload: JobPayloads[N]; key?: string; delayMs?: number }>): Promise<string[]> {
    if (!jobs.length) return []
    const added = await this.queue.addBulk(jobs.map((j) => ({ name, data: j.payload, opts: this.jobOptions(name, j.key, j.delayMs) })))
    return added.map((j) => j.id!)
  }

  async close(): Promise<void> {
    await this.opened?.close()
  }
}
