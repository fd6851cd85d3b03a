// Drip schedules: the worker's `drip.release` job finds the scheduled modules
// that opened for enrolled students and sends each student a "module open"
// card (with a button to start it) through the delivery ledger, one DRIP
// delivery per module and run. Each (module, student) is recorded once in
// ModuleRelease before anything is sent, so a re-run or a second worker
// never sends it twice; the ledger then sends each row once.
import type { ClaimedRecipient } from './deliveries'
import { richBlock } from './delivery/markup'
import type { MessagePlan } from './delivery/plan'
import { button, noticePlan } from './delivery/plan-builder'
import type { JobQueue } from './jobs'
import type { FlowView } from './learning-flow.service'
import type { Clock, CourseRepository } from './ports'
import { type ModuleSchedule, opensAt } from './release-schedule'

/** A scheduled module of a course a student is actively enrolled in, not recorded as released to them yet. */
export interface ReleaseCandidate extends ModuleSchedule {
  userId: number
  moduleId: number
  courseId: number
  moduleTitle: string
  enrolledAt: Date
  /** The student's time zone (Profile.timezone). */
  timeZone: string
}

export interface ModuleReleaseRepository {
  /**
   * Candidates (active enrolment, published course, scheduled module, no
   * release recorded) whose opening may have come by `horizon` (a coarse
   * filter: the exact time is the domain's), by (userId, moduleId) after `after`.
   */
  listUnreleased(horizon: Date, after: { userId: number; moduleId: number }, limit: number): Promise<ReleaseCandidate[]>
  /**
   * Records releases of one module, each (module, student) once: rows already
   * there are kept. The new rows with `announce` get one DRIP delivery, created
   * in the same transaction (none when no such row was new).
   */
  record(
    module: { id: number; courseId: number; title: string },
    releases: Array<{ userId: number; opensAt: Date; announce: boolean }>,
    at: Date,
  ): Promise<{ deliveryId: number | null; recorded: number }>
}

export interface DripDeps {
  moduleReleases: ModuleReleaseRepository
  courses: Pick<CourseRepository, 'findModule' | 'findCourseById'>
  jobs: JobQueue
  clock: Clock
}

/** Candidates listed per query. */
export const RELEASE_BATCH = 1000
/** Time zones are at most 14 h from UTC: a candidate due within a day of now may have opened. */
const HORIZON_MS = 24 * 3600_000
/**
 * A module that opened longer ago than this (the schedule was set in the
 * past, or the worker was stopped that long) is recorded without a message.
 */
export const ANNOUNCE_WITHIN_MS = 7 * 24 * 3600_000

export class DripService {
  constructor(private readonly deps: DripDeps) {}

  /**
   * Records every module that opened for a student since the last run and
   * queues one DRIP delivery per module. A module already open when the
   * student enrolled is recorded without a message. Safe to run twice at once.
   */
  async releaseDue(): Promise<{ released: number; deliveries: number }> {
    const now = this.deps.clock.now()
    const horizon = new Date(now.getTime() + HORIZON_MS)
    let after = { userId: 0, moduleId: 0 }
    let released = 0
    let deliveries = 0
    for (;;) {
      const batch = await this.deps.moduleReleases.listUnreleased(horizon, after, RELEASE_BATCH)
      if (!batch.length) break
      after = { userId: batch.at(-1)!.userId, moduleId: batch.at(-1)!.moduleId }
      const byModule = new Map<number, { module: { id: number; courseId: number; title: string }; releases: Array<{ userId: number; opensAt: Date; announce: boolean }> }>()
      for (const c of batch) {
        const at = opensAt(c, c.enrolledAt, c.timeZone)
        if (!at || at.getTime() > now.getTime()) continue
        const announce = at.getTime() > c.enrolledAt.getTime() && now.getTime() - at.getTime() <= ANNOUNCE_WITHIN_MS
        const group = byModule.get(c.moduleId) ?? { module: { id: c.moduleId, courseId: c.courseId, title: c.moduleTitle }, releases: [] }
        group.releases.push({ userId: c.userId, opensAt: at, announce })
        byModule.set(c.moduleId, group)
      }
      for (const { module, releases } of byModule.values()) {
        const { deliveryId, recorded } = await this.deps.moduleReleases.record(module, releases, now)
        released += recorded
        if (deliveryId === null) continue
        deliveries++
        await this.deps.jobs.enqueue('delivery.fan-out', { deliveryId }, { key: String(deliveryId) })
      }
      if (batch.length < RELEASE_BATCH) break
    }
    return { released, deliveries }
  }

  /**
   * A DRIP delivery's message, made when it is sent (the delivery ledger's
   * planner): "Module X of course Y is open now" with a button that starts
   * it; null (not sent) when the module or its course is gone or unpublished.
   */
  async planFor(row: Pick<ClaimedRecipient, 'moduleId'>, view: FlowView): Promise<MessagePlan | null> {
    if (row.moduleId === null) return null
    const module = await this.deps.courses.findModule(row.moduleId)
    const course = module && (await this.deps.courses.findCourseById(module.courseId))
    if (!module || !course?.published) return null
    const { t, profile } = view
    const notice = richBlock(t, 'drip-module-open', { module: module.title, course: course.title })
    const start = button(t, 'btn-start-module', { type: 'module', moduleId: module.id })
    return noticePlan([notice], [{ buttons: [start], layout: 'row' }], profile)
  }
}
