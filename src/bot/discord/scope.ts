// One interaction as the handlers see it: the dependencies, a child logger,
// the student behind it (registered on first contact, lazily), their locale,
// signed custom_ids for buttons they will press, and `answer`, which replies,
// edits the deferred reply or follows up, whichever the interaction allows.
import {
  type BaseInteraction, type BaseMessageOptions, type InteractionReplyOptions, MessageFlags, type RepliableInteraction,
} from 'discord.js'
import type { Actor, User } from '../../domain'
import type { Locale } from '../../domain/accounts.service'
import type { Logger } from '../../infra/logger'
import type { CallbackArg } from '../shared/callback-data'
import type { ActionName } from './actions'
import type { DiscordDeps } from './deps'
import { discordLocale, type StringKey, t, type Vars } from './strings'

export interface Student {
  user: User
  actor: Actor
  locale: Locale
}

/** Nobody is pinged by anything the bot sends (the client default says the same). */
export const NO_MENTIONS = { parse: [] as never[] }

export type Answer = Omit<BaseMessageOptions, 'allowedMentions'> & { ephemeral?: boolean }

export class InteractionScope<I extends BaseInteraction = BaseInteraction> {
  private resolved?: Promise<Student>
  private answered = 0

  constructor(
    readonly interaction: I,
    readonly deps: DiscordDeps,
    readonly log: Logger,
  ) {}

  get userId(): string {
    return this.interaction.user.id
  }

  student(): Promise<Student> {
    this.resolved ??= this.register()
    return this.resolved
  }

  /** Forget the resolved student (after /lang or /link). */
  forgetStudent(): void {
    this.resolved = undefined
  }

  /** The student's locale; before registration (or when it fails), Discord's locale of the user. */
  async locale(): Promise<Locale> {
    try {
      return (await this.student()).locale
    } catch {
      return discordLocale(this.interaction.locale)
    }
  }

  async t(key: StringKey, vars?: Vars): Promise<string> {
    return t(await this.locale(), key, vars)
  }

  /** A signed custom_id for a component this user will use. */
  button(action: ActionName, ...args: CallbackArg[]): string {
    return this.deps.codec.encode(this.userId, action, ...args)
  }

  /**
   * Answers the interaction: the first answer of a command fills its deferred
   * reply; every other answer is a follow-up. Ephemeral by default.
   */
  async answer(message: Answer): Promise<void> {
    const i = this.interaction as unknown as RepliableInteraction
    const { ephemeral = true, ...rest } = message
    const payload: InteractionReplyOptions = { ...rest, allowedMentions: NO_MENTIONS, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) }
    const first = this.answered++ === 0
    if (!i.deferred && !i.replied) await i.reply(payload)
    else if (first && i.deferred && i.isChatInputCommand()) await i.editReply({ ...rest, allowedMentions: NO_MENTIONS })
    else await i.followUp(payload)
  }

  private async register(): Promise<Student> {
    const from = this.interaction.user
    if (from.bot) throw new Error('bots are not students')
    const { user } = await this.deps.domain.accounts.registerFromPlatform({
      platform: 'DISCORD',
      externalId: from.id,
      username: from.username,
      displayName: from.globalName ?? from.username,
      languageCode: this.interaction.locale,
    })
    return { user, actor: { id: user.id, role: user.role }, locale: discordLocale(user.profile?.locale ?? this.interaction.locale) }
  }
}
