// Producing jobs: only declared job names with their payload types can be enqueued.
import { Queue } from 'bullmq'
import type { RedisConnections } from '../infra/redis'
import type { JobName, JobPayloads } from './registry'

export const QUEUE_NAME = 'taskmetrics'
/** BullMQ's keys live under the installation's namespace: `<REDIS_PREFIX>bull:taskmetrics:…`. */
export const queuePrefix = (redis: Pick<RedisConnections, 'prefix'>) => `${redis.prefix}bull`

export interface JobQueue {
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts?: { delayMs?: number; jobId?: string }): Promise<string>
  close(): Promise<void>
  readonly queue: Queue
}

export function createJobQueue(redis: RedisConnections, prefix = queuePrefix(redis)): JobQueue {
  // BullMQ keeps its own key prefix and does not support ioredis' keyPrefix
  const queue = new Queue(QUEUE_NAME, {
    connection: redis.duplicate({ maxRetriesPerRequest: null, keyPrefix: '' }),
    prefix,
    defaultJobOptions: { attempts: 3, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 1000, removeOnFail: 5000 },
  })
  return {
    queue,
    async enqueue(name, payload, opts = {}) {
      const job = await queue.add(name, payload, { delay: opts.delayMs, jobId: opts.jobId })
      return job.id!
    },
    close: () => queue.close(),
  }
}
