/**
 * A local simulator of the Telegram Bot API (HTTP) for tests and benchmarks.
 *
 * The real grammY client talks to it:
 * ```ts
 * const sim = await startTelegramSimulator()
 * const bot = new Bot(sim.token, { botInfo: sim.botInfo, client: { apiRoot: sim.apiRoot } })
 * const alice = sim.user({ first_name: 'Alice' })
 * alice.sendText('/start')
 * const [reply] = await sim.waitFor({ chatId: alice.id })
 * ```
 *
 * Groups (`sim.group()`): members post texts, photos, documents and stickers,
 * edit (`user.editText`), ask to join (`requestJoin`, answered with
 * approve/declineChatJoinRequest); the bot makes invite links
 * (createChatInviteLink), removes members (banChatMember, with a
 * left_chat_member service message), lifts bans (unbanChatMember,
 * supergroups only) and restricts members (restrictChatMember, supergroups
 * only; every permission true lifts it): a member restricted from sending
 * cannot post (`send` throws, as Telegram's apps refuse);
 * `memberStatus(user)` tells where a user stands;
 * `migrateToSupergroup()` upgrades a basic group (new id, migrate_* service
 * messages, the old id refusing sends with migrate_to_chat_id).
 */
import { randomBytes } from 'node:crypto'
import type { BotCommand, Chat, Message, Update, User, UserFromGetMe } from 'grammy/types'
import { SimGroup, SimUser, type UserInit, type World } from './actors'
import type { UrlPolicy } from './files'
import { DEFAULT_LIMITS, RateLimiter, type RateLimits } from './rate-limit'
import { invoke, startServer, type InjectedFailure, type ServerDeps } from './server'
import { scopeKey, SimState, type CallbackAnswer, type CallRecord } from './state'
import { UpdateQueue, type UpdateInput, type WebhookDelivery } from './updates'
import { waitUntil } from './wait'
import { ChatView } from './chat-view'

/** How long a wait on the simulator's state may take before it fails: a guard against a hang, generous for a loaded machine. */
const WAIT_MS = 15_000

export { SimGroup, SimUser } from './actors'
export { ChatView } from './chat-view'
export type { MediaOptions, SendOptions, UserInit } from './actors'
export { ApiError } from './errors'
export { parseHtml } from './html'
export { parseMarkdown } from './markdown'
export { DEFAULT_LIMITS, RateLimiter, TokenBucket } from './rate-limit'
export type { RateLimits } from './rate-limit'
export type { InjectedFailure } from './server'
export type { CallbackAnswer, CallRecord } from './state'
export type { WebhookDelivery } from './updates'

export interface SimulatorOptions {
  /** Bot token; default: a random `<id>:<secret>`. The bot id is the number before ':'. */
  token?: string
  /** Bot username (getMe); default 'sim_test_bot'. */
  botUsername?: string
  /** Bot first name; default 'Test Bot'. */
  botName?: string
  /** Rate limits (merged over DEFAULT_LIMITS), or `false` to disable limiting. */
  limits?: Partial<RateLimits> | false
  /** Group privacy mode (only for groups where the bot is not an admin). Default false. */
  privacyMode?: boolean
  /** Which http(s) file URLs are really fetched; others become placeholder bytes. Default 'loopback'. */
  urlPolicy?: UrlPolicy
  /** Latency added to every API call, in ms. Default 0. */
  latencyMs?: number
  /** Delay before re-delivering an update the webhook refused. Default 200 ms. */
  webhookRetryMs?: number
  /** Largest accepted request body (413 above). Default 50 MB, like the cloud Bot API. */
  maxUploadBytes?: number
  /** Clock in ms (rate limits, dates). Default Date.now. */
  now?: () => number
}

/** Query form of {@link TelegramSimulator.waitFor}. */
export interface MessageQuery {
  /** Only messages the bot sent to this chat. */
  chatId?: number
  /** Resolve once at least this many messages match (default 1). */
  count?: number
  /** Text or caption must equal the string / match the RegExp. */
  text?: string | RegExp
  /** Extra filter. */
  where?: (m: Message) => boolean
}

/** A running simulator. Create with {@link startTelegramSimulator}. */
export class TelegramSimulator {
  /** Base URL for grammY's `client.apiRoot`, e.g. `http://127.0.0.1:40123`. */
  readonly apiRoot: string
  readonly token: string
  /** The bot (what getMe returns); pass as grammY's `botInfo` to skip getMe. */
  readonly bot: UserFromGetMe
  /** Internal state, for advanced assertions. */
  readonly state: SimState
  private readonly updates: UpdateQueue
  private readonly limiter: RateLimiter
  private readonly deps: ServerDeps
  private readonly world: World
  private readonly closeServer: () => Promise<void>
  private nextUserId = 100_000_001
  private nextGroupId = 1
  private privacy: boolean
  private latency: number

  /** @internal use startTelegramSimulator */
  constructor(init: { apiRoot: string; closeServer: () => Promise<void>; deps: ServerDeps; privacy: boolean; latency: number }) {
    this.apiRoot = init.apiRoot
    this.closeServer = init.closeServer
    this.deps = init.deps
    this.token = init.deps.token
    this.state = init.deps.state
    this.bot = this.state.bot
    this.updates = init.deps.updates
    this.limiter = init.deps.limiter
    this.privacy = init.privacy
    this.latency = init.latency
    this.world = { state: this.state, updates: this.updates, privacyMode: () => this.privacy }
  }

  /** Alias of {@link bot}, named like grammY's option. */
  get botInfo(): UserFromGetMe {
    return this.bot
  }

  /** Every API call (method, decoded params, HTTP status, description/result), in order. */
  get calls(): CallRecord[] {
    return this.state.calls
  }

  /** Calls of one method (case-insensitive). */
  callsTo(method: string): CallRecord[] {
    const m = method.toLowerCase()
    return this.state.calls.filter((c) => c.method.toLowerCase() === m)
  }

  /** answerCallbackQuery calls, in order. */
  get callbackAnswers(): CallbackAnswer[] {
    return this.state.callbackAnswers
  }

  /** Every update ever pushed to the bot, in order. */
  get pushedUpdates(): Update[] {
    return this.updates.all
  }

  /** Updates not yet confirmed by the bot (getUpdates offset or a 2xx webhook response). */
  get pendingUpdates(): number {
    return this.updates.pendingCount
  }

  /** Whether a getUpdates long poll is waiting on the server right now. */
  get pollWaiting(): boolean {
    return this.updates.pollWaiting
  }

  /** Webhook POST attempts (with the secret header value sent and the bot's status). */
  get webhookDeliveries(): WebhookDelivery[] {
    return this.updates.deliveries
  }

  /** Current webhook config (undefined in polling mode). */
  get webhook() {
    return this.updates.webhook
  }

  /** Commands set via setMyCommands for a scope (default scope if omitted) and language. */
  commands(scope?: Record<string, unknown>, languageCode?: string): BotCommand[] | undefined {
    return this.state.commands.get(scopeKey(scope, languageCode))
  }

  /** Creates (or returns the existing) user with a private chat with the bot. */
  user(init: UserInit = {}): SimUser {
    const id = init.id ?? this.nextUserId++
    const existing = this.state.users.get(id)
    if (existing) return new SimUser(this.world, existing)
    const user: User = {
      id, is_bot: false, first_name: init.first_name ?? `User${id}`,
      ...(init.last_name ? { last_name: init.last_name } : {}),
      ...(init.username ? { username: init.username } : {}),
      ...(init.language_code ? { language_code: init.language_code } : {}),
      ...(init.is_premium ? { is_premium: true as const } : {}),
    }
    this.state.users.set(id, user)
    return new SimUser(this.world, user)
  }

  /**
   * Creates a group the bot is in (administrator unless changed). Ids below
   * -1e12 (e.g. -100...) make a supergroup, like Telegram's.
   */
  group(init: { id?: number; title?: string; username?: string; type?: 'group' | 'supergroup' } = {}): SimGroup {
    const id = init.id ?? -(1_000_000_000_000 + this.nextGroupId++)
    const type = init.type ?? (id < -1_000_000_000_000 ? 'supergroup' : 'group')
    const existing = this.state.chats.get(id)?.chat
    const chat = existing ?? {
      id, type, title: init.title ?? `Group ${-id}`, ...(init.username && type === 'supergroup' ? { username: init.username } : {}),
    }
    return new SimGroup(this.world, chat as Chat.GroupChat | Chat.SupergroupChat)
  }

  /** A live view of a chat's messages and state. */
  chat(chatId: number): ChatView {
    return new ChatView(this.state, chatId)
  }

  /** Pushes a raw update (update_id is assigned) to getUpdates or the webhook. */
  pushUpdate(update: UpdateInput): Update {
    return this.updates.push(update)
  }

  /**
   * Waits until the bot has sent a matching message.
   * - predicate: resolves with the first live bot message (any chat, send order) that matches;
   * - query: resolves with all matching messages once there are at least `count` (default 1).
   * Messages already sent count. Edits are seen (current versions are tested).
   */
  waitFor(predicate: (m: Message) => boolean, timeoutMs?: number): Promise<Message>
  waitFor(query: MessageQuery, timeoutMs?: number): Promise<Message[]>
  waitFor(q: ((m: Message) => boolean) | MessageQuery, timeoutMs = WAIT_MS): Promise<Message | Message[]> {
    if (typeof q === 'function') return this.waitUntil(() => this.state.allBotMessages().find(q), timeoutMs)
    const count = q.count ?? 1
    const textOk = (m: Message) => {
      const t = m.text ?? m.caption
      if (q.text === undefined) return true
      return typeof q.text === 'string' ? t === q.text : t !== undefined && q.text.test(t)
    }
    return this.waitUntil(() => {
      const list = (q.chatId !== undefined ? this.state.botMessages(q.chatId) : this.state.allBotMessages())
        .filter((m) => textOk(m) && (!q.where || q.where(m)))
      return list.length >= count ? list : undefined
    }, timeoutMs)
  }

  /** Resolves with the first truthy `check()` result, re-checked on every state change. */
  waitUntil<T>(check: () => T | undefined | null | false, timeoutMs = WAIT_MS): Promise<T> {
    return waitUntil(this.state, check, timeoutMs, () => this.describe())
  }

  /** Waits for a call of `method` (optionally matching `where`) that already happened or comes next. */
  waitForCall(method: string, where: (c: CallRecord) => boolean = () => true, timeoutMs = WAIT_MS): Promise<CallRecord> {
    return this.waitUntil(() => this.callsTo(method).find(where), timeoutMs)
  }

  /** Waits until every pushed update was confirmed by the bot (processed, for bot.start() and webhooks). */
  drained(timeoutMs = WAIT_MS): Promise<true> {
    return this.waitUntil(() => this.updates.pendingCount === 0, timeoutMs)
  }

  /**
   * Makes the next `times` calls of `method` ('*' = any) fail, e.g.
   * `{ status: 429, retry_after: 1 }` or `{ status: 500 }`. The call is logged and not executed.
   * After an injected 429, the same method into the same chat is refused with
   * 429 until retry_after has passed (Telegram's flood wait).
   */
  failNext(method: string, failure: InjectedFailure, times = 1): void {
    const key = method === '*' ? '*' : method.toLowerCase()
    const queue = this.deps.failures.get(key) ?? []
    for (let i = 0; i < times; i++) queue.push({ ...failure })
    this.deps.failures.set(key, queue)
  }

  /** Changes rate limits at run time (merged over the current ones) or disables them with `false`; resets buckets. */
  setLimits(limits: Partial<RateLimits> | false): void {
    this.limiter.configure(limits)
  }

  /** Current limits (`false` when disabled). */
  get limits(): RateLimits | false {
    return this.limiter.current
  }

  /** Sets artificial latency per API call (ms). */
  setLatency(ms: number): void {
    this.latency = ms
  }

  /** Turns group privacy mode on/off. */
  setPrivacyMode(on: boolean): void {
    this.privacy = on
  }

  /** Calls a Bot API method in-process, as if over HTTP (useful for setup). */
  async api(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const { body } = await invoke(this.deps, method, params)
    if (!body.ok) throw new Error(String(body.description))
    return body.result
  }

  /** Stops the server; pending long polls return empty. */
  async close(): Promise<void> {
    this.updates.close()
    await this.closeServer()
  }

  /** For timeout messages: what the bot did so far. */
  private describe(): string {
    const sent = this.state.allBotMessages().slice(-10)
      .map((m) => `[${m.chat.id}#${m.message_id}] ${JSON.stringify(m.text ?? m.caption ?? Object.keys(m).find((k) => ['photo', 'document', 'video', 'poll', 'sticker'].includes(k)))}`)
    const failed = this.state.calls.filter((c) => !c.ok).slice(-5).map((c) => `${c.method} ${c.status} ${c.description}`)
    return `Last bot messages: ${sent.length ? sent.join('; ') : 'none'}. Failed calls: ${failed.length ? failed.join('; ') : 'none'}. Pending updates: ${this.updates.pendingCount}.`
  }

  /** @internal */
  get latencyMs(): number {
    return this.latency
  }
}

/** Starts a simulator on 127.0.0.1 with a random port. Close it with `sim.close()`. */
export async function startTelegramSimulator(options: SimulatorOptions = {}): Promise<TelegramSimulator> {
  const now = options.now ?? Date.now
  const token = options.token ?? `${7_000_000_000 + Math.floor(Math.random() * 999_999_999)}:AA${randomBytes(24).toString('base64url')}`
  const idFromToken = Number(/^(\d+):/.exec(token)?.[1])
  const bot: UserFromGetMe = {
    id: Number.isSafeInteger(idFromToken) ? idFromToken : 7_000_000_001,
    is_bot: true,
    first_name: options.botName ?? 'Test Bot',
    username: options.botUsername ?? 'sim_test_bot',
    can_join_groups: true,
    can_read_all_group_messages: !options.privacyMode,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  }
  const state = new SimState(bot, now)
  let sim: TelegramSimulator | undefined
  const updates = new UpdateQueue(
    () => state.changed(),
    async (method, params) => {
      await invoke(deps, method, params)
    },
    options.webhookRetryMs,
  )
  const limits = options.limits === false ? false : { ...DEFAULT_LIMITS, ...options.limits }
  const deps: ServerDeps = {
    token, state, updates,
    limiter: new RateLimiter(limits, now),
    urlPolicy: options.urlPolicy ?? 'loopback',
    failures: new Map(),
    floodUntil: new Map(),
    latencyMs: () => sim?.latencyMs ?? 0,
    maxUploadBytes: options.maxUploadBytes ?? 50 * 1024 * 1024,
  }
  const server = await startServer(deps)
  sim = new TelegramSimulator({ apiRoot: server.apiRoot, closeServer: server.close, deps, privacy: options.privacyMode ?? false, latency: options.latencyMs ?? 0 })
  return sim
}
