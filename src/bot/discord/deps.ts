// What the Discord bot needs from the composition root (the role builds it from AppContext).
import type { REST } from 'discord.js'
import type { RelayRouter } from '../../bridge/router'
import type { Domain } from '../../domain'
import type { FileStorage } from '../../domain/uploads'
import type { Logger } from '../../infra/logger'
import type { CallbackCodec } from '../shared/callback-data'
import type { DiscordRoleGateway } from './course-roles'
import type { DiscordMessenger } from './messenger'

export interface DiscordDeps {
  domain: Domain
  files: FileStorage
  logger: Logger
  /** Signs and checks custom_ids (shared/callback-data.ts, 100 bytes). */
  codec: CallbackCodec
  /** discord.js's REST client (its queue handles rate limits); also used without a gateway connection. */
  rest: REST
  applicationId: string
  /** Sends plans to DMs and channels (the same Messenger worker jobs use). */
  messenger: DiscordMessenger
  /** Grants and removes course roles (the domain decides which). */
  roles: DiscordRoleGateway
  /** PUBLIC_URL: sign-in links to the web room start with it. */
  publicUrl: string
  /** The course chat relay's inbound side (moderation commands); set where the gateway runs. */
  relay?: RelayRouter
}
