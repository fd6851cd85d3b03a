// One interaction as the handlers see it: the dependencies, a child logger,
// the student behind it (registered on first contact, lazily), their locale
// and the flow's view (Discord profile + translations), and the ways to answer:
// `answer` replies, fills the deferred reply or follows up, whichever the
// interaction allows; `deliver` sends a lesson plan to the student's DMs
// through the Messenger, or, when DMs are closed, here (ephemeral) after a
// line saying how to open them.
import {
  type AttachmentPayload, type BaseInteraction, type BaseMessageOptions, type InteractionReplyOptions, MessageFlags, type RepliableInteraction,
} from 'discord.js'
import type { Actor, User } from '../../domain'
import type { Locale } from '../../domain/accounts.service'
import type { MessagePlan } from '../../domain/delivery/plan'
import { DISCORD_PROFILE } from '../../domain/delivery/profile'
import { UnreachableError } from '../../domain/messenger'
import type { FlowView } from '../../domain/learning-flow.service'
import { translator } from '../../i18n/translator'
import type { Logger } from '../../infra/logger'
import type { DiscordDeps } from './deps'
import { NO_MENTIONS } from './messenger'
import { discordLocale, plain, say, type Vars } from './strings'

export interface Student {
  user: User
  actor: Actor
  locale: Locale
}

export type Answer = Omit<BaseMessageOptions, 'allowedMentions' | 'files'> & { ephemeral?: boolean; files?: AttachmentPayload[] }

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

  /** In the bot's DMs (not in a server). */
  get inDm(): boolean {
    return this.interaction.guildId === null
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

  /** A translation as Discord Markdown. */
  async say(key: string, vars?: Vars): Promise<string> {
    return say(await this.locale(), key, vars)
  }

  /** A translation as plain text (labels, titles). */
  async plain(key: string, vars?: Vars): Promise<string> {
    return plain(await this.locale(), key, vars)
  }

  /** What the learning flow needs to build this student's plans. */
  async view(): Promise<FlowView> {
    return { profile: DISCORD_PROFILE, t: translator().forLocale(await this.locale()) }
  }

  /** A signed custom_id for a component this user will use. */
  button(action: string, ...args: Array<string | number>): string {
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
    else if (first && i.deferred && i.isCommand()) await i.editReply({ ...rest, allowedMentions: NO_MENTIONS })
    else await i.followUp(payload)
  }

  /** A notice plan (no files) as this interaction's answer. */
  async answerPlan(plan: MessagePlan): Promise<void> {
    for (const payload of await this.deps.messenger.render(plan, this.userId)) {
      await this.answer({ content: payload.body.content, embeds: payload.body.embeds, components: payload.body.components })
    }
  }

  /**
   * Sends a plan (a lesson, a course end, a verdict) to the student's DMs.
   * DMs closed: a line saying how to open them, then the plan here, ephemeral.
   * Returns where it went.
   */
  async deliver(plan: MessagePlan): Promise<'dm' | 'here'> {
    const locale = await this.locale()
    try {
      await this.deps.messenger.send({ platform: 'DISCORD', kind: 'user', chatId: this.userId, locale }, plan)
      return 'dm'
    } catch (err) {
      if (!(err instanceof UnreachableError)) throw err
      this.log.info({ reason: err.reason }, 'cannot DM the student; answering here')
      await this.answer({ content: say(locale, 'dc-dm-closed') })
      await this.deps.messenger.followUp(this.deps.applicationId, (this.interaction as unknown as RepliableInteraction).token, plan, this.userId)
      return 'here'
    }
  }

  /**
   * After delivering: in a server, the answer says the lesson went to DMs; in
   * DMs, a command's deferred reply that said nothing yet is removed.
   */
  async confirmDelivered(where: 'dm' | 'here'): Promise<void> {
    if (where === 'here') return
    const i = this.interaction as unknown as RepliableInteraction
    if (!this.inDm) return this.answer({ content: await this.say('dc-lesson-sent') })
    if (i.isChatInputCommand() && this.answered === 0) await i.deleteReply().catch((err) => this.log.debug({ err }, 'could not remove the deferred reply'))
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
