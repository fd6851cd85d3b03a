// What the HTTP API needs from the composition root.
import type { Domain, User } from '../domain'
import type { FileStorage } from '../domain/uploads'
import type { Logger } from '../infra/logger'
import type { RoomsApiDeps } from './rooms'

export interface HealthCheck {
  name: string
  check(): Promise<void>
}

export interface ApiDeps {
  domain: Domain
  files: FileStorage
  logger: Logger
  health: HealthCheck[]
  publicUrl: string
  /** The course chat's web room (relay router + this process's sockets); without it the room routes are off. */
  rooms?: RoomsApiDeps
  /** Extra routes, e.g. the Telegram webhook when TELEGRAM_MODE=webhook. */
  extraRoutes?: Array<(app: any) => any>
}

export type { User }
