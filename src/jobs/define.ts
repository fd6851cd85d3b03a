// What one job declaration holds. The catalogue (catalogue.ts) is a record of
// these; the worker, the producers' payload types and the schedules derive from it.
import type * as v from 'valibot'
import type { ChatAdapter } from '../bridge/ports'
import type { AppContext } from '../context'
import type { CourseRoleGateway } from '../domain/course-roles.service'
import type { Messengers } from '../domain/messenger'
import type { Logger } from '../infra/logger'

export interface JobContext {
  app: AppContext
  log: Logger
  /** The chat platforms this worker can send to (those configured). */
  messengers: Messengers
  /** The course chat relay's adapters of the configured chat platforms. */
  chatAdapters: ChatAdapter[]
  /** Discord course roles (grant / remove), when the Discord bot is configured. */
  courseRoles?: CourseRoleGateway
  /**
   * Aborted when the worker stops: a job still waiting (for the pacer) gives
   * its work back and the job returns to the queue for another worker.
   */
  signal: AbortSignal
  job: {
    id: string
    /** 1 on the first run. */
    attempt: number
    /** Whether a failure now is final (no retry follows). */
    lastAttempt: boolean
  }
}

export interface JobOptions {
  /** Runs before the job counts as failed (default 5). */
  attempts?: number
  /** First retry delay; each next one doubles (default 1 s). */
  backoffMs?: number
  /** Completed jobs kept (the newest; default 1000, at most a day). */
  keepCompleted?: number
}

export type JobSchedule = { everyMs: number } | { cron: string; tz?: string }

export interface JobDefinition<S extends v.GenericSchema = v.GenericSchema> {
  /** Checked before the handler runs; a malformed payload fails at once, without retries. */
  payload: S
  handler: (payload: v.InferOutput<S>, ctx: JobContext) => Promise<unknown>
  options?: JobOptions
  /** Recurring: the worker keeps one BullMQ job scheduler for it (payload `{}`). */
  schedule?: JobSchedule
}

/** A declaration with its payload type erased (the worker's view of the catalogue). */
// biome-ignore lint/suspicious/noExplicitAny: the payload was checked against the schema
export type AnyJobDefinition = Omit<JobDefinition, 'handler'> & { handler: (payload: any, ctx: JobContext) => Promise<unknown> }

/** Declares a job; the identity function that lets TypeScript infer the payload from the schema. */
export function defineJob<S extends v.GenericSchema>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition
}
