import { createHash, randomBytes } from 'node:crypto'
import type { CallbackQuery, Chat, ChatInviteLink, ChatJoinRequest, ChatMember, Message, Update, User } from 'grammy/types'
import type { FileKind } from './files'
import { makeMember, maySend } from './methods/chats'
import type { ChatRecord, SimState } from './state'
import { detectEntities } from './text'
import type { UpdateQueue } from './updates'

/** What the actors need from the simulator. */
export interface World {
  state: SimState
  updates: UpdateQueue
  /** When true, group messages reach the bot only if addressed to it (commands, replies, mentions). */
  privacyMode: () => boolean
}

export interface UserInit {
  id?: number
  first_name?: string
  last_name?: string
  username?: string
  language_code?: string
  is_premium?: true
}

export interface SendOptions {
  /** Reply to this message (or message_id) of the same chat. */
  replyTo?: Message | number
}

export interface MediaOptions extends SendOptions {
  bytes?: Uint8Array
  caption?: string
}

/** A tiny valid 2x2 PNG, used when a test sends a photo without bytes. */
const PNG_2X2 = Uint8Array.from(Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFElEQVR4nGP4z8DAAMIM/////w8AH+4F+7C4l8kAAAAASUVORK5CYII=', 'base64'))

let nextQueryId = 1

function chatInstance(chatId: number): string {
  return BigInt('0x' + createHash('sha1').update(String(chatId)).digest('hex').slice(0, 15)).toString()
}

/** Stores a message a user sent and pushes it to the bot (respecting privacy mode in groups). */
function post(world: World, rec: ChatRecord, from: User, fields: Partial<Message>, opts: SendOptions = {}): Message {
  // Telegram's apps do not let a member restricted from sending post at all
  if (!maySend(rec, from.id)) throw new Error(`telegram-sim: ${from.first_name} is restricted in chat ${rec.chat.id} and cannot send messages`)
  const replyId = typeof opts.replyTo === 'number' ? opts.replyTo : opts.replyTo?.message_id
  const reply = replyId === undefined ? undefined : world.state.findMessage(rec, replyId)
  if (replyId !== undefined && !reply) throw new Error(`telegram-sim: message ${replyId} not found in chat ${rec.chat.id}`)
  const message = world.state.addMessage(rec, from, { ...fields, ...(reply ? { reply_to_message: reply } : {}) } as Partial<Message>)
  if (reachesBot(world, rec, message)) world.updates.push({ message: message as Update['message'] })
  else world.state.changed()
  return message
}

function reachesBot(world: World, rec: ChatRecord, m: Message): boolean {
  if (rec.chat.type === 'private') return !rec.blocked
  if (rec.botStatus === 'left' || rec.botStatus === 'kicked') return false
  if (!world.privacyMode() || rec.botStatus === 'administrator') return true
  const bot = world.state.bot
  const text = m.text ?? m.caption ?? ''
  if (!m.text && !m.caption) return m.new_chat_members !== undefined || m.left_chat_member !== undefined
  const command = /^\/[a-zA-Z0-9_]+(?:@(\w+))?/.exec(text)
  if (command) return !command[1] || command[1].toLowerCase() === bot.username.toLowerCase()
  return m.reply_to_message?.from?.id === bot.id || text.toLowerCase().includes(`@${bot.username.toLowerCase()}`)
}

function textFields(text: string): Partial<Message> {
  const entities = detectEntities(text)
  return entities.length > 0 ? { text, entities } : { text }
}

function mediaFields(world: World, kind: FileKind, bytes: Uint8Array, extra: Record<string, unknown> = {}): Partial<Message> {
  const files = world.state.files
  if (kind === 'photo') return { photo: files.addPhoto(bytes) }
  const f = files.add(kind, bytes, { file_name: extra.file_name as string | undefined, mime_type: extra.mime_type as string | undefined })
  const media = kind === 'sticker'
    ? { file_id: f.file_id, file_unique_id: f.file_unique_id, type: 'regular', width: 512, height: 512, is_animated: false, is_video: false, emoji: extra.emoji ?? '👍', file_size: bytes.length }
    : { file_id: f.file_id, file_unique_id: f.file_unique_id, ...(f.file_name ? { file_name: f.file_name } : {}), ...(f.mime_type ? { mime_type: f.mime_type } : {}), file_size: bytes.length }
  f.media = media
  return { [kind]: media } as Partial<Message>
}

/** A simulated Telegram user who talks to the bot in a private chat (and in groups). */
export class SimUser {
  /** The private chat with the bot. */
  readonly chat: Chat.PrivateChat

  constructor(private readonly world: World, readonly user: User) {
    this.chat = {
      id: user.id, type: 'private', first_name: user.first_name,
      ...(user.last_name ? { last_name: user.last_name } : {}), ...(user.username ? { username: user.username } : {}),
    }
    world.state.addChat(this.chat)
  }

  get id(): number {
    return this.user.id
  }

  private get rec(): ChatRecord {
    return this.world.state.chatFor(this.chat.id)
  }

  /** Sends a text; commands (`/start`, `/help@bot`), mentions, hashtags and URLs get entities. */
  sendText(text: string, opts?: SendOptions): Message {
    return post(this.world, this.rec, this.user, textFields(text), opts)
  }

  /** Sends `/command payload`. */
  command(command: string, payload?: string): Message {
    return this.sendText(`/${command.replace(/^\//, '')}${payload ? ` ${payload}` : ''}`)
  }

  sendPhoto(opts: MediaOptions = {}): Message {
    return post(this.world, this.rec, this.user, { ...mediaFields(this.world, 'photo', opts.bytes ?? PNG_2X2), ...(opts.caption ? { caption: opts.caption } : {}) }, opts)
  }

  sendDocument(opts: MediaOptions & { file_name?: string; mime_type?: string } = {}): Message {
    const bytes = opts.bytes ?? new TextEncoder().encode('simulated document')
    return post(this.world, this.rec, this.user, {
      ...mediaFields(this.world, 'document', bytes, { file_name: opts.file_name ?? 'document.txt', mime_type: opts.mime_type }),
      ...(opts.caption ? { caption: opts.caption } : {}),
    }, opts)
  }

  sendSticker(opts: SendOptions & { emoji?: string } = {}): Message {
    return post(this.world, this.rec, this.user, mediaFields(this.world, 'sticker', randomBytes(64), { emoji: opts.emoji }), opts)
  }

  /** Edits one of this user's messages (edited_message update). */
  editText(message: Message, text: string): Message {
    const rec = this.world.state.chatFor(message.chat.id)
    const current = this.world.state.findMessage(rec, message.message_id)
    if (!current || current.from?.id !== this.id) throw new Error('telegram-sim: can only edit own, existing messages')
    const edited = { ...current, ...textFields(text), edit_date: this.world.state.unixNow() } as Message
    if (!edited.entities) delete (edited as Partial<Message>).entities
    this.world.state.replaceMessage(rec, edited)
    this.world.updates.push({ edited_message: edited as Update['edited_message'] })
    return edited
  }

  /**
   * Presses an inline button of a bot message (the current version of it).
   * `data` is matched against callback_data, then against the button text.
   */
  clickButton(message: Message | { chat: { id: number }; message_id: number }, data: string): CallbackQuery {
    const rec = this.world.state.chatFor(message.chat.id)
    const current = this.world.state.findMessage(rec, message.message_id)
    if (!current) throw new Error(`telegram-sim: message ${message.message_id} no longer exists`)
    const buttons = (current.reply_markup?.inline_keyboard ?? []).flat()
    const button = buttons.find((b) => 'callback_data' in b && b.callback_data === data)
      ?? buttons.find((b) => b.text === data && 'callback_data' in b)
    if (!button || !('callback_data' in button)) {
      throw new Error(`telegram-sim: no inline button with callback_data or text "${data}" (buttons: ${JSON.stringify(buttons)})`)
    }
    const query: CallbackQuery = {
      id: `${BigInt(this.id) * 1000n + BigInt(nextQueryId++)}`,
      from: this.user,
      message: current,
      chat_instance: chatInstance(rec.chat.id),
      data: button.callback_data,
    }
    this.world.state.callbackQueries.set(query.id, { query, answered: false })
    this.world.updates.push({ callback_query: query })
    return query
  }

  /** Votes in a poll sent by the bot (empty `optionIds` retracts the vote). */
  answerPoll(pollId: string, optionIds: number[]) {
    const { state, updates } = this.world
    const record = state.polls.get(pollId)
    if (!record) throw new Error(`telegram-sim: unknown poll ${pollId}`)
    const poll = record.poll
    if (poll.is_closed) throw new Error('telegram-sim: poll is closed')
    if (optionIds.some((i) => !Number.isInteger(i) || i < 0 || i >= poll.options.length)) throw new Error('telegram-sim: bad option id')
    if (optionIds.length > 1 && !poll.allows_multiple_answers) throw new Error('telegram-sim: poll allows one answer')
    const previous = record.votes.get(this.id)
    if (previous && poll.type === 'quiz') throw new Error('telegram-sim: quiz answers cannot be changed')
    const options = poll.options.map((o, i) => ({
      ...o, voter_count: o.voter_count - (previous?.includes(i) ? 1 : 0) + (optionIds.includes(i) ? 1 : 0),
    }))
    if (optionIds.length > 0) record.votes.set(this.id, optionIds)
    else record.votes.delete(this.id)
    record.poll = { ...poll, options, total_voter_count: record.votes.size }
    const rec = state.chats.get(record.chatId)
    const msg = rec && state.findMessage(rec, record.messageId)
    if (rec && msg) state.replaceMessage(rec, { ...msg, poll: record.poll } as Message)
    if (!poll.is_anonymous) {
      updates.push({
        poll_answer: {
          poll_id: pollId, user: this.user, option_ids: optionIds,
          option_persistent_ids: optionIds.map((i) => poll.options[i]!.persistent_id),
        },
      })
    }
    updates.push({ poll: record.poll })
  }

  /** The user blocks the bot: my_chat_member update, later sends fail with 403. */
  block() {
    this.setBlocked(true)
  }

  unblock() {
    this.setBlocked(false)
  }

  private setBlocked(blocked: boolean) {
    const rec = this.rec
    if (rec.blocked === blocked) return
    rec.blocked = blocked
    const bot = this.world.state.bot
    const member = (s: ChatMember['status']) => makeMember(bot, s)
    this.world.updates.push({
      my_chat_member: {
        chat: this.chat, from: this.user, date: this.world.state.unixNow(),
        old_chat_member: member(blocked ? 'member' : 'kicked'), new_chat_member: member(blocked ? 'kicked' : 'member'),
      },
    })
  }
}

/** A simulated group or supergroup with the bot in it (as administrator by default). */
export class SimGroup {
  constructor(private readonly world: World, readonly chat: Chat.GroupChat | Chat.SupergroupChat) {
    world.state.addChat(chat)
  }

  get id(): number {
    return this.chat.id
  }

  private get rec(): ChatRecord {
    return this.world.state.chatFor(this.chat.id)
  }

  /** Adds or changes a member without any update (setup helper). */
  addMember(user: SimUser, status: ChatMember['status'] = 'member'): this {
    this.rec.members.set(user.id, makeMember(user.user, status))
    return this
  }

  /** The bot's own status (e.g. 'member' to test missing admin rights). */
  setBotStatus(status: ChatRecord['botStatus']): this {
    this.rec.botStatus = status
    return this
  }

  /** `user` writes `text` in the group (becoming a member if needed). */
  send(user: SimUser, text: string, opts?: SendOptions): Message {
    if (!this.rec.members.has(user.id)) this.addMember(user)
    return post(this.world, this.rec, user.user, textFields(text), opts)
  }

  sendPhoto(user: SimUser, opts: MediaOptions = {}): Message {
    if (!this.rec.members.has(user.id)) this.addMember(user)
    return post(this.world, this.rec, user.user, { ...mediaFields(this.world, 'photo', opts.bytes ?? PNG_2X2), ...(opts.caption ? { caption: opts.caption } : {}) }, opts)
  }

  sendDocument(user: SimUser, opts: MediaOptions & { file_name?: string; mime_type?: string } = {}): Message {
    if (!this.rec.members.has(user.id)) this.addMember(user)
    const bytes = opts.bytes ?? new TextEncoder().encode('simulated document')
    return post(this.world, this.rec, user.user, {
      ...mediaFields(this.world, 'document', bytes, { file_name: opts.file_name ?? 'document.txt', mime_type: opts.mime_type }),
      ...(opts.caption ? { caption: opts.caption } : {}),
    }, opts)
  }

  sendSticker(user: SimUser, opts: SendOptions & { emoji?: string } = {}): Message {
    if (!this.rec.members.has(user.id)) this.addMember(user)
    return post(this.world, this.rec, user.user, mediaFields(this.world, 'sticker', randomBytes(64), { emoji: opts.emoji }), opts)
  }

  /**
   * Telegram upgrades the basic group to a supergroup (a new chat id): the old
   * chat gets a migrate_to_chat_id service message, the new one
   * migrate_from_chat_id; members, the bot's status and invite links move
   * along; the old id refuses sends with 400 and migrate_to_chat_id.
   */
  migrateToSupergroup(): SimGroup {
    const old = this.rec
    if (old.chat.type !== 'group') throw new Error('telegram-sim: only a basic group migrates')
    const id = -(1_000_000_000_000 + -old.chat.id)
    const supergroup = new SimGroup(this.world, { id, type: 'supergroup', title: old.chat.title })
    const rec = this.world.state.chatFor(id)
    rec.botStatus = old.botStatus
    for (const [userId, member] of old.members) rec.members.set(userId, member)
    rec.inviteLinks.push(...old.inviteLinks)
    const bot = this.world.state.bot
    const from = this.world.state.addMessage(old, bot, { migrate_to_chat_id: id } as Partial<Message>)
    old.migratedTo = id
    const to = this.world.state.addMessage(rec, bot, { migrate_from_chat_id: old.chat.id } as Partial<Message>)
    this.world.updates.push({ message: from as Update['message'] })
    this.world.updates.push({ message: to as Update['message'] })
    return supergroup
  }

  /** A member's current status (left when never seen). */
  memberStatus(user: SimUser): ChatMember['status'] {
    return this.rec.members.get(user.id)?.status ?? 'left'
  }

  /** `user` joins: service message with new_chat_members. */
  join(user: SimUser): Message {
    this.addMember(user, 'member')
    return post(this.world, this.rec, user.user, { new_chat_members: [user.user] })
  }

  /** `user` leaves: service message with left_chat_member. */
  leave(user: SimUser): Message {
    this.addMember(user, 'left')
    return post(this.world, this.rec, user.user, { left_chat_member: user.user })
  }

  /** `user` asks to join (chat_join_request update), optionally via an invite link. */
  requestJoin(user: SimUser, opts: { inviteLink?: ChatInviteLink | string; bio?: string } = {}): ChatJoinRequest {
    const link = typeof opts.inviteLink === 'string'
      ? this.rec.inviteLinks.find((l) => l.invite_link === opts.inviteLink)
      : opts.inviteLink
    if (opts.inviteLink && !link) throw new Error('telegram-sim: unknown invite link')
    const request = {
      chat: this.chat, from: user.user, user_chat_id: user.id, date: this.world.state.unixNow(),
      ...(opts.bio ? { bio: opts.bio } : {}), ...(link ? { invite_link: link } : {}),
    } as ChatJoinRequest
    this.rec.joinRequests.set(user.id, request)
    this.world.updates.push({ chat_join_request: request })
    return request
  }
}
