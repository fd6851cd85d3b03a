// The Telegram Messenger: sends a message plan to a chat on grammY's Api (no
// update context), so the bot's answers and worker jobs send the same way.
// Texts as HTML (format.ts), media through the file_id cache (media.ts), quiz
// polls mapped to their content in Redis (poll-map.ts), buttons as signed
// callback data for the user who will press them. A chat that refuses the bot
// (blocked, deactivated, gone) is reported as UnreachableError.
import { Api, GrammyError } from 'grammy'
import type { InlineKeyboardButton, InlineKeyboardMarkup, Message } from 'grammy/types'
import type { Redis } from 'ioredis'
import type { ButtonRow, MessagePlan, PlanMessage } from '../../domain/delivery/plan'
import { TELEGRAM_PROFILE } from '../../domain/delivery/profile'
import type { Block } from '../../domain/delivery/rich-text'
import { type Messenger, type Recipient, type SendReceipt, UnreachableError, type UnreachableReason } from '../../domain/messenger'
import type { Pacer } from '../../domain/pacing'
import type { PlatformFilesService } from '../../domain/platform-files.service'
import type { FileStorage } from '../../domain/uploads'
import type { Logger } from '../../infra/logger'
import type { CallbackCodec } from '../shared/callback-data'
import { encodeFlowAction } from '../shared/flow-actions'
import type { BotDeps } from './deps'
import { MissingFileError, sendMedia } from './delivery/media'
import { rememberPoll } from './delivery/poll-map'
import { renderHtml } from './format'
import { pacedRetry } from './rate-limits'

export interface TelegramMessengerDeps {
  /** The bot's Api (with its transformers: 429s waited out). */
  api: Api
  platformFiles: PlatformFilesService
  files: FileStorage
  /** Commands connection (the poll map, keys `tg:poll:*`). */
  redis: Redis
  callbacks: CallbackCodec
  logger: Logger
}

/** The messenger on an Api with the bot's dependencies. */
export function telegramMessengerFor(api: Api, deps: Pick<BotDeps, 'domain' | 'files' | 'redis' | 'callbacks' | 'logger'>): TelegramMessenger {
  return new TelegramMessenger({ api, platformFiles: deps.domain.platformFiles, files: deps.files, redis: deps.redis, callbacks: deps.callbacks, logger: deps.logger })
}

/**
 * grammY's Api for sending without a bot (worker processes): a 429 holds
 * Telegram in every process through the shared pacer and is waited out there
 * (rate-limits.ts), not only in this process.
 */
export function telegramApi(token: string, pacer: Pacer, apiRoot?: string): Api {
  const api = new Api(token, apiRoot ? { apiRoot } : undefined)
  api.config.use(pacedRetry(pacer))
  return api
}

export class TelegramMessenger implements Messenger {
  readonly platform = 'TELEGRAM' as const
  readonly profile = TELEGRAM_PROFILE

  constructor(private readonly deps: TelegramMessengerDeps) {}

  async send(to: Recipient, plan: MessagePlan): Promise<SendReceipt> {
    if (to.platform !== 'TELEGRAM') throw new Error(`the Telegram messenger cannot send to ${to.platform}`)
    const chatId = to.chatId
    const ids: string[] = []
    try {
      for (const message of plan.messages) for (const sent of await this.sendOne(to, message)) ids.push(String(sent.message_id))
    } catch (err) {
      const reason = unreachableReason(err)
      if (reason) throw new UnreachableError('TELEGRAM', chatId, reason, (err as GrammyError).description)
      throw err
    }
    return { platform: 'TELEGRAM', chatId, messageIds: ids }
  }

  private async sendOne(to: Recipient, message: PlanMessage): Promise<Message[]> {
    const { api } = this.deps
    const markup = this.keyboard(to, message.buttons)
    const extra = markup ? { reply_markup: markup } : {}
    switch (message.type) {
      case 'text':
        return [await this.text(to.chatId, message.blocks, markup)]
      case 'link':
        return [
          await api.sendMessage(to.chatId, renderHtml(message.blocks), {
            parse_mode: 'HTML',
            link_preview_options: { url: message.url, prefer_large_media: true, show_above_text: false },
            ...extra,
          }),
        ]
      case 'media': {
        const caption = message.caption.length ? renderHtml(message.caption) : undefined
        try {
          return [await sendMedia(this.deps, to.chatId, message.media, { ...(caption ? { caption } : {}), ...extra })]
        } catch (err) {
          if (!(err instanceof MissingFileError)) throw err
          this.deps.logger.error({ contentId: message.media.contentId, filePath: message.media.filePath }, 'lesson file is missing on disk')
          // the caption as text, then a line saying the file is missing, with the buttons
          const sent: Message[] = []
          if (message.caption.length) sent.push(await this.text(to.chatId, message.caption))
          sent.push(await this.text(to.chatId, message.missing, markup))
          return sent
        }
      }
      case 'poll': {
        const { poll } = message
        const sent = await api.sendPoll(to.chatId, poll.question, poll.options.map((text) => ({ text })), {
          type: 'quiz',
          is_anonymous: false,
          correct_option_ids: [poll.correctIndex],
          ...(poll.explanation ? { explanation: poll.explanation } : {}),
          ...extra,
        })
        const voter = Number(to.buttonsFor ?? (to.kind === 'user' ? to.chatId : NaN))
        if (sent.poll && Number.isInteger(voter)) await rememberPoll(this.deps.redis, sent.poll.id, { contentId: poll.contentId, telegramUserId: voter })
        return [sent]
      }
    }
  }

  private text(chatId: string, blocks: Block[], markup?: InlineKeyboardMarkup): Promise<Message> {
    return this.deps.api.sendMessage(chatId, renderHtml(blocks), {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(markup ? { reply_markup: markup } : {}),
    })
  }

  /** Inline keyboard of a message: callback buttons signed for the user who will press them, URL buttons as they are. */
  keyboard(to: Recipient, rows: ButtonRow[]): InlineKeyboardMarkup | undefined {
    const owner = to.buttonsFor ?? (to.kind === 'user' ? to.chatId : undefined)
    const inline = rows
      .map((row) =>
        row.flatMap((b): InlineKeyboardButton[] => {
          if (b.action.type === 'url') return [{ text: b.label, url: b.action.url }]
          if (owner === undefined) return [] // nobody to sign for: a channel post has no callback buttons
          return [{ text: b.label, callback_data: encodeFlowAction(this.deps.callbacks, owner, b.action)! }]
        }),
      )
      .filter((row) => row.length > 0)
    return inline.length ? { inline_keyboard: inline } : undefined
  }
}

/** Why Telegram refuses to deliver to a chat for good, or null for any other failure. */
export function unreachableReason(err: unknown): UnreachableReason | null {
  if (!(err instanceof GrammyError)) return null
  const d = err.description.toLowerCase()
  if (err.error_code === 403) return /deactivated/.test(d) ? 'deactivated' : 'blocked'
  if (err.error_code === 400 && /chat not found|user not found|peer_id_invalid/.test(d)) return 'not_found'
  return null
}
