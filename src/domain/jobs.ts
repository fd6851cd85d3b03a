// The JobQueue port: any service (domain, api, admin, bots) enqueues background
// work through it. The payload of each job is declared once, in the job
// catalogue (src/jobs/catalogue.ts), which adds its entries to `JobPayloads`
// below by declaration merging; the domain itself imports no queue library.

/** Payload of every job, by name (filled in by src/jobs/catalogue.ts). */
// biome-ignore lint/suspicious/noEmptyInterface: extended by declaration merging
export interface JobPayloads {}

export type JobName = keyof JobPayloads

export interface EnqueueOptions {
  /**
   * Idempotency key: enqueueing the same job name with the same key again,
   * while the first is still kept by the queue, adds nothing and returns the
   * first job's id.
   */
  key?: string
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number
}

export interface JobQueue {
  /** Adds one job; returns its id. */
  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], opts?: EnqueueOptions): Promise<string>
  /** Adds many jobs of one name in one round trip; returns their ids in order. */
  enqueueMany<N extends JobName>(name: N, jobs: Array<{ payload: JobPayloads[N]; key?: string; delayMs?: number }>): Promise<string[]>
}
