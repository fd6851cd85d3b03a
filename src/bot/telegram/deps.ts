// What the Telegram bot needs from the composition root (main.ts builds it from AppContext).
import type { Redis } from 'ioredis'
import type { RelayRouter } from '../../bridge/router'
import type { Domain } from '../../domain'
import type { FileStorage } from '../../domain/uploads'
import type { Logger } from '../../infra/logger'
import type { CallbackCodec } from '../shared/callback-data'

export interface BotDeps {
  domain: Domain
  files: FileStorage
  logger: Logger
  /** Commands connection (sessions, rate limits, poll map). Keys are prefixed `tg:`. */
  redis: Redis
  callbacks: CallbackCodec
  /** Serialize each chat's updates across processes (webhook mode, several api processes). */
  crossProcessLocks?: boolean
  /** Per-user limit on messages (commands and text) in private chats; false turns it off. */
  rateLimit?: { limit: number; windowMs: number } | false
  /** The course chat relay's inbound side (group messages of bound groups); groups are only pointed to the private chat without it. */
  relay?: Pick<RelayRouter, 'inbound' | 'inboundEdit' | 'deleteAsMember' | 'roomMessageOf'>
  /** PUBLIC_URL: the web room's sign-in links start with it. */
  publicUrl?: string
}
