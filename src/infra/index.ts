// Builds every port implementation from the two outside systems.
import type { DomainPorts } from '../domain'
import { systemClock } from '../domain/ports'
import { RedisCourseEvents, RedisPresence } from './course-events.redis'
import { RedisCourseTreeCache } from './course-tree.cache'
import type { Database } from './database'
import { BullJobQueue } from './job-queue'
import { RedisPacer } from './pacer'
import { argon2Passwords } from './passwords'
import { PrismaAuditLog } from './prisma/audit.repository'
import { PrismaCourseRoleRepository } from './prisma/course-role.repository'
import { PrismaCourseRepository } from './prisma/course.repository'
import { PrismaDeliveryRepository } from './prisma/delivery.repository'
import { PrismaEnrollmentRepository, PrismaProgressRepository } from './prisma/learning.repository'
import { PrismaMetricsRepository } from './prisma/metrics.repository'
import { PrismaModuleReleaseRepository } from './prisma/module-release.repository'
import { PrismaPlatformFileRepository } from './prisma/platform-file.repository'
import { PrismaReminderRepository } from './prisma/reminder.repository'
import { PrismaRoomRepository, PrismaWebAuthRepository } from './prisma/room.repository'
import { PrismaApiTokenRepository, PrismaLinkCodeRepository } from './prisma/token.repository'
import { PrismaUnitOfWork } from './prisma/unit-of-work'
import { PrismaUserRepository } from './prisma/user.repository'
import type { RedisConnections } from './redis'
import type { FileStorage } from '../domain/uploads'

export function createPorts(db: Database, redis: RedisConnections, files: FileStorage, overrides: Partial<DomainPorts> = {}): DomainPorts {
  const prisma = db.prisma
  return {
    users: new PrismaUserRepository(prisma),
    tokens: new PrismaApiTokenRepository(prisma),
    linkCodes: new PrismaLinkCodeRepository(prisma),
    courses: new PrismaCourseRepository(prisma),
    enrollments: new PrismaEnrollmentRepository(prisma),
    progress: new PrismaProgressRepository(prisma),
    metrics: new PrismaMetricsRepository(prisma),
    treeCache: new RedisCourseTreeCache(redis.client, redis.duplicate(), redis.prefix),
    platformFiles: new PrismaPlatformFileRepository(prisma),
    rooms: new PrismaRoomRepository(prisma),
    webAuth: new PrismaWebAuthRepository(prisma),
    audit: new PrismaAuditLog(prisma),
    unitOfWork: new PrismaUnitOfWork(prisma),
    courseRoles: new PrismaCourseRoleRepository(prisma),
    passwords: argon2Passwords,
    files,
    clock: systemClock,
    pacer: new RedisPacer(redis.client),
    deliveries: new PrismaDeliveryRepository(prisma),
    reminders: new PrismaReminderRepository(prisma),
    courseEvents: new RedisCourseEvents(redis.client, () => redis.duplicate(), redis.prefix),
    presence: new RedisPresence(redis.client),
    moduleReleases: new PrismaModuleReleaseRepository(prisma),
    ...overrides,
    jobs: overrides.jobs ?? new BullJobQueue(redis),
  }
}
