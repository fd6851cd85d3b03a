import type {
  BotCommand, CallbackQuery, Chat, ChatInviteLink, ChatJoinRequest, ChatMember, MenuButton, Message,
  Poll, ReplyKeyboardMarkup, User, UserFromGetMe,
} from 'grammy/types'
import { ApiError, badRequest, forbidden } from './errors'
import { FileStore } from './files'

/** Everything the simulator knows about one chat. */
export interface ChatRecord {
  chat: Chat
  nextMessageId: number
  /** All live messages in the chat (users' and the bot's), current version, in send order. */
  history: Message[]
  /** message_id -> live message (same objects as in history). */
  byId: Map<number, Message>
  /** Messages removed by deleteMessage (their last version). */
  deleted: Message[]
  members: Map<number, ChatMember>
  joinRequests: Map<number, ChatJoinRequest>
  inviteLinks: ChatInviteLink[]
  /** sendChatAction calls, in order. */
  actions: { action: string; at: number }[]
  /** The reply keyboard currently shown to the user (undefined after remove_keyboard). */
  replyKeyboard?: ReplyKeyboardMarkup
  /** The bot's own membership in a group. */
  botStatus: 'administrator' | 'member' | 'left' | 'kicked'
  /** Private chats: the user blocked the bot (sends fail with 403). */
  blocked: boolean
  /** A basic group upgraded to a supergroup: its new id (sends fail with 400 and migrate_to_chat_id). */
  migratedTo?: number
  menuButton?: MenuButton
}

export interface PollRecord {
  poll: Poll
  chatId: number
  messageId: number
  votes: Map<number, number[]>
}

/** One answerCallbackQuery call. */
export interface CallbackAnswer {
  callback_query_id: string
  text?: string
  show_alert: boolean
  url?: string
  cache_time?: number
  /** The query that was answered. */
  query?: CallbackQuery
  at: number
}

/** One Bot API call as seen by the simulator. */
export interface CallRecord {
  method: string
  /** Decoded parameters; uploaded files appear as `{ upload: filename, size }`. */
  params: Record<string, unknown>
  status: number
  ok: boolean
  description?: string
  /** The `result` for successful calls. */
  result?: unknown
  at: number
}

/** The mutable world of one simulated bot. */
export class SimState {
  readonly chats = new Map<number, ChatRecord>()
  readonly users = new Map<number, User>()
  readonly files = new FileStore()
  readonly polls = new Map<string, PollRecord>()
  readonly callbackQueries = new Map<string, { query: CallbackQuery; answered: boolean }>()
  readonly callbackAnswers: CallbackAnswer[] = []
  readonly calls: CallRecord[] = []
  /** setMyCommands sets, keyed by `scopeKey(scope, language_code)`. */
  readonly commands = new Map<string, BotCommand[]>()
  defaultMenuButton: MenuButton = { type: 'default' }
  /** Bot messages in send order across chats (for waitFor). */
  readonly sentOrder: { chatId: number; messageId: number }[] = []
  private readonly listeners = new Set<() => void>()

  constructor(readonly bot: UserFromGetMe, readonly now: () => number) {}

  /** Unix time in seconds, as in Message.date. */
  unixNow(): number {
    return Math.floor(this.now() / 1000)
  }


  /** Subscribes to every state change; returns an unsubscribe function. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  changed() {
    for (const fn of [...this.listeners]) fn()
  }

  addChat(chat: Chat): ChatRecord {
    const existing = this.chats.get(chat.id)
    if (existing) return existing
    const rec: ChatRecord = {
      chat, nextMessageId: 1, history: [], byId: new Map(), deleted: [], members: new Map(), joinRequests: new Map(),
      inviteLinks: [], actions: [], botStatus: chat.type === 'private' ? 'member' : 'administrator', blocked: false,
    }
    this.chats.set(chat.id, rec)
    return rec
  }

  /** Resolves `chat_id` (number or "@username"); 400 "chat not found" otherwise. */
  chatFor(chatId: number | string | undefined): ChatRecord {
    if (chatId === undefined || chatId === '') throw badRequest('chat_id is empty')
    let rec: ChatRecord | undefined
    if (typeof chatId === 'string' && chatId.startsWith('@')) {
      const name = chatId.slice(1).toLowerCase()
      rec = [...this.chats.values()].find((c) => 'username' in c.chat && c.chat.username?.toLowerCase() === name)
    } else {
      rec = this.chats.get(Number(chatId))
    }
    if (!rec) throw badRequest('chat not found')
    return rec
  }

  /** Like chatFor, but also fails the way Telegram does when the bot may not write there. */
  writableChat(chatId: number | string | undefined): ChatRecord {
    const rec = this.chatFor(chatId)
    if (rec.chat.type === 'private' && rec.blocked) throw forbidden('bot was blocked by the user')
    if (rec.migratedTo !== undefined) throw new ApiError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: rec.migratedTo })
    if (rec.chat.type !== 'private' && (rec.botStatus === 'left' || rec.botStatus === 'kicked')) {
      throw rec.botStatus === 'kicked'
        ? forbidden(`bot was kicked from the ${rec.chat.type} chat`)
        : forbidden(`bot is not a member of the ${rec.chat.type} chat`)
    }
    return rec
  }

  /** Appends a message to a chat, assigning the chat's next message_id. */
  addMessage(rec: ChatRecord, from: User, fields: Partial<Message>): Message {
    const message = {
      message_id: rec.nextMessageId++,
      from,
      chat: rec.chat,
      date: this.unixNow(),
      ...fields,
    } as Message
    rec.history.push(message)
    rec.byId.set(message.message_id, message)
    if (from.id === this.bot.id) this.sentOrder.push({ chatId: rec.chat.id, messageId: message.message_id })
    return message
  }

  findMessage(rec: ChatRecord, messageId: number): Message | undefined {
    return rec.byId.get(messageId)
  }

  /** Replaces a message with its edited version (keeps its position). */
  replaceMessage(rec: ChatRecord, next: Message) {
    const i = rec.history.findIndex((m) => m.message_id === next.message_id)
    if (i < 0) return
    rec.history[i] = next
    rec.byId.set(next.message_id, next)
  }

  deleteMessage(rec: ChatRecord, messageId: number): boolean {
    const i = rec.history.findIndex((m) => m.message_id === messageId)
    if (i < 0) return false
    rec.byId.delete(messageId)
    rec.deleted.push(...rec.history.splice(i, 1))
    return true
  }

  /** Bot messages of one chat, current versions, in order. */
  botMessages(chatId: number): Message[] {
    return this.chats.get(chatId)?.history.filter((m) => m.from?.id === this.bot.id) ?? []
  }

  /** All live bot messages across chats, in send order. */
  allBotMessages(): Message[] {
    const out: Message[] = []
    for (const { chatId, messageId } of this.sentOrder) {
      const rec = this.chats.get(chatId)
      const m = rec && this.findMessage(rec, messageId)
      if (m) out.push(m)
    }
    return out
  }
}

/** Key of a setMyCommands set: scope JSON (default scope if omitted) plus language code. */
export function scopeKey(scope: unknown, languageCode: string | undefined): string {
  const s = scope && typeof scope === 'object' ? (scope as Record<string, unknown>) : { type: 'default' }
  const ordered = Object.fromEntries(Object.entries(s).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, k === 'chat_id' || k === 'user_id' ? String(v) : v]))
  return `${JSON.stringify(ordered)}|${languageCode ?? ''}`
}
