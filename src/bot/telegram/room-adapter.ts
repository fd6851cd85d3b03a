// The course chat relay's Telegram side (a ChatAdapter, src/bridge/ports.ts):
// room messages from the web and Discord go into the bound group as the bot's
// messages, the sender's name in bold. Formatting travels as entities only:
// never parse_mode, so markup a user typed stays literal text. Files the
// Deliverer fetched are uploaded again (a photo inline, anything else as a
// document). Its own Api has no auto-retry: a 429 goes back to the relay queue
// as RateLimitedError (the chat waits retry_after), a refusal for good (bot
// removed, chat gone) as PermanentDeliveryError, anything else is retried.
import { Api, GrammyError, InputFile } from 'grammy'
import type { MessageEntity } from 'grammy/types'
import type { OutboundFile, OutboundMessage, OutboundPart } from '../../bridge/message'
import { type ChatAdapter, FileTooLargeError, PermanentDeliveryError, RateLimitedError, type RelayLimits } from '../../bridge/ports'
import { TELEGRAM_GROUP } from '../../bridge/profiles'
import type { Attachment, RoomBinding, TextEntity } from '../../domain/rooms.types'

/** Bots download files of at most 20 MB (getFile). */
export const TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024
/** Bots upload files of at most 50 MB. */
export const TELEGRAM_UPLOAD_LIMIT = 50 * 1024 * 1024
/** Photos above 10 MB are refused by sendPhoto: they go as documents. */
const PHOTO_LIMIT = 10 * 1024 * 1024
const CAPTION_LIMIT = 1024
const DEFAULT_API_ROOT = 'https://api.telegram.org'
const DOWNLOAD_TIMEOUT_MS = 60_000

export const TELEGRAM_ROOM_LIMITS: RelayLimits = { ...TELEGRAM_GROUP, maxFileBytes: TELEGRAM_UPLOAD_LIMIT }

export class TelegramRoomAdapter implements ChatAdapter {
  readonly platform = 'TELEGRAM' as const
  readonly limits = TELEGRAM_ROOM_LIMITS
  readonly api: Api

  constructor(private readonly token: string, private readonly apiRoot = DEFAULT_API_ROOT) {
    this.api = new Api(token, { apiRoot })
  }

  async send(binding: RoomBinding, message: OutboundMessage): Promise<{ platformMessageId: string }> {
    const { text, entities } = renderParts(message.parts)
    const files = message.parts.flatMap((p) => p.files ?? [])
    const reply = message.replyToPlatformMessageId
      ? { reply_parameters: { message_id: Number(message.replyToPlatformMessageId), allow_sending_without_reply: true } }
      : {}
    return call(async () => {
      if (files.length === 0) {
        const sent = await this.api.sendMessage(binding.chatId, text, { entities, link_preview_options: { is_disabled: true }, ...reply })
        return { platformMessageId: String(sent.message_id) }
      }
      // the text rides on the first file when it fits a caption; else it goes first and the files answer it
      const [first, ...rest] = text.length <= CAPTION_LIMIT ? files : []
      const main = first
        ? await this.sendFile(binding.chatId, first, { caption: text, caption_entities: entities, ...reply })
        : await this.api.sendMessage(binding.chatId, text, { entities, link_preview_options: { is_disabled: true }, ...reply })
      for (const file of first ? rest : files)
        await this.sendFile(binding.chatId, file, { reply_parameters: { message_id: main.message_id, allow_sending_without_reply: true } })
      return { platformMessageId: String(main.message_id) }
    })
  }

  async edit(binding: RoomBinding, platformMessageId: string, message: OutboundMessage): Promise<void> {
    const { text, entities } = renderParts(message.parts)
    const id = Number(platformMessageId)
    await call(async () => {
      try {
        await this.api.editMessageText(binding.chatId, id, text, { entities, link_preview_options: { is_disabled: true } })
      } catch (err) {
        if (isDescribed(err, /message is not modified/)) return
        // a photo or document: its caption carries the text
        if (!isDescribed(err, /no text in the message/)) throw err
        const caption = clip(text, entities, CAPTION_LIMIT)
        try {
          await this.api.editMessageCaption(binding.chatId, id, { caption: caption.text, caption_entities: caption.entities })
        } catch (captionErr) {
          if (!isDescribed(captionErr, /message is not modified/)) throw captionErr
        }
      }
    })
  }

  async delete(binding: RoomBinding, platformMessageId: string): Promise<void> {
    await call(async () => {
      try {
        await this.api.deleteMessage(binding.chatId, Number(platformMessageId))
      } catch (err) {
        if (isDescribed(err, /message to delete not found/)) return
        throw err
      }
    })
  }

  /** Downloads a file posted in a group (getFile, then the file URL); over 20 MB Telegram will not hand it to a bot. */
  async fetchFile(attachment: Attachment): Promise<Uint8Array> {
    if (!attachment.platformFileId) throw new PermanentDeliveryError(`no Telegram file id for ${attachment.name}`)
    if (attachment.size !== undefined && attachment.size > TELEGRAM_DOWNLOAD_LIMIT) throw new FileTooLargeError(attachment.size)
    const file = await call(async () => {
      try {
        return await this.api.getFile(attachment.platformFileId!)
      } catch (err) {
        if (isDescribed(err, /file is too big/)) throw new FileTooLargeError(attachment.size)
        if (isDescribed(err, /wrong file_id|invalid file_id|temporarily unavailable/)) throw new PermanentDeliveryError(`Telegram has no file ${attachment.name}`)
        throw err
      }
    })
    if (!file.file_path) throw new PermanentDeliveryError(`Telegram gave no path for ${attachment.name}`)
    // the URL holds the token: it is never logged, and errors below do not carry it
    const res = await fetch(`${this.apiRoot}/file/bot${this.token}/${file.file_path}`, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) })
    if (res.status === 404) throw new PermanentDeliveryError(`Telegram has no file ${attachment.name}`)
    if (!res.ok) throw new Error(`downloading ${attachment.name} from Telegram failed with HTTP ${res.status}`)
    return new Uint8Array(await res.arrayBuffer())
  }

  /** Takes a member out of the group without banning them for good (ban, then unban): they may come back through a join request. */
  async removeMember(binding: RoomBinding, platformUserId: string): Promise<void> {
    const userId = Number(platformUserId)
    await call(async () => {
      await this.api.banChatMember(binding.chatId, userId, { revoke_messages: false })
      try {
        await this.api.unbanChatMember(binding.chatId, userId, { only_if_banned: true })
      } catch (err) {
        // a basic group has no unban: a removed member may still come back through an invite link
        if (!isDescribed(err, /supergroup/)) throw err
      }
    })
  }

  /** A muted member may not post in the group (every sending permission off). Supergroups only: a basic group refuses, for good. */
  async restrictMember(binding: RoomBinding, platformUserId: string): Promise<void> {
    await this.setSending(binding, platformUserId, false)
  }

  /** Lifts the restriction (every permission true, as Telegram asks); the group's own default permissions still apply. */
  async unrestrictMember(binding: RoomBinding, platformUserId: string): Promise<void> {
    await this.setSending(binding, platformUserId, true)
  }

  private async setSending(binding: RoomBinding, platformUserId: string, allowed: boolean): Promise<void> {
    const permissions = Object.fromEntries(MEMBER_PERMISSIONS.map((p) => [p, allowed]))
    await call(async () => {
      try {
        await this.api.restrictChatMember(binding.chatId, Number(platformUserId), permissions)
      } catch (err) {
        // a basic group, an administrator, or a user Telegram does not know there: retrying cannot help
        if (isDescribed(err, /supergroup|administrator|can't restrict|user not found|participant_id_invalid|user_not_participant/)) throw new PermanentDeliveryError(`Telegram: ${(err as GrammyError).description}`)
        throw err
      }
    })
  }

  private sendFile(chatId: string, file: OutboundFile, extra: { caption?: string; caption_entities?: MessageEntity[]; reply_parameters?: { message_id: number; allow_sending_without_reply: boolean } }) {
    const input = new InputFile(file.data, file.name)
    if (file.kind === 'photo' && file.data.length <= PHOTO_LIMIT) return this.api.sendPhoto(chatId, input, extra)
    return this.api.sendDocument(chatId, input, extra)
  }
}

/**
 * The parts of an outbound message as one Telegram text: each part is the
 * author's name in bold, then its text; parts of a coalesced burst one under
 * another. Entities only (UTF-16 offsets, as JavaScript counts).
 */
export function renderParts(parts: OutboundPart[]): { text: string; entities: MessageEntity[] } {
  let text = ''
  const entities: MessageEntity[] = []
  for (const part of parts) {
    if (text) text += '\n\n'
    entities.push({ type: 'bold', offset: text.length, length: part.authorName.length })
    text += part.authorName
    if (!part.text) continue
    text += ': '
    const at = text.length
    text += part.text
    for (const e of part.entities) entities.push(telegramEntity(e, at))
  }
  return clip(text, entities, TELEGRAM_GROUP.maxTextLength)
}

function telegramEntity(e: TextEntity, shift: number): MessageEntity {
  const offset = e.offset + shift
  if (e.type === 'link') return { type: 'text_link', offset, length: e.length, url: e.url! }
  return { type: e.type, offset, length: e.length } as MessageEntity
}

function clip(text: string, entities: MessageEntity[], max: number): { text: string; entities: MessageEntity[] } {
  if (text.length <= max) return { text, entities }
  const cut = text.slice(0, max - 1) + '…'
  return { text: cut, entities: entities.filter((e) => e.offset + e.length <= max - 1) }
}

/** Every ChatPermissions field: all false restricts a member from posting, all true lifts a restriction. */
const MEMBER_PERMISSIONS = [
  'can_send_messages', 'can_send_audios', 'can_send_documents', 'can_send_photos', 'can_send_videos', 'can_send_video_notes',
  'can_send_voice_notes', 'can_send_polls', 'can_send_other_messages', 'can_add_web_page_previews', 'can_change_info',
  'can_invite_users', 'can_pin_messages', 'can_manage_topics',
] as const

function isDescribed(err: unknown, pattern: RegExp): boolean {
  return err instanceof GrammyError && pattern.test(err.description.toLowerCase())
}

/** Telegram's answers as the relay understands them. */
async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    throw relayError(err)
  }
}

export function relayError(err: unknown): unknown {
  if (!(err instanceof GrammyError)) return err
  if (err.error_code === 429) return new RateLimitedError((err.parameters.retry_after ?? 1) * 1000, `Telegram: ${err.description}`)
  if (err.error_code === 403) return new PermanentDeliveryError(`Telegram: ${err.description}`)
  const d = err.description.toLowerCase()
  if (err.error_code === 400 && /chat not found|group chat was upgraded|not enough rights|have no rights|chat_write_forbidden|message to edit not found|message can't be (edited|deleted)|bot is not a member/.test(d))
    return new PermanentDeliveryError(`Telegram: ${err.description}`)
  return err
}
