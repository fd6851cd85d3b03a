// Course roles (issue 7): a course bound to a Discord guild and a role; its
// active students get that role in the guild. The domain decides who gets or
// loses which role and when (enrolment, joining the guild, leaving the
// course); the platform side executes it through the CourseRoleGateway port
// (the Discord bot implements it on its REST client).
import { ForbiddenError, NotFoundError, ValidationError } from './errors'
import type { CourseRepository, EnrollmentRepository, UserRepository } from './ports'
import { isAdmin } from './rules'
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
}

const SNOWFLAKE = /^\d{15,22}$/

export class CourseRolesService {
  constructor(private readonly deps: CourseRolesDeps) {}

  /** Binds a course to a guild's role: only the course's authors (and admins) may. */
  async bind(actor: Actor, courseId: number, guildId: string, roleId: string): Promise<CourseRoleBinding> {
    if (!SNOWFLAKE.test(guildId) || !SNOWFLAKE.test(roleId)) throw new ValidationError('guild and role must be Discord ids')
    const course = await this.deps.courses.findCourseById(courseId)
    if (!course) throw new NotFoundError('Course', { course: courseId })
    const author = isAdmin(actor) || (actor.role === 'AUTHOR' && (await this.deps.courses.isAuthor(course.id, actor.id)))
    if (!author) throw new ForbiddenError('Only the course’s authors can bind it to a role')
    const binding = { courseId: course.id, guildId, roleId }
    await this.deps.courseRoles.bind({ ...binding, boundById: actor.id })
    return binding
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

  private async discordAccount(userId: number): Promise<string | undefined> {
    return (await this.deps.users.listAccounts(userId)).find((a) => a.platform === 'DISCORD')?.externalId
  }
}
