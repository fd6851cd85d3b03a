import type {
  APIAllowedMentions, APIApplicationCommand, APIChannel, APIGuildMember, APIInteraction, APIMessage, APIRole, APIUser,
  APIWebhook,
} from 'discord.js'
import { SimClock, Snowflakes } from './clock'

/** Permission bits the simulator checks (Discord's values). */
export const PERMISSIONS = {
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  Administrator: 1n << 3n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  ManageRoles: 1n << 28n,
  ManageWebhooks: 1n << 29n,
  UseApplicationCommands: 1n << 31n,
} as const

/** Every permission (what an owner or administrator has). */
export const ALL_PERMISSIONS = (1n << 53n) - 1n

/** Permissions of @everyone in a new simulated guild. */
export const EVERYONE_PERMISSIONS = PERMISSIONS.ViewChannel | PERMISSIONS.SendMessages | PERMISSIONS.ReadMessageHistory
  | PERMISSIONS.EmbedLinks | PERMISSIONS.AttachFiles | PERMISSIONS.UseApplicationCommands

export interface UserRecord {
  user: APIUser
  /** The user's client locale (sent as `locale` in interactions). */
  locale: string
  /** false: the user does not accept DMs from the bot (50007). */
  dmsOpen: boolean
  dmChannelId?: string
}

export interface MemberRecord {
  userId: string
  roles: string[]
  nick: string | null
  joinedAt: string
}

export interface GuildRecord {
  id: string
  name: string
  ownerId: string
  preferredLocale: string
  roles: Map<string, APIRole>
  members: Map<string, MemberRecord>
  channelIds: string[]
  /** Id of the bot's managed role. */
  botRoleId: string
}

/** How much the bot may do in a channel: 'none' -> 50001 Missing Access, 'read' -> 50013 on sends. */
export type BotAccess = 'full' | 'read' | 'none'

export interface ChannelRecord {
  channel: APIChannel
  guildId?: string
  /** DM channels: the other user. */
  recipientId?: string
  botAccess: BotAccess
  /** Live messages (every author), current versions, in send order. */
  messages: MessageRecord[]
  /** Messages removed by DELETE, last version. */
  deleted: MessageRecord[]
}

/** How a message came to exist. */
export type MessageVia = 'channel' | 'interaction' | 'follow-up' | 'webhook' | 'user'

/** One message as the simulator keeps it: Discord's object plus what only the request showed. */
export interface MessageRecord {
  /** The current version, exactly as Discord returns it. */
  message: APIMessage
  /** The request's allowed_mentions (undefined: not sent, so Discord's default "parse everything" applied). */
  allowedMentions?: APIAllowedMentions
  via: MessageVia
  /** Set for interaction replies and follow-ups. */
  interactionId?: string
  /** Ephemeral interaction messages: the only user who sees it. */
  ephemeralTo?: string
  /** Sim-clock ms when created / last edited / deleted. */
  at: number
  editedAt?: number
  deletedAt?: number
  /** Every version before the current one. */
  history: APIMessage[]
}

/** One attempt to answer an interaction (POST /interactions/{id}/{token}/callback). */
export interface CallbackAttempt {
  /** Callback type: 4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 autocomplete, 9 modal. */
  type: number
  at: number
  /** ms since the interaction was created (sim clock). */
  latencyMs: number
  status: number
  /** Discord error code when refused (10062 late, 40060 twice). */
  code?: number
  data?: Record<string, unknown>
}

export interface InteractionRecord {
  interaction: APIInteraction
  id: string
  token: string
  userId: string
  createdAt: number
  /** Every callback attempt, in order (refused ones included). */
  callbacks: CallbackAttempt[]
  /** The accepted acknowledgement, if any. */
  ack?: CallbackAttempt
  /** The message the reply / deferred reply created, or the component message an update changed. */
  originalMessageId?: string
  originalChannelId?: string
  followUpIds: string[]
}

export interface WebhookRecord {
  webhook: APIWebhook & { token: string }
}

export interface StoredAttachment {
  id: string
  filename: string
  contentType: string
  bytes: Uint8Array
  url: string
}

/** One REST request as the simulator saw it. */
export interface CallRecord {
  method: string
  /** Path without /api/vN, e.g. /channels/123/messages. */
  path: string
  /** Route template, e.g. POST /channels/:channel_id/messages. */
  route: string
  status: number
  /** Discord error code on failure. */
  code?: number
  at: number
  /** Decoded JSON body (payload_json for multipart). */
  body?: unknown
  /** File names uploaded with the request. */
  files?: string[]
}

export interface RateLimitHit {
  method: string
  path: string
  /** The X-RateLimit-Bucket hash, or 'global'. */
  bucket: string
  global: boolean
  /** Seconds, as in the body and Retry-After. */
  retryAfter: number
  at: number
}

/** One channel permission overwrite, as Discord stores it (type 0 role, 1 member). */
export interface Overwrite {
  id: string
  type: 0 | 1
  allow: string
  deny: string
}

/** The channel's permission overwrites (guild channels; none in DMs). */
export function overwritesOf(channel: ChannelRecord): Overwrite[] {
  return ((channel.channel as { permission_overwrites?: Overwrite[] }).permission_overwrites ?? [])
}

/** The world of one simulated application: users, guilds, channels, messages, interactions. */
export class SimState {
  readonly users = new Map<string, UserRecord>()
  readonly guilds = new Map<string, GuildRecord>()
  readonly channels = new Map<string, ChannelRecord>()
  readonly interactions = new Map<string, InteractionRecord>()
  readonly webhooks = new Map<string, WebhookRecord>()
  readonly attachments = new Map<string, StoredAttachment>()
  readonly globalCommands: APIApplicationCommand[] = []
  readonly guildCommands = new Map<string, APIApplicationCommand[]>()
  readonly calls: CallRecord[] = []
  readonly rateLimitHits: RateLimitHit[] = []
  readonly ids: Snowflakes
  private readonly listeners = new Set<() => void>()

  constructor(readonly clock: SimClock, readonly bot: APIUser, readonly applicationId: string) {
    this.ids = new Snowflakes(clock)
  }

  now(): number {
    return this.clock.now()
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  changed(): void {
    for (const fn of [...this.listeners]) fn()
  }

  /** Resolves with the first truthy `check()`, re-checked on every state change. */
  waitUntil<T>(check: () => T | undefined | null | false, timeoutMs: number, describe: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const stop = () => {
        off()
        clearTimeout(timer)
      }
      const test = () => {
        try {
          const value = check()
          if (value === undefined || value === null || value === false) return
          stop()
          resolve(value)
        } catch (e) {
          stop()
          reject(e)
        }
      }
      const timer = setTimeout(() => {
        stop()
        reject(new Error(`discord-sim: timed out after ${timeoutMs} ms. ${describe()}`))
      }, timeoutMs)
      const off = this.onChange(test)
      test()
    })
  }

  channelOf(id: string): ChannelRecord | undefined {
    return this.channels.get(id)
  }

  findMessage(channelId: string, messageId: string): MessageRecord | undefined {
    return this.channels.get(channelId)?.messages.find((m) => m.message.id === messageId)
  }

  /** The member's permissions in its guild (owner and Administrator: everything). */
  permissionsOf(guild: GuildRecord, userId: string): bigint {
    if (guild.ownerId === userId) return ALL_PERMISSIONS
    const member = guild.members.get(userId)
    let bits = BigInt(guild.roles.get(guild.id)?.permissions ?? '0')
    for (const r of member?.roles ?? []) bits |= BigInt(guild.roles.get(r)?.permissions ?? '0')
    return bits & PERMISSIONS.Administrator ? ALL_PERMISSIONS : bits
  }

  /**
   * The member's permissions in one channel, as Discord computes them: the
   * guild permissions, then the channel's overwrites for @everyone, for the
   * member's roles (their denies, then their allows) and for the member;
   * Administrator and the owner bypass overwrites; without ViewChannel nothing
   * else counts.
   */
  permissionsIn(channel: ChannelRecord, userId: string): bigint {
    const guild = channel.guildId ? this.guilds.get(channel.guildId) : undefined
    if (!guild) return ALL_PERMISSIONS
    let bits = this.permissionsOf(guild, userId)
    if (bits === ALL_PERMISSIONS) return bits
    const overwrites = overwritesOf(channel)
    const apply = (allow: bigint, deny: bigint) => {
      bits = (bits & ~deny) | allow
    }
    const everyone = overwrites.find((o) => o.id === guild.id)
    if (everyone) apply(BigInt(everyone.allow), BigInt(everyone.deny))
    const roles = guild.members.get(userId)?.roles ?? []
    let allow = 0n
    let deny = 0n
    for (const o of overwrites) {
      if (o.type !== 0 || o.id === guild.id || !roles.includes(o.id)) continue
      allow |= BigInt(o.allow)
      deny |= BigInt(o.deny)
    }
    apply(allow, deny)
    const member = overwrites.find((o) => o.type === 1 && o.id === userId)
    if (member) apply(BigInt(member.allow), BigInt(member.deny))
    return bits & PERMISSIONS.ViewChannel ? bits : 0n
  }

  /** Whether the member sees the channel (ViewChannel after overwrites). */
  canView(channel: ChannelRecord, userId: string): boolean {
    return (this.permissionsIn(channel, userId) & PERMISSIONS.ViewChannel) !== 0n
  }

  /** Highest role position of a member (0 = only @everyone). */
  topRolePosition(guild: GuildRecord, userId: string): number {
    const member = guild.members.get(userId)
    return Math.max(0, ...(member?.roles ?? []).map((r) => guild.roles.get(r)?.position ?? 0))
  }

  memberObject(guild: GuildRecord, userId: string, withUser = true): APIGuildMember {
    const m = guild.members.get(userId)
    if (!m) throw new Error(`discord-sim: ${userId} is not a member of ${guild.id}`)
    return {
      ...(withUser ? { user: this.users.get(userId)!.user } : {}),
      nick: m.nick, avatar: null, banner: null, roles: [...m.roles], joined_at: m.joinedAt, premium_since: null,
      deaf: false, mute: false, flags: 0, pending: false, communication_disabled_until: null,
    } as unknown as APIGuildMember
  }
}
