// Reminders' storage port: which courses remind, and the claim that turns the
// students due a reminder into one REMINDER delivery of the ledger.
// src/infra/prisma/reminder.repository.ts implements it.

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

export interface ReminderRepository {
  listCourses(): Promise<RemindingCourse[]>
  /**
   * In one transaction: claims the course's active enrolments due a reminder
   * (no activity, and no reminder, after `since`; the course not finished; the
   * student's reminders on; a Telegram or Discord account to reach them) by setting their last reminder to `now`, and records
   * one REMINDER delivery to the claimed students' bot accounts, already listed.
   * Null when nobody is due. Concurrent claims take each enrolment once.
   */
  claimDue(course: RemindingCourse, now: Date, since: Date): Promise<ClaimedReminders | null>
}
