// The Discord side of course roles: the domain's CourseRoleGateway on the REST
// client (add / remove a member's role), and the hooks that ask the domain
// what to grant (after enrolling, when a member joins a guild, after leaving).
// A role that cannot be given (the bot lacks Manage Roles, the role sits above
// the bot's) is logged and never fails the student's action.
import { type REST, Routes } from 'discord.js'
import type { CourseRoleGateway } from '../../domain/course-roles.service'
import type { Domain } from '../../domain'
import type { Logger } from '../../infra/logger'
import { apiErrorCode } from './messenger'

/** Unknown guild, unknown member, unknown role: nothing to grant or remove. */
const GONE = new Set([10004, 10007, 10011])
/** Missing access / permissions: the server's set-up, not the student's fault. */
const NOT_ALLOWED = new Set([50001, 50013])

export class DiscordRoleGateway implements CourseRoleGateway {
  constructor(
    private readonly rest: REST,
    private readonly log: Logger,
  ) {}

  async grant(guildId: string, userId: string, roleId: string): Promise<boolean> {
    try {
      await this.rest.put(Routes.guildMemberRole(guildId, userId, roleId), { reason: 'TaskMetrics: enrolled in the course' })
      this.log.info({ guildId, userId, roleId }, 'course role granted')
      return true
    } catch (err) {
      return this.tolerate(err, 'grant', { guildId, userId, roleId })
    }
  }

  async revoke(guildId: string, userId: string, roleId: string): Promise<void> {
    try {
      await this.rest.delete(Routes.guildMemberRole(guildId, userId, roleId), { reason: 'TaskMetrics: left the course' })
      this.log.info({ guildId, userId, roleId }, 'course role removed')
    } catch (err) {
      this.tolerate(err, 'revoke', { guildId, userId, roleId })
    }
  }

  private tolerate(err: unknown, what: string, where: Record<string, string>): false {
    const code = apiErrorCode(err)
    if (code !== undefined && GONE.has(code)) return false
    if (code !== undefined && NOT_ALLOWED.has(code)) {
      this.log.warn({ ...where, code }, `cannot ${what} the course role: give the bot Manage Roles and put its role above the course role`)
      return false
    }
    throw err
  }
}

/** Runs a course-role step; a failure is logged, never passed on (the enrolment itself succeeded). */
export async function syncRoles(log: Logger, what: string, step: () => Promise<unknown>): Promise<void> {
  try {
    await step()
  } catch (err) {
    log.warn({ err }, `course roles: ${what} failed`)
  }
}

export type CourseRoles = Domain['courseRoles']
