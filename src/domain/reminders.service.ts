// Reminders of unfinished courses. A course may set a period of N days
// (Course.remindAfterDays); a scheduled job (src/jobs/catalogue.ts) runs
// `run()`, which claims, per course, the active enrolments whose student has
// done nothing in it for N days, has a next lesson in a module that is open
// (drip schedules: a student who did every lesson released so far has nothing
// to continue), has not turned reminders off, has a bot account and was not
// reminded in the last N days, and records them as one
// REMINDER delivery of the ledger; the ledger sends each recipient once under
// the shared pacer, asking `planFor` for the message (built at send time, in
// the student's language, from their progress then). Students turn reminders
// off with the message's button or a bot command.
import type { ClaimedRecipient } from './deliveries'
import type { MessagePlan } from './delivery/plan'
import { reminderPlan } from './delivery/reminder'
import type { JobQueue } from './jobs'
import type { FlowView } from './learning-flow.service'
import type { Clock, CourseRepository, EnrollmentRepository, UserRepository } from './ports'
import type { ProgressService } from './progress.service'
import type { ReminderRepository } from './reminders'
import { lockedUntil, safeTimeZone } from './release-schedule'
import type { ReleaseService } from './release.service'

const DAY_MS = 24 * 3600_000
/** Sends queued per round trip. */
const ENQUEUE_BATCH = 500

export interface RemindersDeps {
  reminders: ReminderRepository
  courses: Pick<CourseRepository, 'findCourseById' | 'findModule'>
  releases: Pick<ReleaseService, 'locks'>
  enrollments: Pick<EnrollmentRepository, 'find'>
  users: Pick<UserRepository, 'findById' | 'updateProfile'>
  progress: Pick<ProgressService, 'forCourse'>
  jobs: JobQueue
  clock: Clock
}

export interface ReminderRun {
  /** Courses with a reminder period. */
  courses: number
  /** Deliveries recorded (one per course with students due). */
  deliveries: number
  students: number
  queued: number
}

export class RemindersService {
  constructor(private readonly deps: RemindersDeps) {}

  /** Records and queues this run's reminders. Safe to run in several workers at once: each enrolment is claimed once per period. */
  async run(): Promise<ReminderRun> {
    const { reminders, jobs, clock } = this.deps
    const now = clock.now()
    const courses = await reminders.listCourses()
    const result: ReminderRun = { courses: courses.length, deliveries: 0, students: 0, queued: 0 }
    for (const course of courses) {
      const since = new Date(now.getTime() - course.remindAfterDays * DAY_MS)
      // nothing to continue while the next lesson's module is still locked (drip schedule)
      const due = (await reminders.listDue(course, since)).filter((s) => !lockedUntil(s.nextModule, s.enrolledAt, safeTimeZone(s.timeZone), now))
      const claimed = await reminders.claimDue(course, due.map((s) => s.userId), now, since)
      if (!claimed) continue
      result.deliveries++
      result.students += claimed.students
      for (let i = 0; i < claimed.pending.length; i += ENQUEUE_BATCH) {
        const batch = claimed.pending.slice(i, i + ENQUEUE_BATCH)
        await jobs.enqueueMany('delivery.send', batch.map((recipientId) => ({ payload: { recipientId }, key: `${claimed.deliveryId}:${recipientId}` })))
      }
      result.queued += claimed.pending.length
    }
    return result
  }

  /**
   * The reminder for one claimed recipient, as it stands now; null when it is
   * no longer due (the course finished or stopped reminding, the student left,
   * turned reminders off or finished meanwhile, or the next lesson's module is
   * locked).
   */
  async planFor(row: Pick<ClaimedRecipient, 'userId' | 'courseId'>, view: FlowView): Promise<MessagePlan | null> {
    const [course, enrolment, user] = await Promise.all([
      this.deps.courses.findCourseById(row.courseId),
      this.deps.enrollments.find(row.userId, row.courseId),
      this.deps.users.findById(row.userId),
    ])
    if (!course?.published || course.remindAfterDays === null || enrolment?.status !== 'ACTIVE' || user?.profile?.reminders === false) return null
    const progress = await this.deps.progress.forCourse(row.userId, row.courseId)
    if (progress.next && (await this.locked(row.userId, row.courseId, progress.next.moduleId))) return null
    return reminderPlan(progress, view.profile, view.t)
  }

  /** Whether the module is still locked for the student by its drip schedule. */
  private async locked(userId: number, courseId: number, moduleId: number): Promise<boolean> {
    const module = await this.deps.courses.findModule(moduleId)
    if (!module) return false
    return (await this.deps.releases.locks({ id: userId, role: 'STUDENT' }, courseId, [module], false)).size > 0
  }

  /** Whether the student gets reminders (on unless turned off). */
  async enabled(userId: number): Promise<boolean> {
    return (await this.deps.users.findById(userId))?.profile?.reminders ?? true
  }

  /** Turns the student's reminders on or off (every course, every platform). */
  async setEnabled(userId: number, enabled: boolean): Promise<void> {
    await this.deps.users.updateProfile(userId, { reminders: enabled })
  }
}
