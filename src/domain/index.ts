// Builds the domain services from their ports. The composition root and tests call this.
import { AccountsService, type PasswordHasher } from './accounts.service'
import { AuthoringService } from './authoring.service'
import { CatalogService } from './catalog.service'
import { CoAuthoringService } from './co-authoring.service'
import type { CourseEvents, PresenceRegistry } from './course-events'
import { EnrolmentService } from './enrolment.service'
import type { DeliveryRepository } from './deliveries'
import { DeliveryService } from './delivery.service'
import { DripService, type ModuleReleaseRepository } from './drip.service'
import type { JobQueue } from './jobs'
import { type CourseRoleRepository, CourseRolesService } from './course-roles.service'
import { LearningFlowService } from './learning-flow.service'
import type { Pacer } from './pacing'
import { MetricsService } from './metrics.service'
import { PlatformFilesService } from './platform-files.service'
import type {
  ApiTokenRepository, AuditLog, Clock, CourseRepository, CourseTreeCache, EnrollmentRepository,
  LinkCodeRepository, MetricsRepository, PlatformFileRepository, ProgressRepository, UnitOfWork, UserRepository,
} from './ports'
import { ProgressService } from './progress.service'
import { ReachService } from './reach.service'
import { ReleaseService } from './release.service'
import type { ReminderRepository } from './reminders'
import { RemindersService } from './reminders.service'
import type { RoomRepository, WebAuthRepository } from './rooms.ports'
import { RoomsService } from './rooms.service'
import { WebSignInService } from './web-sign-in.service'
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
  rooms: RoomRepository
  webAuth: WebAuthRepository
  audit: AuditLog
  unitOfWork: UnitOfWork
  passwords: PasswordHasher
  files: FileStorage
  clock: Clock
  /** Background work (the job catalogue's jobs). */
  jobs: JobQueue
  /** Send pacing shared by every process (platform rate limits). */
  pacer: Pacer
  deliveries: DeliveryRepository
  /** Reminders of unfinished courses: who is due, claimed into the ledger. */
  reminders: ReminderRepository
  /** Discord course roles (issue 7). */
  courseRoles: CourseRoleRepository
  /** Live co-authoring: course change events and who has a course open. */
  courseEvents: CourseEvents
  presence: PresenceRegistry
  /** Drip modules released to students (each once). */
  moduleReleases: ModuleReleaseRepository
}

export interface Domain {
  accounts: AccountsService
  catalog: CatalogService
  enrolment: EnrolmentService
  progress: ProgressService
  authoring: AuthoringService
  platformFiles: PlatformFilesService
  metrics: MetricsService
  rooms: RoomsService
  webSignIn: WebSignInService
  /** What a student sees next, on any platform (lesson plans, course end, quiz verdicts). */
  flow: LearningFlowService
  /** A user's chat on a platform, for sending without an incoming update. */
  reach: ReachService
  /** Announcements, drip modules (later reminders) through the delivery ledger. */
  delivery: DeliveryService
  /** Drip schedules: releasing scheduled modules to students. */
  drip: DripService
  /** Reminders of unfinished courses (a scheduled job runs them; students turn them off). */
  reminders: RemindersService
  /** Who gets which Discord course role, and when. */
  courseRoles: CourseRolesService
  /** Live co-authoring: presence on a course and its changes as they happen. */
  coAuthoring: CoAuthoringService
}

export function createDomain(ports: DomainPorts): Domain {
  const releases = new ReleaseService(ports)
  const catalog = new CatalogService({ ...ports, releases })
  const enrolment = new EnrolmentService(ports)
  const progress = new ProgressService({ ...ports, catalog })
  const authoring = new AuthoringService(ports)
  const drip = new DripService(ports)
  const reminders = new RemindersService({ ...ports, progress, releases })
  return {
    accounts: new AccountsService(ports),
    catalog,
    enrolment,
    progress,
    flow: new LearningFlowService({ catalog, enrolment, progress, clock: ports.clock }),
    reach: new ReachService(ports),
    authoring,
    coAuthoring: new CoAuthoringService({ ...ports, authoring }),
    platformFiles: new PlatformFilesService(ports),
    metrics: new MetricsService(ports),
    delivery: new DeliveryService({ ...ports, planners: { REMINDER: reminders, DRIP: drip } }),
    drip,
    reminders,
    courseRoles: new CourseRolesService(ports),
    rooms: new RoomsService({ ...ports, catalog }),
    webSignIn: new WebSignInService(ports),
  }
}

export * from './errors'
export type { CourseEntity, CourseEvent, CourseEvents, PresenceEntry, PresenceRegistry } from './course-events'
export type { EditTarget, LiveChange, PresentAuthor } from './co-authoring.service'
export type { EditGuard, ReorderGuard } from './authoring.service'
export { UnreachableError } from './messenger'
export type { Messenger, Messengers, Recipient, SendReceipt, UnreachableReason } from './messenger'
export type { Translate, Translator, TranslateVars } from './i18n'
export type * from './types'
export type * from './inputs'
export type { ClaimedRecipient, Delivery, DeliveryCounts, DeliveryKind, DeliveryStatus, RecipientStatus } from './deliveries'
export { type PaceDecision, type PacedPlatform, type PaceRequest, type Pacer, PlatformRateLimitedError } from './pacing'
export type { EnqueueOptions, JobName, JobPayloads, JobQueue } from './jobs'
export type * from './rooms.types'
export type { DomainPorts as Ports }
