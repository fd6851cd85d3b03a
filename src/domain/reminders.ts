// Reminders' storage port: which courses remind, and the claim that turns the
// students due a reminder into one REMINDER delivery of the ledger.
// src/infra/prisma/reminder.repository.ts implements it.
import type { ModuleSchedule } from './release-schedule'

/** A published course with a reminder period. */
export interface RemindingCourse {
  id: number
  remindAfterDays: number
}

/** One run's reminders of a course: the delivery and its recipient rows still to send. */
export interface ClaimedReminders {
  deliveryId: number
  /** Students claimed (each reminded on each of their bot accounts). */
  students: number
  /** Recipient rows to send (accounts known to be unreachable are recorded as such and not listed). */
  pending: number[]
}

/** An enrolment that may be due a reminder, and the schedule of the module of the student's next lesson (the first one not done). */
export interface DueStudent {
  userId: number
  enrolledAt: Date
  timeZone: string | null
  nextModule: ModuleSchedule
}

export interface ReminderRepository {
  listCourses(): Promise<RemindingCourse[]>
  /**
   * The course's active enrolments with no activity, and no reminder, after
   * `since`, a lesson not done, reminders on and a Telegram or Discord account
   * to reach the student.
   */
  listDue(course: RemindingCourse, since: Date): Promise<DueStudent[]>
  /**
   * In one transaction: claims these students' enrolments (checking again that
   * they had no activity and no reminder after `since`) by setting their last
   * reminder to `now`, and records one REMINDER delivery to the claimed
   * students' bot accounts, already listed. Null when nobody was claimed.
   * Concurrent claims take each enrolment once.
   */
  claimDue(course: RemindingCourse, userIds: number[], now: Date, since: Date): Promise<ClaimedReminders | null>
}
