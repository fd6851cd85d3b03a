// Enrolling in published courses. Enrol and unenrol are idempotent. Leaving a
// course queues `rooms.left-course`: the worker takes the student out of the
// course's chat groups (the platforms' adapters do it; the domain knows none).
import { NotFoundError } from './errors'
import type { JobQueue } from './jobs'
import type { CourseRepository, EnrollmentRepository } from './ports'
import type { Course, CourseSummary, Enrollment, Platform } from './types'

export interface EnrolmentDeps {
  courses: CourseRepository
  enrollments: EnrollmentRepository
  /**
   * Background work after an enrolment changes (absent in code that needs
   * none): 'course-roles.sync' (the Discord course roles follow every change,
   * from any platform or the API) and, after leaving, 'rooms.left-course'.
   */
  jobs?: Pick<JobQueue, 'enqueue'>
}

export class EnrolmentService {
  constructor(private readonly deps: EnrolmentDeps) {}

  async enrol(userId: number, courseSlug: string, source: Platform | null = null): Promise<{ course: Course; enrollment: Enrollment; created: boolean }> {
    const course = await this.deps.courses.findCourseBySlug(courseSlug)
    // a draft is answered like a course that does not exist
    if (!course || !course.published) throw new NotFoundError('Course', { course: courseSlug })
    const { enrollment, created } = await this.deps.enrollments.activate(userId, course.id, source)
    await this.deps.jobs?.enqueue('course-roles.sync', { userId, courseId: course.id })
    return { course, enrollment, created }
  }

  async unenrol(userId: number, courseSlug: string): Promise<void> {
    const course = await this.deps.courses.findCourseBySlug(courseSlug)
    if (!course) throw new NotFoundError('Course', { course: courseSlug })
    await this.deps.enrollments.deactivate(userId, course.id)
    await this.deps.jobs?.enqueue('rooms.left-course', { userId, courseId: course.id })
    await this.deps.jobs?.enqueue('course-roles.sync', { userId, courseId: course.id })
  }

  async isEnrolled(userId: number, courseId: number): Promise<boolean> {
    const e = await this.deps.enrollments.find(userId, courseId)
    return e?.status === 'ACTIVE'
  }

  myCourses(userId: number): Promise<CourseSummary[]> {
    return this.deps.enrollments.listActiveCourses(userId)
  }
}
