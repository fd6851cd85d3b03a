import type { CallbackAttempt, ChannelRecord, InteractionRecord, MessageRecord, SimState } from './state'

/** A live, read-only view of what one channel (guild text channel or DM) holds. */
export class ChannelView {
  constructor(private readonly state: SimState, readonly id: string) {}

  get record(): ChannelRecord {
    const rec = this.state.channels.get(this.id)
    if (!rec) throw new Error(`discord-sim: unknown channel ${this.id}`)
    return rec
  }

  /** Every live message (users', the bot's, webhooks', ephemeral ones), current versions, in order. */
  get messages(): MessageRecord[] {
    return this.record.messages
  }

  /** Messages the bot sent (channel sends, interaction replies and follow-ups; not webhooks). */
  get fromBot(): MessageRecord[] {
    return this.messages.filter((m) => m.message.author.id === this.state.bot.id && !m.message.webhook_id)
  }

  /** Contents of the bot's messages, in order. */
  get contents(): string[] {
    return this.fromBot.map((m) => m.message.content)
  }

  /** What one user sees: every non-ephemeral message plus the ephemeral ones meant for them. */
  visibleTo(userId: string): MessageRecord[] {
    return this.messages.filter((m) => !m.ephemeralTo || m.ephemeralTo === userId)
  }

  get last(): MessageRecord | undefined {
    return this.messages.at(-1)
  }

  /** Messages deleted since (last version). */
  get deleted(): MessageRecord[] {
    return this.record.deleted
  }
}

/** A handle on one interaction a simulated user started: its acknowledgement, reply and follow-ups. */
export class InteractionView {
  constructor(private readonly state: SimState, readonly record: InteractionRecord) {}

  get id(): string {
    return this.record.id
  }

  get token(): string {
    return this.record.token
  }

  /** The accepted callback (type, at, latencyMs), if any. */
  get ack(): CallbackAttempt | undefined {
    return this.record.ack
  }

  get acknowledged(): boolean {
    return this.record.ack !== undefined
  }

  /** The original response message (reply, deferred reply, or the component message an update changed). */
  get reply(): MessageRecord | undefined {
    const { originalChannelId: c, originalMessageId: m } = this.record
    return c && m ? this.state.findMessage(c, m) : undefined
  }

  get followUps(): MessageRecord[] {
    const c = this.record.originalChannelId ?? this.record.interaction.channel?.id
    return this.record.followUpIds.map((id) => (c ? this.state.findMessage(c, id) : undefined)).filter((m): m is MessageRecord => !!m)
  }

  /** The modal (callback 9) or autocomplete choices (callback 8) the bot answered with. */
  get callbackData(): Record<string, unknown> | undefined {
    return this.record.ack?.data
  }
}
