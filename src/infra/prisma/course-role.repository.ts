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

  async unbind(courseId: number, guildId: string): Promise<boolean> {
    return (await this.db.discordCourseRole.deleteMany({ where: { courseId, guildId } })).count > 0
  }

  listForCourse(courseId: number): Promise<CourseRoleBinding[]> {
    return this.db.discordCourseRole.findMany({ where: { courseId }, select: FIELDS, orderBy: { guildId: 'asc' } })
  }

  listForGuild(guildId: string): Promise<CourseRoleBinding[]> {
    return this.db.discordCourseRole.findMany({ where: { guildId }, select: FIELDS, orderBy: { courseId: 'asc' } })
  }
}
