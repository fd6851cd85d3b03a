// The relay's inbound side. Every message that reaches a bound chat or the web
// room comes here: it is checked (our own echo? a member? muted?), stored once
// as room history (the origin platform + chat + message id is the idempotency
// key: of two relay processes seeing the same update, one stores and relays, the
// other gets `duplicate`), published on the room bus (the web sockets of every
// api process) and queued for every other binding of the room, in order.
import type { AccountsService } from '../domain/accounts.service'
import { DomainError } from '../domain/errors'
import type { RoomsService } from '../domain/rooms.service'
import type { RoomBinding } from '../domain/rooms.types'
import type { Actor, Platform } from '../domain/types'
import type { BridgeMessage, InboundDelete, InboundEdit, InboundMessage } from './message'
import type { MessageIdMap, RelayQueue, RoomBus } from './ports'

export interface RouterDeps {
  rooms: RoomsService
  accounts: Pick<AccountsService, 'registerFromPlatform'>
  ids: MessageIdMap
  bus: RoomBus
  queue: RelayQueue
}

export type InboundResult =
  | { status: 'relayed'; message: BridgeMessage }
  /** Stored and relayed by another process (or an update seen twice). */
  | { status: 'duplicate'; message: BridgeMessage }
  /** Nothing stored, nothing relayed. */
  | { status: 'ignored'; reason: 'not_bound' | 'own_message' | 'not_member' | 'invalid' | 'unknown_message' | 'unchanged'; detail?: string }
  /** The sender is muted; `tell` is true once, for the adapter to tell them why. */
  | { status: 'muted'; reason: string; tell: boolean }

/** The web room is not a binding: its messages come with this chat id. */
export const WEB_CHAT_ID = 'web'

export class RelayRouter {
  constructor(private readonly deps: RouterDeps) {}

  /** A message posted in a bound Telegram group or Discord channel. */
  async inbound(msg: InboundMessage): Promise<InboundResult> {
    const binding = await this.bindingOf(msg.platform, msg.chatId)
    if (!binding) return { status: 'ignored', reason: 'not_bound' }
    if (await this.isOwn(msg, binding)) return { status: 'ignored', reason: 'own_message' }
    const actor = await this.actorOf(msg)
    const replyToId = msg.replyToMessageId ? await this.roomMessageOf(msg.platform, msg.chatId, msg.replyToMessageId) : null
    return this.post(actor, binding.roomId, {
      origin: { platform: msg.platform, chatId: msg.chatId, messageId: msg.messageId },
      authorName: msg.author.displayName,
      kind: msg.kind,
      text: msg.text,
      entities: msg.entities ?? [],
      replyToId,
      attachments: msg.attachments ?? [],
    })
  }

  /** A message written in the web room; `clientId` makes a resend after a reconnect harmless. */
  postFromWeb(actor: Actor, roomId: number, input: { clientId: string; authorName: string; text: string; replyToId?: number | null }): Promise<InboundResult> {
    return this.post(actor, roomId, {
      origin: { platform: 'WEB', chatId: WEB_CHAT_ID, messageId: `${actor.id}:${input.clientId}` },
      authorName: input.authorName,
      kind: 'text',
      text: input.text,
      replyToId: input.replyToId ?? null,
    })
  }

  /** An edit on a platform: relayed only for a message that originated there. */
  async inboundEdit(edit: InboundEdit): Promise<InboundResult> {
    const binding = await this.bindingOf(edit.platform, edit.chatId)
    if (!binding) return { status: 'ignored', reason: 'not_bound' }
    if (await this.isOwn(edit, binding)) return { status: 'ignored', reason: 'own_message' }
    const original = await this.deps.rooms.findByOrigin({ platform: edit.platform, chatId: edit.chatId, messageId: edit.messageId })
    if (!original) return { status: 'ignored', reason: 'unknown_message' }
    return this.applyEdit(await this.actorOf(edit), original.id, edit.text, edit.entities ?? [])
  }

  editFromWeb(actor: Actor, messageId: number, text: string): Promise<InboundResult> {
    return this.applyEdit(actor, messageId, text, [])
  }

  /**
   * The platform says a message was deleted. The original's deletion is carried
   * everywhere; a deleted copy only leaves the map (the platform's moderators
   * act on their own chat; the room's authors delete everywhere from any side).
   * Telegram does not tell bots about deletions in groups: there, a delete
   * comes only from a moderation command.
   */
  async inboundDelete(del: InboundDelete): Promise<InboundResult> {
    const original = await this.deps.rooms.findByOrigin({ platform: del.platform, chatId: del.chatId, messageId: del.messageId })
    if (!original) return { status: 'ignored', reason: 'unknown_message' }
    const deleted = await this.deps.rooms.removeAtOrigin(original.id)
    if (!deleted) return { status: 'duplicate', message: original }
    await this.fanOut(deleted, 'delete')
    return { status: 'relayed', message: deleted }
  }

  /**
   * A member deletes their own message, or a course author any message, from
   * the web or a command: every copy goes, and the original too, on the chat
   * it was posted in.
   */
  async deleteAsMember(actor: Actor, messageId: number): Promise<InboundResult> {
    const deleted = await this.guard(() => this.deps.rooms.remove(actor, messageId))
    if ('status' in deleted) return deleted
    if (!deleted.value) return { status: 'ignored', reason: 'unchanged' }
    await this.fanOut(deleted.value, 'delete', { toOrigin: true })
    return { status: 'relayed', message: deleted.value }
  }

  /** The room message a platform message stands for: the original posted there, or our copy of one. */
  async roomMessageOf(platform: Platform, chatId: string, platformMessageId: string): Promise<number | null> {
    const original = await this.deps.rooms.findByOrigin({ platform, chatId, messageId: platformMessageId })
    if (original) return original.id
    const ids = await this.deps.ids.messagesOf(platform, chatId, platformMessageId)
    return ids[0] ?? null
  }

  // ---- internals

  private async post(actor: Actor, roomId: number, input: Parameters<RoomsService['post']>[2]): Promise<InboundResult> {
    const outcome = await this.guard(() => this.deps.rooms.post(actor, roomId, input))
    if ('status' in outcome) return outcome
    const result = outcome.value
    if (result.status === 'muted') return result
    if (result.status === 'duplicate') return result
    await this.fanOut(result.message, 'send')
    return { status: 'relayed', message: result.message }
  }

  private async applyEdit(actor: Actor, messageId: number, text: string, entities: InboundEdit['entities']): Promise<InboundResult> {
    const outcome = await this.guard(() => this.deps.rooms.edit(actor, messageId, text, entities))
    if ('status' in outcome) return outcome
    if (!outcome.value) return { status: 'ignored', reason: 'unchanged' }
    await this.fanOut(outcome.value, 'edit')
    return { status: 'relayed', message: outcome.value }
  }

  /** Domain refusals become results (a non-member's message is simply not relayed). */
  private async guard<T>(fn: () => Promise<T>): Promise<{ value: T } | Extract<InboundResult, { status: 'ignored' }>> {
    try {
      return { value: await fn() }
    } catch (err) {
      if (!(err instanceof DomainError)) throw err
      if (err.code === 'invalid') return { status: 'ignored', reason: 'invalid', detail: err.message }
      return { status: 'ignored', reason: 'not_member', detail: err.message }
    }
  }

  /** Live to the web sockets, queued for every binding but the one it came from (`toOrigin`: that one too). */
  private async fanOut(message: BridgeMessage, op: 'send' | 'edit' | 'delete', opts: { toOrigin?: boolean } = {}): Promise<void> {
    const bindings = await this.deps.rooms.bindings(message.roomId)
    const event = op === 'send' ? { type: 'message' as const, roomId: message.roomId, message }
      : op === 'edit' ? { type: 'edited' as const, roomId: message.roomId, message }
      : { type: 'deleted' as const, roomId: message.roomId, messageId: message.id }
    await Promise.all([
      this.deps.bus.publish(event),
      ...bindings
        .filter((b) => opts.toOrigin || !(b.platform === message.origin.platform && b.chatId === message.origin.chatId))
        .map((b) => this.deps.queue.enqueue({ op, messageId: message.id, platform: b.platform, chatId: b.chatId })),
    ])
  }

  private bindingOf(platform: Platform, chatId: string): Promise<RoomBinding | null> {
    if (platform === 'WEB') return Promise.resolve(null)
    return this.deps.rooms.bindingFor(platform, chatId)
  }

  /**
   * The loop guard: our bot's own messages, our relay webhooks' messages and
   * any platform message that is a copy we made are never relayed again.
   */
  private async isOwn(msg: { platform: Platform; chatId: string; messageId: string; fromSelf?: boolean; webhookId?: string | null }, binding: RoomBinding): Promise<boolean> {
    if (msg.fromSelf) return true
    if (msg.webhookId) {
      if (binding.webhookId === msg.webhookId) return true
      const bindings = await this.deps.rooms.bindings(binding.roomId)
      if (bindings.some((b) => b.webhookId === msg.webhookId)) return true
    }
    return (await this.deps.ids.messagesOf(msg.platform, msg.chatId, msg.messageId)).length > 0
  }

  private async actorOf(msg: { platform: Platform; author: InboundMessage['author'] }): Promise<Actor> {
    const { user } = await this.deps.accounts.registerFromPlatform({
      platform: msg.platform,
      externalId: msg.author.externalId,
      username: msg.author.username ?? null,
      displayName: msg.author.displayName,
      languageCode: msg.author.languageCode ?? null,
    })
    return { id: user.id, role: user.role }
  }
}
