// The relay's outbound side, platform-neutral: turns queued ops of one
// destination chat into ChatAdapter calls and keeps the message-id map. The
// queue (src/infra/relay-queue.ts) decides when and in what order; this decides
// what each call carries: safe text, the reply mapped to the copy in that chat,
// a coalesced burst as one message, an edit or delete of a coalesced message as
// a re-render of what is left of it, and files carried across: a photo or file
// is fetched from the platform it was posted on and handed to the destination's
// adapter when both platforms' limits allow; otherwise it stays described in
// words, with a notice naming the file and its size when it was too large.
import type { RoomsService } from '../domain/rooms.service'
import type { RoomBinding } from '../domain/rooms.types'
import type { Platform } from '../domain/types'
import type { Attachment } from '../domain/rooms.types'
import { type BridgeMessage, formatSize, type OutboundFile, type OutboundMessage, type OutboundPart, placeholder } from './message'
import { type ChatAdapter, FileTooLargeError, type MessageIdMap, PermanentDeliveryError, type RelayLimits, type RelayOp } from './ports'
import { neutralize, truncate } from './safety'

export interface DeliveryDeps {
  rooms: Pick<RoomsService, 'getMessage' | 'bindingFor'>
  ids: MessageIdMap
  adapters: ReadonlyMap<Platform, ChatAdapter>
}

/** Room for the author's name and separators around each part of a message. */
const PART_OVERHEAD = 80

export class Deliverer {
  constructor(private readonly deps: DeliveryDeps) {}

  adapterFor(platform: Platform): ChatAdapter | undefined {
    return this.deps.adapters.get(platform)
  }

  /**
   * How many of the pending ops (in order) go out as one call. A run of sends
   * is coalesced when the chat cannot take them one by one right now (fewer
   * `tokens` than sends waiting), as long as the text fits one message.
   */
  async planBatch(pending: RelayOp[], tokens: number, limits: RelayLimits): Promise<number> {
    if (pending[0]?.op !== 'send' || !limits.perChatPerMinute) return 1
    let run = 0
    while (run < pending.length && pending[run]!.op === 'send') run++
    if (run <= tokens) return 1
    let length = 0
    let take = 0
    for (const op of pending.slice(0, run)) {
      const m = await this.deps.rooms.getMessage(op.messageId)
      const size = (m ? m.text.length + placeholder(m.kind, m.attachments).length : 0) + PART_OVERHEAD
      if (take > 0 && length + size > limits.maxTextLength) break
      length += size
      take++
    }
    return Math.max(1, take)
  }

  /** Carries out ops of one chat: one op, or a run of sends coalesced into one message. Throws what the adapter throws. */
  async deliver(ops: RelayOp[]): Promise<void> {
    const first = ops[0]
    if (!first) return
    const adapter = this.deps.adapters.get(first.platform)
    if (!adapter) throw new Error(`no chat adapter for ${first.platform}`)
    const binding = first.platform === 'WEB' ? null : await this.deps.rooms.bindingFor(first.platform, first.chatId)
    if (!binding) return // unbound meanwhile: nothing to deliver there
    if (first.op === 'send') return this.send(adapter, binding, ops)
    return this.refresh(adapter, binding, first.messageId)
  }

  private async send(adapter: ChatAdapter, binding: RoomBinding, ops: RelayOp[]): Promise<void> {
    const messages: BridgeMessage[] = []
    for (const op of ops) {
      const m = await this.deps.rooms.getMessage(op.messageId)
      // deleted before its turn: nothing to send; sent already (a retry after a lost reply): not again
      if (!m || m.deletedAt || (await this.deps.ids.copyIn(m.id, binding.platform, binding.chatId))) continue
      messages.push(m)
    }
    if (messages.length === 0) return
    const outbound = await this.outbound(binding, messages, adapter.limits, 'fetch')
    const { platformMessageId } = await adapter.send(binding, outbound)
    await this.deps.ids.save(messages.map((m) => ({ messageId: m.id, platform: binding.platform, chatId: binding.chatId, platformMessageId })))
  }

  /** An edit or delete: the copy in this chat shows what is left of the room messages it carries. */
  private async refresh(adapter: ChatAdapter, binding: RoomBinding, messageId: number): Promise<void> {
    const copy = await this.deps.ids.copyIn(messageId, binding.platform, binding.chatId)
    if (!copy) {
      // the original lives there: a course author deleted it from another side (deleteAsMember)
      const original = await this.deps.rooms.getMessage(messageId)
      if (original?.deletedAt && original.origin.platform === binding.platform && original.origin.chatId === binding.chatId) return adapter.delete(binding, original.origin.messageId)
      return // never sent there (or the platform changed the original itself)
    }
    const ids = await this.deps.ids.messagesOf(binding.platform, binding.chatId, copy.platformMessageId)
    const live: BridgeMessage[] = []
    for (const id of ids) {
      const m = await this.deps.rooms.getMessage(id)
      if (m && !m.deletedAt) live.push(m)
    }
    if (live.length === 0) return adapter.delete(binding, copy.platformMessageId)
    return adapter.edit(binding, copy.platformMessageId, await this.outbound(binding, live, adapter.limits, 'describe'))
  }

  /** `fetch` (a send): files within the limits are downloaded for upload; `describe` (an edit): the text as the send rendered it, without files. */
  private async outbound(binding: RoomBinding, messages: BridgeMessage[], limits: RelayLimits, files: 'fetch' | 'describe'): Promise<OutboundMessage> {
    const budget = Math.max(200, Math.floor(limits.maxTextLength / messages.length) - PART_OVERHEAD)
    const parts: OutboundPart[] = []
    for (const m of messages) parts.push(safePart(m, budget, files === 'fetch' ? await this.carry(m, limits) : this.plannedCarry(m, limits)))
    const replyTo = messages[0]!.replyToId
    return { parts, replyToPlatformMessageId: replyTo ? await this.platformIdIn(binding, replyTo) : null }
  }

  /** Fetches a message's photos and files from their origin platform, those the destination takes. */
  private async carry(m: BridgeMessage, dest: RelayLimits): Promise<Carried> {
    const out: Carried = { files: [], carried: [], notices: [] }
    const origin = this.deps.adapters.get(m.origin.platform)
    for (const a of m.attachments) {
      const plan = carryPlan(a, origin, dest)
      if (plan === 'too_large') out.notices.push(tooLargeNotice(a.name, a.size, dest.maxFileBytes))
      if (plan !== 'carry') continue
      try {
        const data = await origin!.fetchFile!(a)
        if (data.length > dest.maxFileBytes!) {
          out.notices.push(tooLargeNotice(a.name, data.length, dest.maxFileBytes))
          continue
        }
        out.files.push({ name: a.name, ...(a.mimeType ? { mimeType: a.mimeType } : {}), kind: a.kind, data })
        out.carried.push(a)
      } catch (err) {
        // the origin will not hand it over (Telegram: over 20 MB to bots): named with its size
        if (err instanceof FileTooLargeError) out.notices.push(tooLargeNotice(a.name, err.size ?? a.size, undefined))
        else if (!(err instanceof PermanentDeliveryError)) throw err // transient: the op is retried
        // gone at the origin: it stays described in words
      }
    }
    return out
  }

  /** What a send carried, decided again without downloading (an edit re-renders the same text). */
  private plannedCarry(m: BridgeMessage, dest: RelayLimits): Carried {
    const origin = this.deps.adapters.get(m.origin.platform)
    const out: Carried = { files: [], carried: [], notices: [] }
    for (const a of m.attachments) {
      const plan = carryPlan(a, origin, dest)
      if (plan === 'carry') out.carried.push(a)
      if (plan === 'too_large') out.notices.push(tooLargeNotice(a.name, a.size, dest.maxFileBytes))
    }
    return out
  }

  /** The id, in this chat, of a room message: our copy there, or the original if it was posted there. */
  private async platformIdIn(binding: RoomBinding, messageId: number): Promise<string | null> {
    const copy = await this.deps.ids.copyIn(messageId, binding.platform, binding.chatId)
    if (copy) return copy.platformMessageId
    const m = await this.deps.rooms.getMessage(messageId)
    return m && m.origin.platform === binding.platform && m.origin.chatId === binding.chatId ? m.origin.messageId : null
  }
}

/** Files fetched for one message, the attachments they stand for, and notices for those too large. */
export interface Carried {
  files: OutboundFile[]
  carried: Attachment[]
  notices: string[]
}

/** Whether an attachment goes across as a file: photos and files the origin can hand over and the destination takes. */
export function carryPlan(a: Attachment, origin: ChatAdapter | undefined, dest: RelayLimits): 'carry' | 'too_large' | 'describe' {
  if (a.kind !== 'photo' && a.kind !== 'file') return 'describe' // stickers, voice: a placeholder
  if (!dest.maxFileBytes || !origin?.fetchFile || (!a.platformFileId && !a.url)) return 'describe'
  if (a.size !== undefined && a.size > dest.maxFileBytes) return 'too_large'
  return 'carry'
}

export function tooLargeNotice(name: string, size: number | undefined, limit: number | undefined): string {
  const sized = size !== undefined ? `${name}, ${formatSize(size)}` : name
  return `(too large to carry across: ${sized}${limit ? `; the limit here is ${formatSize(limit)}` : ''})`
}

/**
 * A room message as another side shows it: mentions inert, media described in
 * words (all but the files carried), a notice for files too large, within the
 * length budget.
 */
export function safePart(m: BridgeMessage, maxLength: number, carry: Carried = { files: [], carried: [], notices: [] }): OutboundPart {
  const left = m.attachments.filter((a) => !carry.carried.includes(a))
  const allCarried = m.attachments.length > 0 && left.length === 0
  const described = [allCarried ? '' : placeholder(m.kind, left), ...carry.notices].filter(Boolean).join('\n')
  const base = neutralize(m.text, m.entities)
  const text = described ? (base.text ? `${base.text}\n${described}` : described) : base.text
  const cut = truncate(text, maxLength)
  return {
    roomMessageId: m.id,
    authorName: m.author.name,
    originPlatform: m.origin.platform,
    text: cut,
    entities: base.entities.filter((e) => e.offset + e.length <= cut.length),
    attachments: m.attachments,
    ...(carry.files.length ? { files: carry.files } : {}),
  }
}
