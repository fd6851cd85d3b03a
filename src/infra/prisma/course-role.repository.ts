// Discord course roles (DiscordCourseRole table).
import type { CourseRoleBinding, CourseRoleRepository } from '../../domain/course-roles.service'
import type { Prisma } from '../database'

const FIELDS = { courseId: true, guildId: true, roleId: true } as const

export class PrismaCourseRoleRepository implements CourseRoleRepository {
  constructor(private readonly db: Prisma) {}

  async bind(b: CourseRoleBinding & { boundById: number | null }): Promise<void> {
    await this.db.discordCourseRole.upsert({
      where: { courseId_guildId: { courseId: b.courseId, guildId: b.guildId } },
      update: { roleId: b.roleId, boundById: b.boundById },
      create: b,
    })
  }

  listForCourse(courseId: number): Promise<CourseRoleBinding[]> {
    return this.db.discordCourseRole.findMany({ where: { courseId }, select: FIELDS })
  }

  listForGuild(guildId: string): Promise<CourseRoleBinding[]> {
    return this.db.discordCourseRole.findMany({ where: { guildId }, select: FIELDS, orderBy: { courseId: 'asc' } })
  }
}
