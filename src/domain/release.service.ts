// Which modules of a course are still locked for a student by their drip
// schedule (release-schedule.ts), in the student's time zone and by the domain
// clock. The course's authors and admins see every module open.
import { pickLocale } from './accounts.service'
import { ModuleLockedError } from './errors'
import type { Clock, EnrollmentRepository, UserRepository } from './ports'
import { hasSchedule, lockedUntil, type ModuleSchedule, safeTimeZone } from './release-schedule'
import type { Actor, Module } from './types'

export interface ModuleLock {
  moduleId: number
  opensAt: Date
}

export interface ReleaseDeps {
  enrollments: Pick<EnrollmentRepository, 'find'>
  users: Pick<UserRepository, 'findById'>
  clock: Clock
}

type Scheduled = Pick<Module, 'id' | 'title'> & ModuleSchedule

export class ReleaseService {
  constructor(private readonly deps: ReleaseDeps) {}

  /**
   * The locked ones among the course's modules for this student (none for a
   * student not enrolled: other rules refuse them). `staff`: the viewer
   * authors the course (nothing is locked for them).
   */
  async locks(viewer: Actor, courseId: number, modules: readonly Scheduled[], staff: boolean): Promise<Map<number, ModuleLock>> {
    const locks = new Map<number, ModuleLock>()
    const scheduled = modules.filter(hasSchedule)
    if (staff || !scheduled.length) return locks
    const student = await this.student(viewer.id, courseId)
    if (!student) return locks
    const now = this.deps.clock.now()
    for (const m of scheduled) {
      const opensAt = lockedUntil(m, student.enrolledAt, student.timeZone, now)
      if (opensAt) locks.set(m.id, { moduleId: m.id, opensAt })
    }
    return locks
  }

  /** Throws ModuleLockedError when the module is not open yet for this student. */
  async assertOpen(viewer: Actor, module: Scheduled & Pick<Module, 'courseId'>, staff: boolean): Promise<void> {
    if (staff || !hasSchedule(module)) return
    const student = await this.student(viewer.id, module.courseId)
    if (!student) return
    const opensAt = lockedUntil(module, student.enrolledAt, student.timeZone, this.deps.clock.now())
    if (opensAt) throw new ModuleLockedError({ id: module.id, courseId: module.courseId, title: module.title }, opensAt, student.timeZone, student.locale)
  }

  private async student(userId: number, courseId: number) {
    const enrollment = await this.deps.enrollments.find(userId, courseId)
    if (!enrollment || enrollment.status !== 'ACTIVE') return null
    const profile = (await this.deps.users.findById(userId))?.profile
    return { enrolledAt: enrollment.enrolledAt, timeZone: safeTimeZone(profile?.timezone), locale: pickLocale(profile?.locale) }
  }
}
