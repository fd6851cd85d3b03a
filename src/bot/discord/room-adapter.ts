// The course chat relay's Discord side, outbound (the ChatAdapter port): a room
// message goes into the bound channel through that channel's webhook (stored on
// the binding), under the sender's name with a hint of where they wrote it;
// nobody is pinged (allowed_mentions empty, mentions already made inert by the
// bridge) and the text is escaped, so Markdown written on another side shows as
// typed. Webhooks cannot reply natively: a reply starts with a line linking to
// the message it answers. Files the bridge fetched go up as attachments within
// Discord's 10 MiB. REST only (the worker has no gateway connection); the
// relay queue owns retries: discord.js neither waits out a 429 nor retries a
// 5xx here, a 429 becomes RateLimitedError and a gone webhook or channel a
// PermanentDeliveryError.
import { type RawFile, REST, RateLimitError, Routes } from 'discord.js'
import type { OutboundMessage, OutboundPart } from '../../bridge/message'
import { type ChatAdapter, PermanentDeliveryError, RateLimitedError, type RelayLimits } from '../../bridge/ports'
import { DISCORD_CHANNEL } from '../../bridge/profiles'
import { escapeDiscordMarkdown, truncate } from '../../bridge/safety'
import type { Attachment, RoomBinding, TextEntity } from '../../domain/rooms.types'
import type { Platform } from '../../domain/types'
import type { Logger } from '../../infra/logger'
import { apiErrorCode, NO_MENTIONS } from './messenger'

/** Discord's upload limit for a bot or webhook without boosts. */
export const DISCORD_MAX_FILE_BYTES = 10 * 1024 * 1024

export const DISCORD_ROOM_LIMITS: RelayLimits = { ...DISCORD_CHANNEL, maxFileBytes: DISCORD_MAX_FILE_BYTES }

/** The webhook, its channel or the message is gone, or the token no longer fits: retrying cannot help. */
const GONE = new Set([10003, 10015, 50027, 50001])
const UNKNOWN_MESSAGE = 10008

const PLATFORM_HINT: Record<Platform, string> = { TELEGRAM: 'Telegram', DISCORD: 'Discord', WEB: 'web' }

export interface DiscordRoomAdapterDeps {
  /** DISCORD_API_URL (e.g. https://discord.com/api). */
  apiUrl: string
  token: string
  logger: Logger
  /** Reply links point here (Discord's web app; derived from apiUrl by default). */
  appUrl?: string
}

export class DiscordRoomAdapter implements ChatAdapter {
  readonly platform = 'DISCORD' as const
  readonly limits = DISCORD_ROOM_LIMITS
  private readonly rest: REST
  private readonly appUrl: string
  /** Channel id -> guild id (for reply links); a channel never changes guild. */
  private readonly guildOf = new Map<string, string>()

  constructor(private readonly deps: DiscordRoomAdapterDeps) {
    // the relay queue retries with backoff and honours 429s per chat: no retries or waiting inside discord.js
    this.rest = new REST({ api: deps.apiUrl, version: '10', retries: 0, rejectOnRateLimit: () => true }).setToken(deps.token)
    this.appUrl = deps.appUrl ?? new URL(deps.apiUrl).origin
  }

  async send(binding: RoomBinding, message: OutboundMessage): Promise<{ platformMessageId: string }> {
    const { id, token } = webhookOf(binding)
    const files = filesOf(message.parts, this.limits.maxFileBytes ?? DISCORD_MAX_FILE_BYTES)
    const body = {
      ...(await this.render(binding, message)),
      ...(files.length ? { attachments: files.map((f, i) => ({ id: i, filename: f.name })) } : {}),
    }
    const sent = (await this.call(() =>
      this.rest.post(Routes.webhook(id, token), { body, files: files.length ? files : undefined, query: new URLSearchParams({ wait: 'true' }), auth: false }),
    )) as { id: string }
    return { platformMessageId: sent.id }
  }

  async edit(binding: RoomBinding, platformMessageId: string, message: OutboundMessage): Promise<void> {
    const { id, token } = webhookOf(binding)
    const { content, allowed_mentions } = await this.render(binding, message)
    try {
      await this.call(() => this.rest.patch(Routes.webhookMessage(id, token, platformMessageId), { body: { content, allowed_mentions }, auth: false }))
    } catch (err) {
      if (err instanceof DiscordRefusal && err.code === UNKNOWN_MESSAGE) return // deleted meanwhile: nothing to edit
      throw err
    }
  }

  /**
   * Deletes our webhook's copy; a message that is not the webhook's (a
   * member's original, when a course author deleted it from another side) is
   * removed with the bot's Manage Messages. "Already gone" counts as done.
   */
  async delete(binding: RoomBinding, platformMessageId: string): Promise<void> {
    const { id, token } = webhookOf(binding)
    try {
      await this.call(() => this.rest.delete(Routes.webhookMessage(id, token, platformMessageId), { auth: false }))
      return
    } catch (err) {
      if (!(err instanceof DiscordRefusal && err.code === UNKNOWN_MESSAGE)) throw err
    }
    try {
      await this.call(() => this.rest.delete(Routes.channelMessage(binding.chatId, platformMessageId), { reason: 'TaskMetrics: deleted in the course chat' }))
    } catch (err) {
      if (err instanceof DiscordRefusal && err.code === UNKNOWN_MESSAGE) return // already gone
      throw err
    }
  }

  /** A file posted in a bound channel, from its attachment URL (Discord's CDN). */
  async fetchFile(attachment: Attachment): Promise<Uint8Array> {
    if (!attachment.url || !/^https?:\/\//.test(attachment.url)) throw new PermanentDeliveryError(`attachment ${attachment.name} has no URL`)
    const res = await fetch(attachment.url)
    if (res.status === 404 || res.status === 403) throw new PermanentDeliveryError(`attachment ${attachment.name}: ${res.status} (expired or removed)`)
    if (!res.ok) throw new Error(`attachment ${attachment.name}: ${res.status}`)
    return new Uint8Array(await res.arrayBuffer())
  }

  /** The webhook message body: name, text, no mentions. */
  private async render(binding: RoomBinding, message: OutboundMessage): Promise<{ username: string; content: string; allowed_mentions: typeof NO_MENTIONS }> {
    const [first] = message.parts
    const single = message.parts.length === 1 && first
    const body = single
      ? discordMarkdown(first.text, first.entities)
      : message.parts.map((p) => `**${escapeDiscordMarkdown(webhookName(p))}**: ${discordMarkdown(p.text, p.entities)}`).join('\n')
    const reply = message.replyToPlatformMessageId ? await this.replyLine(binding.chatId, message.replyToPlatformMessageId) : ''
    const content = truncate(`${reply}${body}`, this.limits.maxTextLength) || '\u200b'
    return { username: single ? webhookName(first) : 'Course chat', content, allowed_mentions: NO_MENTIONS }
  }

  /** "↪ <jump link>" to the message answered (webhooks cannot set message_reference). */
  private async replyLine(channelId: string, messageId: string): Promise<string> {
    const guildId = await this.guildIdOf(channelId)
    return guildId ? `-# ↪ ${this.appUrl}/channels/${guildId}/${channelId}/${messageId}\n` : ''
  }

  private async guildIdOf(channelId: string): Promise<string | undefined> {
    const known = this.guildOf.get(channelId)
    if (known) return known
    try {
      const channel = (await this.call(() => this.rest.get(Routes.channel(channelId)))) as { guild_id?: string }
      if (channel.guild_id) this.guildOf.set(channelId, channel.guild_id)
      return channel.guild_id
    } catch (err) {
      if (!(err instanceof PermanentDeliveryError)) throw err
      this.deps.logger.warn({ channelId, err }, 'cannot read the bound channel: reply sent without its link')
      return undefined
    }
  }

  /** One REST call with Discord's answers turned into the relay's errors. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (err) {
      if (err instanceof RateLimitError) throw new RateLimitedError(Math.max(1, err.retryAfter))
      const code = apiErrorCode(err)
      if (code !== undefined && (GONE.has(code) || code === UNKNOWN_MESSAGE)) throw new DiscordRefusal(code, (err as Error).message)
      throw err
    }
  }
}

/** A permanent refusal that keeps Discord's code (unknown message counts as done for edits and deletes). */
class DiscordRefusal extends PermanentDeliveryError {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`discord ${code}: ${message}`)
  }
}

function webhookOf(binding: RoomBinding): { id: string; token: string } {
  if (!binding.webhookId || !binding.webhookToken) throw new PermanentDeliveryError(`the Discord channel ${binding.chatId} is bound without a webhook: bind it again with /bind channel`)
  return { id: binding.webhookId, token: binding.webhookToken }
}

/**
 * The webhook's username: the sender and where they wrote ("Ann · Telegram").
 * Discord refuses names with "discord" or "clyde", over 80 characters, or empty.
 */
export function webhookName(part: Pick<OutboundPart, 'authorName' | 'originPlatform'>): string {
  const name = (part.authorName.trim() || 'Someone').replace(/discord/gi, (m) => `${m.slice(0, 4)}\u200b${m.slice(4)}`).replace(/clyde/gi, (m) => `${m.slice(0, 2)}\u200b${m.slice(2)}`)
  const hint = part.originPlatform === 'DISCORD' ? '' : ` · ${PLATFORM_HINT[part.originPlatform]}`
  return `${truncate(name, 80 - hint.length)}${hint}`
}

const MARKERS: ReadonlyArray<[TextEntity['type'], string]> = [['bold', '**'], ['italic', '*'], ['underline', '__'], ['strikethrough', '~~'], ['spoiler', '||']]

/**
 * Text with its formatting spans as Discord Markdown: the formatting someone
 * applied on another side (bold, italic, underline, strikethrough, spoiler,
 * code, links) renders; everything typed is escaped and shows literally.
 */
export function discordMarkdown(text: string, entities: TextEntity[]): string {
  const spans = entities.filter((e) => e.length > 0 && e.offset >= 0 && e.offset + e.length <= text.length)
  const cuts = [...new Set([0, text.length, ...spans.flatMap((e) => [e.offset, e.offset + e.length])])].sort((a, b) => a - b)
  let out = ''
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [from, to] = [cuts[i]!, cuts[i + 1]!]
    const covering = spans.filter((e) => e.offset <= from && e.offset + e.length >= to)
    out += renderRun(text.slice(from, to), covering)
  }
  return out
}

function renderRun(run: string, covering: TextEntity[]): string {
  // markers must touch the text: surrounding whitespace stays outside them
  const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(run) ?? []
  if (!core || covering.length === 0) return escapeDiscordMarkdown(run)
  const types = new Set(covering.map((e) => e.type))
  if (types.has('code') || types.has('pre')) {
    // inside code nothing is Markdown: only a backtick could end it
    const literal = core.replace(/`/g, 'ˋ')
    return `${lead}${types.has('pre') && core.includes('\n') ? `\`\`\`\n${literal}\n\`\`\`` : `\`${literal}\``}${trail}`
  }
  let body = escapeDiscordMarkdown(core)
  for (const [type, marker] of MARKERS) if (types.has(type)) body = `${marker}${body}${marker}`
  const url = covering.find((e) => e.type === 'link')?.url
  if (url && /^https?:\/\//.test(url)) body = `[${body}](${url.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`
  return `${lead}${body}${trail}`
}

/** The fetched files of every part, while they fit one upload. */
function filesOf(parts: OutboundPart[], maxBytes: number): RawFile[] {
  const out: RawFile[] = []
  let total = 0
  for (const f of parts.flatMap((p) => p.files ?? [])) {
    if (total + f.data.byteLength > maxBytes) continue
    total += f.data.byteLength
    out.push({ name: f.name, data: Buffer.from(f.data), contentType: f.mimeType })
  }
  return out
}
