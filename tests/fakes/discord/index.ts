/**
 * A local Discord simulator for tests and benchmarks: one server that is both
 * the REST API (v10; `DISCORD_API_URL`) and the gateway WebSocket that its
 * GET /gateway/bot names. The real discord.js Client talks to it:
 * ```ts
 * const sim = await startDiscordSimulator()
 * const client = new Client({ intents: [...], partials: [Partials.Channel], rest: { api: sim.apiUrl } })
 * const guild = sim.guild({ name: 'School' }); const general = guild.textChannel({ name: 'general' })
 * const alice = sim.user({ username: 'alice', locale: 'ru' }); guild.addMember(alice)
 * await client.login(sim.token)
 * const i = alice.slash('courses', { channel: general })          // INTERACTION_CREATE
 * await sim.waitUntil(() => i.acknowledged)
 * expect(i.ack).toMatchObject({ status: 204 })                    // in time (late: 10062)
 * const [lesson] = await sim.waitForMessages({ dmOf: alice })       // what alice's DM received
 * ```
 *
 * Covers: gateway v10 JSON (HELLO, heartbeat/ACK, IDENTIFY with token, shard
 * and intents checks -> READY + GUILD_CREATE per shard-owned guild, RESUME with
 * replay + RESUMED, INVALID_SESSION, request guild members), dispatches
 * (INTERACTION_CREATE, MESSAGE_CREATE/UPDATE/DELETE with MESSAGE_CONTENT intent
 * semantics, GUILD_MEMBER_ADD/UPDATE/REMOVE, CHANNEL_CREATE, GUILD_ROLE_CREATE)
 * routed to the shard owning the guild (DMs to shard 0); REST: /gateway/bot,
 * users/@me, DM channels, channel messages (create/get/list/edit/delete,
 * multipart files[n] + payload_json with attachments served from a local CDN
 * URL), interaction callbacks (types 4-9, 3-second deadline -> 10062, double
 * ack -> 40060), follow-ups and @original via /webhooks/{app}/{token}, guild,
 * members, member role add/remove (ManageRoles and role hierarchy -> 50013),
 * channel permission overwrites (PUT/DELETE /channels/{id}/permissions/{id}:
 * type 0 role / 1 member, allow/deny bit strings, CHANNEL_UPDATE; the bot needs
 * Manage Roles in the channel and may only set bits it has, 50013 otherwise;
 * 10009 for an unknown overwrite) with Discord's computation of a member's
 * permissions in a channel (guild bits, then @everyone, roles' denies and
 * allows, the member's overwrite; Administrator and the owner bypass; no
 * ViewChannel, no other bit): the bot's REST calls on a channel it cannot see
 * get 50001, message events from it are not dispatched, a user cannot type or
 * run a command where they cannot see (`guild.canView(user, channel)`,
 * `guild.permissionsIn(...)`), interactions carry the channel's permissions,
 * message context menu commands (`user.messageCommand(name, message)`),
 * bulk delete (POST /channels/{id}/messages/bulk-delete: 2-100 ids, Manage
 * Messages, 50034 over two weeks old, one MESSAGE_DELETE_BULK),
 * stickers users post (`say(text, { sticker })` -> sticker_items),
 * channel webhooks (create/list/execute with username and avatar_url,
 * edit/delete their messages), application commands (global and guild,
 * validated like Discord: 50035 with the errors tree), message validation
 * (2000 content, embed and component limits, 50006 empty), DMs closed (50007),
 * 10003/10008/10013/50001/401; rate limits with X-RateLimit-* headers,
 * per-route buckets by major parameter (opening DM channels: 10/s), the 50/s global limit and 429 with
 * retry_after / Retry-After (configurable, or forced for one request).
 *
 * Not covered: zlib/etf encodings (plain JSON frames are sent even when
 * zlib-stream is asked), voice, presences, threads, reactions, channel
 * categories (no permission sync from a parent), invites,
 * bans, emojis/stickers, message search, polls' votes, Components V2 validation
 * (accepted as sent), the 10 MiB per-file nuance (the whole request is capped),
 * OAuth2 and user-installed apps. Interaction messages in DMs and guilds
 * are kept in the channel; ephemeral ones carry `ephemeralTo`.
 */
import { randomBytes } from 'node:crypto'
import type { APIApplicationCommand, APIUser } from 'discord.js'
import { createGuild, SimGuild, SimUser, type GuildInit, type UserInit, type World } from './actors'
import { SimClock } from './clock'
import type { SimContext } from './context'
import { Gateway, INTENTS, type GatewaySession } from './gateway'
import { DEFAULT_LIMITS, RateLimiter, type ForcedLimit, type RateLimits } from './rate-limit'
import { startServer, type InjectedFailure, type ServerDeps } from './server'
import { SimState, type CallRecord, type InteractionRecord, type MessageRecord, type RateLimitHit } from './state'
import { ChannelView, InteractionView } from './views'

export { SimGuild, SimUser, DEFAULT_BOT_PERMISSIONS } from './actors'
export type { ChannelInit, GuildInit, InteractionOptions, UserFile, UserInit } from './actors'
export { SimClock, shardOf, snowflakeTime } from './clock'
export { DiscordApiError } from './errors'
export { INTENTS } from './gateway'
export type { GatewaySession } from './gateway'
export { DEFAULT_LIMITS } from './rate-limit'
export type { ForcedLimit, RateLimits, RouteLimit } from './rate-limit'
export type { InjectedFailure } from './server'
export { ALL_PERMISSIONS, EVERYONE_PERMISSIONS, PERMISSIONS } from './state'
export type { CallRecord, CallbackAttempt, InteractionRecord, MessageRecord, RateLimitHit } from './state'
export { LOCALES } from './validate-commands'
export { ChannelView, InteractionView } from './views'

export interface DiscordSimulatorOptions {
  /** Bot token (default: random, Discord-shaped). */
  token?: string
  /** Application id = bot user id (default: a fresh snowflake). */
  applicationId?: string
  botUsername?: string
  /** Rate limits (merged over DEFAULT_LIMITS), or false to disable. */
  limits?: Partial<RateLimits> | false
  /** `shards` recommended by GET /gateway/bot. Default 1. */
  recommendedShards?: number
  /** HELLO's heartbeat_interval. Default 41250 (Discord's). */
  heartbeatIntervalMs?: number
  /** Privileged intents enabled for the app (bits of GuildMembers, GuildPresences, MessageContent). Default all. */
  privilegedIntents?: number
  /** Latency added to every REST call (ms). Default 0. */
  latencyMs?: number
  /** Largest accepted request body; 413 above. Default 10 MiB (Discord's default upload limit). */
  maxUploadBytes?: number
  /** Base clock (Unix ms). Default Date.now. Move time with `sim.clock.advance(ms)`. */
  now?: () => number
}

/** Query of {@link DiscordSimulator.waitForMessages}. */
export interface MessageQuery {
  /** Messages in this channel (view or id). */
  channel?: ChannelView | string
  /** Messages in this user's DM with the bot. */
  dmOf?: SimUser | string
  /** Only the bot's messages (default true; webhook messages are not the bot's). */
  fromBot?: boolean
  /** Content must equal / match. */
  content?: string | RegExp
  /** Resolve once at least this many match (default 1). */
  count?: number
  where?: (m: MessageRecord) => boolean
}

/** A running simulator. Create with {@link startDiscordSimulator}. */
export class DiscordSimulator {
  /** `http://127.0.0.1:PORT/api`: discord.js `rest: { api }` and DISCORD_API_URL. */
  readonly apiUrl: string
  /** `http://127.0.0.1:PORT` (attachments are served under /attachments/...). */
  readonly baseUrl: string
  /** `ws://127.0.0.1:PORT/gateway`, as GET /gateway/bot names it. */
  readonly gatewayUrl: string
  readonly token: string
  readonly applicationId: string
  /** The bot user (same id as the application). */
  readonly bot: APIUser
  readonly clock: SimClock
  readonly state: SimState
  readonly gateway: Gateway
  private readonly world: World
  private readonly limiter: RateLimiter
  private readonly deps: ServerDeps
  private readonly closeServer: () => Promise<void>
  private owner?: SimUser
  private latency: number

  /** @internal use startDiscordSimulator */
  constructor(init: { baseUrl: string; ctx: SimContext; gateway: Gateway; deps: ServerDeps; close: () => Promise<void>; latency: number }) {
    this.baseUrl = init.baseUrl
    this.apiUrl = `${init.baseUrl}/api`
    this.gatewayUrl = init.ctx.gatewayUrl()
    this.token = init.ctx.token
    this.state = init.ctx.state
    this.bot = this.state.bot
    this.applicationId = this.state.applicationId
    this.clock = this.state.clock
    this.gateway = init.gateway
    this.limiter = init.ctx.limiter
    this.world = { ctx: init.ctx }
    this.deps = init.deps
    this.closeServer = init.close
    this.latency = init.latency
  }

  /** Creates a user (or returns the existing one with that id). */
  user(init: UserInit = {}): SimUser {
    const existing = init.id ? this.state.users.get(init.id) : undefined
    if (existing) return new SimUser(this.world, existing)
    const id = init.id ?? this.state.ids.next()
    const username = init.username ?? `user${this.state.users.size}`
    const user = {
      id, username, discriminator: '0', global_name: init.globalName ?? null, avatar: null,
      ...(init.bot ? { bot: true } : {}),
    } as unknown as APIUser
    this.state.users.set(id, { user, locale: init.locale ?? 'en-US', dmsOpen: init.dmsOpen ?? true })
    this.state.changed()
    return new SimUser(this.world, this.state.users.get(id)!)
  }

  /** Creates a guild the bot is in (GUILD_CREATE to the owning shard when connected). */
  guild(init: GuildInit = {}): SimGuild {
    const owner = init.owner ?? (this.owner ??= this.user({ username: 'owner' }))
    return createGuild(this.world, owner, init)
  }

  /** A live view of a channel (guild channel id or DM channel id). */
  channel(channel: ChannelView | string): ChannelView {
    return new ChannelView(this.state, typeof channel === 'string' ? channel : channel.id)
  }

  /** The DM channel between the bot and a user. */
  dm(user: SimUser | string): ChannelView {
    return (typeof user === 'string' ? new SimUser(this.world, this.userRecord(user)) : user).dm
  }

  /** Every interaction started so far, in order. */
  get interactions(): InteractionView[] {
    return [...this.state.interactions.values()].map((r) => new InteractionView(this.state, r))
  }

  interaction(id: string): InteractionView | undefined {
    const r = this.state.interactions.get(id)
    return r && new InteractionView(this.state, r)
  }

  /** Acknowledgement summary: which interactions were answered in time, late (refused 10062) or never. */
  ackReport(): { total: number; acknowledged: number; unacknowledged: InteractionRecord[]; maxLatencyMs: number; refused: InteractionRecord[] } {
    const all = [...this.state.interactions.values()]
    return {
      total: all.length,
      acknowledged: all.filter((r) => r.ack).length,
      unacknowledged: all.filter((r) => !r.ack),
      maxLatencyMs: Math.max(0, ...all.map((r) => r.ack?.latencyMs ?? 0)),
      refused: all.filter((r) => r.callbacks.some((c) => c.status >= 400)),
    }
  }

  /** Registered commands: global, or of one guild. */
  commands(guild?: SimGuild | string): APIApplicationCommand[] {
    if (guild === undefined) return this.state.globalCommands
    return this.state.guildCommands.get(typeof guild === 'string' ? guild : guild.id) ?? []
  }

  /** Every REST request, in order (429s and errors included). */
  get calls(): CallRecord[] {
    return this.state.calls
  }

  /** Requests whose `METHOD /path` or route template matches. */
  callsTo(match: string | RegExp): CallRecord[] {
    return this.state.calls.filter((c) => [c.route, `${c.method} ${c.path}`].some((k) => (typeof match === 'string' ? k === match || k.startsWith(match) : match.test(k))))
  }

  /** Every 429 the simulator returned. */
  get rateLimitHits(): RateLimitHit[] {
    return this.state.rateLimitHits
  }

  /** Gateway sessions (one per IDENTIFY), with shard, intents, seq, connection state and events. */
  get sessions(): GatewaySession[] {
    return this.gateway.sessions
  }

  /** Waits until `count` sessions are connected (READY and GUILD_CREATEs sent). */
  waitForSessions(count = 1, timeoutMs = 10_000): Promise<GatewaySession[]> {
    return this.waitUntil(() => {
      const live = this.gateway.sessions.filter((s) => s.connected)
      return live.length >= count ? live : undefined
    }, timeoutMs)
  }

  /** Resolves with the first truthy `check()`, re-checked on every state change (REST call, dispatch, ...). */
  waitUntil<T>(check: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
    return this.state.waitUntil(check, timeoutMs, () => this.describe())
  }

  /** Waits until at least `count` messages match; resolves with all matching ones (current versions). */
  waitForMessages(q: MessageQuery = {}, timeoutMs = 5000): Promise<MessageRecord[]> {
    const count = q.count ?? 1
    const fromBot = q.fromBot ?? true
    return this.waitUntil(() => {
      const channels = q.dmOf !== undefined ? [this.dm(q.dmOf)] : q.channel !== undefined ? [this.channel(q.channel)] : [...this.state.channels.keys()].map((id) => this.channel(id))
      const list = channels.flatMap((c) => (fromBot ? c.fromBot : c.messages)).filter((m) => {
        const content = m.message.content
        if (q.content !== undefined && (typeof q.content === 'string' ? content !== q.content : !q.content.test(content))) return false
        return !q.where || q.where(m)
      })
      return list.length >= count ? list : undefined
    }, timeoutMs)
  }

  /** Changes rate limits at run time (merged) or disables them; resets counters. */
  setLimits(limits: Partial<RateLimits> | false): void {
    this.limiter.configure(limits)
  }

  get limits(): RateLimits | false {
    return this.limiter.current
  }

  /** The next `times` requests matching `limit.route` get a 429 (default retry_after 0.2 s). */
  forceRateLimit(limit: ForcedLimit = {}, times = 1): void {
    this.limiter.force(limit, times)
  }

  /** The next `times` requests matching (`METHOD /path` prefix, route template, RegExp, or '*') fail with `failure`. */
  failNext(match: string | RegExp, failure: InjectedFailure, times = 1): void {
    this.deps.failures.push({ match, failure, times })
  }

  /** Adds `ms` of latency to every REST call from now on. */
  setLatency(ms: number): void {
    this.latency = ms
  }

  /** @internal */
  get latencyMs(): number {
    return this.latency
  }

  async close(): Promise<void> {
    this.gateway.close()
    await this.closeServer()
  }

  private userRecord(id: string) {
    const rec = this.state.users.get(id)
    if (!rec) throw new Error(`discord-sim: unknown user ${id}`)
    return rec
  }

  private describe(): string {
    const sent = [...this.state.channels.values()].flatMap((c) => c.messages).filter((m) => m.message.author.id === this.bot.id)
      .slice(-8).map((m) => `[${m.message.channel_id}] ${JSON.stringify(m.message.content.slice(0, 80))}`)
    const failed = this.state.calls.filter((c) => c.status >= 400).slice(-5).map((c) => `${c.method} ${c.path} ${c.status}${c.code !== undefined ? `/${c.code}` : ''}`)
    const sessions = this.gateway.sessions.map((s) => `shard ${s.shard.join('/')} ${s.connected ? 'up' : 'down'} seq ${s.seq}`)
    return `Last bot messages: ${sent.join('; ') || 'none'}. Failed calls: ${failed.join('; ') || 'none'}. Sessions: ${sessions.join('; ') || 'none'}.`
  }
}

/** A Discord-shaped bot token whose first part is the base64 of the bot id. */
function makeToken(botId: string): string {
  return `${Buffer.from(botId).toString('base64url')}.Gs1m0k.${randomBytes(27).toString('base64url')}`
}

/** Starts a simulator on 127.0.0.1 with a random port. Close it with `sim.close()`. */
export async function startDiscordSimulator(options: DiscordSimulatorOptions = {}): Promise<DiscordSimulator> {
  const clock = new SimClock(options.now)
  const probe = new SimState(clock, {} as APIUser, '0')
  const applicationId = options.applicationId ?? probe.ids.next()
  const bot = {
    id: applicationId, username: options.botUsername ?? 'sim-bot', discriminator: '0', global_name: null, avatar: null,
    bot: true, verified: true, flags: 0, mfa_enabled: false,
  } as unknown as APIUser
  const state = new SimState(clock, bot, applicationId)
  state.users.set(bot.id, { user: bot, locale: 'en-US', dmsOpen: false })
  let baseUrl = ''
  let sim: DiscordSimulator | undefined
  const ctx: SimContext = {
    state,
    token: options.token ?? makeToken(applicationId),
    limiter: new RateLimiter(options.limits === false ? false : { ...DEFAULT_LIMITS, ...options.limits, routes: { ...DEFAULT_LIMITS.routes, ...options.limits?.routes } }, () => clock.now()),
    gateway: { dispatch: (...args) => gateway.dispatch(...args) },
    baseUrl: () => baseUrl,
    gatewayUrl: () => `${baseUrl.replace(/^http/, 'ws')}/gateway`,
    recommendedShards: () => options.recommendedShards ?? 1,
    identifyCount: () => gateway.identifyCount,
    interactionDeadlineMs: 3000,
    interactionTokenTtlMs: 15 * 60 * 1000,
  }
  const gateway = new Gateway(ctx, {
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    privilegedIntents: options.privilegedIntents ?? (INTENTS.GuildMembers | INTENTS.GuildPresences | INTENTS.MessageContent),
  })
  const deps: ServerDeps = {
    ctx, failures: [], latencyMs: () => sim?.latencyMs ?? 0,
    maxUploadBytes: options.maxUploadBytes ?? 10 * 1024 * 1024,
    onUpgrade: (req, socket, head) => gateway.handleUpgrade(req, socket, head),
  }
  const server = await startServer(deps)
  baseUrl = server.baseUrl
  sim = new DiscordSimulator({ baseUrl, ctx, gateway, deps, close: server.close, latency: options.latencyMs ?? 0 })
  return sim
}
