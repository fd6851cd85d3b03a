// Builds the domain services from their ports. The composition root and tests call this.
import { AccountsService, type PasswordHasher } from './accounts.service'
import { AuthoringService } from './authoring.service'
import { CatalogService } from './catalog.service'
import { EnrolmentService } from './enrolment.service'
import { LearningFlowService } from './learning-flow.service'
import { MetricsService } from './metrics.service'
import { PlatformFilesService } from './platform-files.service'
import type {
  ApiTokenRepository, AuditLog, Clock, CourseRepository, CourseTreeCache, EnrollmentRepository,
  LinkCodeRepository, MetricsRepository, PlatformFileRepository, ProgressRepository, UserRepository,
} from './ports'
import { ProgressService } from './progress.service'
import { ReachService } from './reach.service'
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
  passwords: PasswordHasher
  files: FileStorage
  clock: Clock
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
}

export function createDomain(ports: DomainPorts): Domain {
  const catalog = new CatalogService(ports)
  const enrolment = new EnrolmentService(ports)
  const progress = new ProgressService({ ...ports, catalog })
  return {
    accounts: new AccountsService(ports),
    catalog,
    enrolment,
    progress,
    flow: new LearningFlowService({ catalog, enrolment, progress }),
    reach: new ReachService(ports),
    authoring: new AuthoringService(ports),
    platformFiles: new PlatformFilesService(ports),
    metrics: new MetricsService(ports),
    rooms: new RoomsService({ ...ports, catalog }),
    webSignIn: new WebSignInService(ports),
  }
}

export * from './errors'
export { UnreachableError } from './messenger'
export type { Messenger, Messengers, Recipient, SendReceipt, UnreachableReason } from './messenger'
export type { Translate, Translator, TranslateVars } from './i18n'
export type * from './types'
export type * from './inputs'
export type * from './rooms.types'
export type { DomainPorts as Ports }
