// Course roles (issue 7): a course bound to a Discord guild and a role; its
// active students get that role in the guild. The domain decides who gets or
// loses which role and when (enrolment, joining the guild, leaving the
// course); the platform side executes it through the CourseRoleGateway port
// (the Discord bot implements it on its REST client).
import { ForbiddenError, NotFoundError, ValidationError } from './errors'
import type { DeliveryRepository } from './deliveries'
import type { JobQueue } from './jobs'
import type { CourseRepository, EnrollmentRepository, UserRepository } from './ports'
import { mayEditCourseById } from './access'
import type { Actor } from './types'

export interface CourseRoleBinding {
  courseId: number
  guildId: string
  roleId: string
}

/** Stored bindings: one role per (course, guild). */
export interface CourseRoleRepository {
  /** Creates or replaces the course's role in that guild. */
  bind(binding: CourseRoleBinding & { boundById: number | null }): Promise<void>
  /** Removes the course's role in that guild; false when there was none. */
  unbind(courseId: number, guildId: string): Promise<boolean>
  listForCourse(courseId: number): Promise<CourseRoleBinding[]>
  listForGuild(guildId: string): Promise<CourseRoleBinding[]>
}

/** Grants and removes guild roles on the platform (Discord). */
export interface CourseRoleGateway {
  /** Gives the member the role; false when the user is not a member of the guild (nothing to do until they join). */
  grant(guildId: string, platformUserId: string, roleId: string): Promise<boolean>
  /** Takes the role away (a member who left the guild is fine). */
  revoke(guildId: string, platformUserId: string, roleId: string): Promise<void>
}

export interface CourseRolesDeps {
  courseRoles: CourseRoleRepository
  courses: CourseRepository
  enrollments: EnrollmentRepository
  users: UserRepository
  /** A new binding's existing students get the role in the background ('course-roles.backfill'). */
  jobs: JobQueue
  /** The course's active students with their bot accounts (the backfill pages through them). */
  deliveries: Pick<DeliveryRepository, 'listAudience'>
}

/** Students per page of a backfill. */
const BACKFILL_PAGE = 200

const SNOWFLAKE = /^\d{15,22}$/

function requireSnowflake(id: string, field: string, what: string): void {
  if (!SNOWFLAKE.test(id)) throw new ValidationError(`the ${what} id must be a Discord id: 15 to 22 digits (Discord: right-click it, Copy ID)`, { field, reason: 'discordId' })
}

export class CourseRolesService {
  constructor(private readonly deps: CourseRolesDeps) {}

  /** Binds a course to a guild's role: only the course's authors (and admins) may. */
  async bind(actor: Actor, courseId: number, guildId: string, roleId: string): Promise<CourseRoleBinding> {
    const course = await this.requireEditor(actor, courseId, 'bind it to a role')
    requireSnowflake(guildId, 'guildId', 'server (guild)')
    requireSnowflake(roleId, 'roleId', 'role')
    const binding = { courseId: course.id, guildId, roleId }
    await this.deps.courseRoles.bind({ ...binding, boundById: actor.id })
    await this.deps.jobs.enqueue('course-roles.backfill', { courseId: course.id, guildId })
    return binding
  }

  /** Removes the course's role in a guild (its students keep a role already given): the course's authors (and admins). */
  async unbind(actor: Actor, courseId: number, guildId: string): Promise<boolean> {
    const course = await this.requireEditor(actor, courseId, 'unbind its role')
    requireSnowflake(guildId, 'guildId', 'server (guild)')
    return this.deps.courseRoles.unbind(course.id, guildId)
  }

  /** The course's bindings, for its authors (and admins). */
  async bindingsOf(actor: Actor, courseId: number): Promise<CourseRoleBinding[]> {
    const course = await this.requireEditor(actor, courseId, 'see its roles')
    return this.deps.courseRoles.listForCourse(course.id)
  }

  private async requireEditor(actor: Actor, courseId: number, what: string): Promise<{ id: number }> {
    const course = await this.deps.courses.findCourseById(courseId)
    if (!course) throw new NotFoundError('Course', { course: courseId })
    if (!(await mayEditCourseById(actor, () => this.deps.courses.isAuthor(course.id, actor.id)))) throw new ForbiddenError(`Only the course’s authors can ${what}`, { reason: 'onlyAuthorsRoles' })
    return course
  }

  /** After an enrolment: the student's Discord account gets the course's roles in the guilds they are in. */
  async onEnrolled(userId: number, courseId: number, gateway: CourseRoleGateway): Promise<number> {
    const account = await this.discordAccount(userId)
    if (!account) return 0
    let granted = 0
    for (const b of await this.deps.courseRoles.listForCourse(courseId)) if (await gateway.grant(b.guildId, account, b.roleId)) granted++
    return granted
  }

  /** A member joined a guild: the roles of the courses they are actively enrolled in. */
  async onMemberJoined(guildId: string, discordUserId: string, gateway: CourseRoleGateway): Promise<number> {
    const bindings = await this.deps.courseRoles.listForGuild(guildId)
    if (bindings.length === 0) return 0
    const user = await this.deps.users.findByPlatform('DISCORD', discordUserId)
    if (!user) return 0
    let granted = 0
    for (const b of bindings) {
      const enrollment = await this.deps.enrollments.find(user.id, b.courseId)
      if (enrollment?.status === 'ACTIVE' && (await gateway.grant(guildId, discordUserId, b.roleId))) granted++
    }
    return granted
  }

  /** After leaving a course: its roles are taken away. */
  async onLeft(userId: number, courseId: number, gateway: CourseRoleGateway): Promise<void> {
    const account = await this.discordAccount(userId)
    if (!account) return
    for (const b of await this.deps.courseRoles.listForCourse(courseId)) await gateway.revoke(b.guildId, account, b.roleId)
  }

  /**
   * After an enrolment changed, on any platform (the 'course-roles.sync' job):
   * an active student gets the course's roles, anyone else loses them.
   */
  async sync(userId: number, courseId: number, gateway: CourseRoleGateway): Promise<'granted' | 'revoked'> {
    const enrollment = await this.deps.enrollments.find(userId, courseId)
    if (enrollment?.status === 'ACTIVE') {
      await this.onEnrolled(userId, courseId, gateway)
      return 'granted'
    }
    await this.onLeft(userId, courseId, gateway)
    return 'revoked'
  }

  /** A course newly bound to a guild's role: its active students with a Discord account get it (members of the guild). */
  async backfill(courseId: number, guildId: string, gateway: CourseRoleGateway): Promise<{ granted: number; students: number }> {
    const binding = (await this.deps.courseRoles.listForCourse(courseId)).find((b) => b.guildId === guildId)
    if (!binding) return { granted: 0, students: 0 } // unbound meanwhile
    let granted = 0
    let students = 0
    for (let after = 0; ; ) {
      const page = await this.deps.deliveries.listAudience(courseId, after, BACKFILL_PAGE)
      for (const member of page) {
        students++
        const account = member.accounts.find((a) => a.platform === 'DISCORD')
        if (account && (await gateway.grant(guildId, account.externalId, binding.roleId))) granted++
      }
      if (page.length < BACKFILL_PAGE) return { granted, students }
      after = page[page.length - 1]!.userId
    }
  }

  private async discordAccount(userId: number): Promise<string | undefined> {
    return (await this.deps.users.listAccounts(userId)).find((a) => a.platform === 'DISCORD')?.externalId
  }
}
