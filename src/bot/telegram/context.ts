// The bot's context type: grammY's Context plus our dependencies, a per-update
// child logger, the student behind the update (resolved once, lazily), a lazy
// Redis session and i18n.
import type { I18nFlavor } from '@grammyjs/i18n'
import { type Api, Context, type LazySessionFlavor } from 'grammy'
import type { Update, User as TelegramUser, UserFromGetMe } from 'grammy/types'
import { type Actor, type User } from '../../domain'
import { type Locale, pickLocale } from '../../domain/accounts.service'
import type { Logger } from '../../infra/logger'
import type { BotDeps } from './deps'
import { type TelegramMessenger, telegramMessengerFor } from './messenger'

/** Conversation state kept in Redis between updates (per Telegram user). */
export interface SessionData {
  /** The next plain text message answers this question... */
  awaiting?: 'link_code'
  /** ...if it comes within a few minutes of this time (ms since epoch). */
  awaitingSince?: number
}

export interface Student {
  user: User
  actor: Actor
  locale: Locale
  /** True when this update created the user (first contact). */
  created: boolean
}

interface Extras {
  deps: BotDeps
  /** The person behind the update: ctx.from, or the voter of a poll answer. */
  readonly sender: TelegramUser | undefined
  /** Child logger with update_id, chat_id and user_id. */
  log: Logger
  /** The user behind this update, registered on first contact (idempotent). */
  student(): Promise<Student>
  /** Forget the resolved student (after a locale change or an account merge). */
  forgetStudent(): void
  /** The bot's Messenger (on the bot's Api): lessons and notices go through it. */
  readonly messenger: TelegramMessenger
}

export type BotContext = Context & Extras & LazySessionFlavor<SessionData> & I18nFlavor

export function createContextConstructor(deps: BotDeps) {
  // one messenger per bot: every update of a bot shares its Api
  const messengers = new WeakMap<Api, TelegramMessenger>()
  return class TaskMetricsContext extends Context implements Extras {
    readonly deps = deps
    readonly log: Logger

    get messenger(): TelegramMessenger {
      let m = messengers.get(this.api)
      if (!m) messengers.set(this.api, (m = telegramMessengerFor(this.api, deps)))
      return m
    }

    private resolved?: Promise<Student>

    constructor(update: Update, api: Api, me: UserFromGetMe) {
      super(update, api, me)
      this.log = deps.logger.child({ update_id: update.update_id, chat_id: this.chat?.id, user_id: this.sender?.id })
    }

    get sender(): TelegramUser | undefined {
      return this.from ?? this.pollAnswer?.user
    }

    student(): Promise<Student> {
      this.resolved ??= this.register()
      return this.resolved
    }

    forgetStudent(): void {
      this.resolved = undefined
    }

    private async register(): Promise<Student> {
      const from = this.sender
      if (!from || from.is_bot) throw new Error('this update has no human sender')
      const { user, created } = await deps.domain.accounts.registerFromPlatform({
        platform: 'TELEGRAM',
        externalId: String(from.id),
        username: from.username ?? null,
        displayName: [from.first_name, from.last_name].filter(Boolean).join(' '),
        languageCode: from.language_code,
      })
      return { user, created, actor: { id: user.id, role: user.role }, locale: pickLocale(user.profile?.locale ?? from.language_code) }
    }
  } as unknown as new (update: Update, api: Api, me: UserFromGetMe) => BotContext
}
