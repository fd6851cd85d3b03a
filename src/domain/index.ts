// Builds the domain services from their ports. The composition root and tests call this.
import { AccountsService, type PasswordHasher } from './accounts.service'
import { AuthoringService } from './authoring.service'
import { CatalogService } from './catalog.service'
import { EnrolmentService } from './enrolment.service'
import type { DeliveryRepository } from './deliveries'
import { DeliveryService } from './delivery.service'
import type { JobQueue } from './jobs'
import type { NoticeMessenger } from './messenger'
import type { Pacer } from './pacing'
import { MetricsService } from './metrics.service'
import { PlatformFilesService } from './platform-files.service'
import type {
  ApiTokenRepository, AuditLog, Clock, CourseRepository, CourseTreeCache, EnrollmentRepository,
  LinkCodeRepository, MetricsRepository, PlatformFileRepository, ProgressRepository, UserRepository,
} from './ports'
import { ProgressService } from './progress.service'
import type { FileStorage } from './uploads'

export interface DomainPorts {
  users: UserRepository
  tokens: ApiTokenRepository
  linkCodes: LinkCodeRepository
  courses: CourseRepository
  enrollments: EnrollmentRepository
  progress: ProgressRepository
  metrics: MetricsRepository
  treeCache: CourseTreeCache
  platformFiles: PlatformFileRepository
  audit: AuditLog
  passwords: PasswordHasher
  files: FileStorage
  clock: Clock
  /** Background work (the job catalogue's jobs). */
  jobs: JobQueue
  /** Send pacing shared by every process (platform rate limits). */
  pacer: Pacer
  deliveries: DeliveryRepository
  /** Sends notices to users' chats (the bots' clients; `noMessenger` where none runs). */
  messenger: NoticeMessenger
}

export interface Domain {
  accounts: AccountsService
  catalog: CatalogService
  enrolment: EnrolmentService
  progress: ProgressService
  authoring: AuthoringService
  platformFiles: PlatformFilesService
  metrics: MetricsService
  delivery: DeliveryService
}

export function createDomain(ports: DomainPorts): Domain {
  const catalog = new CatalogService(ports)
  return {
    accounts: new AccountsService(ports),
    catalog,
    enrolment: new EnrolmentService(ports),
    progress: new ProgressService({ ...ports, catalog }),
    authoring: new AuthoringService(ports),
    platformFiles: new PlatformFilesService(ports),
    metrics: new MetricsService(ports),
    delivery: new DeliveryService(ports),
  }
}

export * from './errors'
export type * from './types'
export type * from './inputs'
export type { ClaimedRecipient, Delivery, DeliveryCounts, DeliveryKind, DeliveryStatus, RecipientStatus } from './deliveries'
export { type Notice, type NoticeMessenger, type NoticeResult, PlatformRateLimitedError } from './messenger'
export type { PaceDecision, PacedPlatform, PaceRequest, Pacer } from './pacing'
export type { EnqueueOptions, JobName, JobPayloads, JobQueue } from './jobs'
export type { DomainPorts as Ports }
