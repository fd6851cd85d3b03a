// Background jobs: name -> payload type -> handler. The worker refuses to start
// if a declared job has no handler, and producers can only enqueue declared names.
import type { AppContext } from '../context'
import type { MessagingPlatform } from '../domain/delivery/profile'
import type { Messengers } from '../domain/messenger'
import type { Logger } from '../infra/logger'

/** Every job the platform knows, with its payload. */
export interface JobPayloads {
  'maintenance.purge-link-codes': Record<string, never>
  /** Sends one lesson to a student's private chat on a platform (no incoming update). */
  'lesson.send': { userId: number; contentId: number; platform: MessagingPlatform }
}

export type JobName = keyof JobPayloads

export interface JobContext {
  app: AppContext
  log: Logger
  /** The chat platforms this worker can send to (those configured). */
  messengers: Messengers
}

export type JobHandler<N extends JobName> = (payload: JobPayloads[N], ctx: JobContext) => Promise<unknown>

export type JobHandlers = { [N in JobName]: JobHandler<N> }

export const JOB_NAMES: readonly JobName[] = ['maintenance.purge-link-codes', 'lesson.send']

/** Recurring jobs the worker schedules (BullMQ job schedulers, deduplicated by id). */
export const SCHEDULES: Array<{ name: JobName; everyMs: number }> = [{ name: 'maintenance.purge-link-codes', everyMs: 60 * 60 * 1000 }]

export function assertAllHandled(handlers: Partial<Record<string, unknown>>): asserts handlers is JobHandlers {
  const missing = JOB_NAMES.filter((n) => typeof handlers[n] !== 'function')
  if (missing.length) throw new Error(`no handler for job(s): ${missing.join(', ')}`)
}
