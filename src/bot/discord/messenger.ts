// The Discord Messenger: sends a message plan through discord.js's REST client
// (no gateway, no interaction needed: the role and worker jobs use it alike).
// Text is the plan's rich text as escaped Discord Markdown, buttons are signed
// custom_ids (or link buttons), files are uploaded from storage as attachments
// and the CDN URL Discord returns is remembered per content (platformFiles)
// and reused while it is valid. Nobody is pinged: allowed_mentions is empty on
// every message. Rate limits: opening a DM channel takes a `dm-channel` slot of
// the shared pacer, and the channel is remembered for every process
// (dm-channels.ts); a 429 is waited out by discord.js's REST queue and the same
// request sent again, so no message of a plan is lost, while rate-limits.ts
// holds the pacer so that every other process pauses too.
import {
  type APIActionRowComponent, type APIButtonComponent, type APIEmbed, type APIMessage, ButtonStyle, ComponentType, DiscordAPIError,
  MessageFlags, type RawFile, type REST, Routes,
} from 'discord.js'
import type { ButtonRow, MessagePlan, PlanButton, PlanMedia, PlanMessage } from '../../domain/delivery/plan'
import { DISCORD_PROFILE } from '../../domain/delivery/profile'
import { renderDiscordMarkdown } from '../../domain/delivery/discord-markdown'
import type { Block } from '../../domain/delivery/rich-text'
import { type Messenger, type Recipient, type SendReceipt, UnreachableError } from '../../domain/messenger'
import type { Pacer } from '../../domain/pacing'
import type { PlatformFilesService } from '../../domain/platform-files.service'
import type { FileStorage } from '../../domain/uploads'
import type { Logger } from '../../infra/logger'
import type { CallbackCodec } from '../shared/callback-data'
import { encodeFlowAction } from '../shared/flow-actions'
import type { DmChannelStore } from './dm-channels'
import { DM_CHANNEL_ROUTE } from './rate-limits'

/** Nobody is pinged by anything the bot sends (the client default says the same). */
export const NO_MENTIONS = { parse: [] as never[] }

/** One Discord message, ready for REST: JSON body and attachments. */
export interface DiscordPayload {
  body: {
    content?: string
    embeds?: APIEmbed[]
    components?: Array<APIActionRowComponent<APIButtonComponent>>
    allowed_mentions: typeof NO_MENTIONS
    flags?: number
  }
  files?: RawFile[]
  /** The content whose upload this is: its CDN URL is remembered after sending. */
  upload?: PlanMedia
}

export interface DiscordMessengerDeps {
  rest: REST
  codec: CallbackCodec
  files: FileStorage
  platformFiles: PlatformFilesService
  logger: Logger
  /** Opening a DM channel waits for a `dm-channel` slot. */
  pacer: Pacer
  /** DM channels already opened, shared by every process. */
  dmChannels: DmChannelStore
}

/** Discord error codes that say "this recipient cannot be messaged". */
const UNREACHABLE: Record<number, UnreachableError['reason']> = {
  50007: 'dms_closed', // Cannot send messages to this user
  10013: 'not_found', // Unknown user
  10003: 'not_found', // Unknown channel
  50278: 'dms_closed', // Cannot send messages to this user: no shared guild
}

export class DiscordMessenger implements Messenger {
  readonly platform = 'DISCORD' as const
  readonly profile = DISCORD_PROFILE

  constructor(private readonly deps: DiscordMessengerDeps) {}

  async send(to: Recipient, plan: MessagePlan): Promise<SendReceipt> {
    const channelId = to.kind === 'user' ? await this.dmChannel(to.chatId) : to.chatId
    const owner = to.buttonsFor ?? (to.kind === 'user' ? to.chatId : undefined)
    const messageIds: string[] = []
    try {
      for (const payload of await this.render(plan, owner)) {
        const sent = await this.post(Routes.channelMessages(channelId), payload)
        messageIds.push(sent.id)
      }
    } catch (err) {
      if (to.kind === 'user' && apiErrorCode(err) === 10003) await this.deps.dmChannels.forget(to.chatId)
      throw unreachable(err, to.chatId) ?? err
    }
    return { platform: 'DISCORD', chatId: channelId, messageIds }
  }

  /**
   * Sends a plan as follow-ups of an interaction (its webhook), ephemeral: the
   * way a lesson reaches a student whose DMs are closed.
   */
  async followUp(applicationId: string, interactionToken: string, plan: MessagePlan, owner: string): Promise<void> {
    for (const payload of await this.render(plan, owner)) {
      payload.body.flags = MessageFlags.Ephemeral
      await this.post(Routes.webhook(applicationId, interactionToken), payload, false)
    }
  }

  /** The plan as Discord messages, in order; buttons signed for `owner` (none without one). */
  async render(plan: MessagePlan, owner: string | undefined): Promise<DiscordPayload[]> {
    const out: DiscordPayload[] = []
    for (const message of plan.messages) out.push(...(await this.renderMessage(message, owner)))
    return out
  }

  private async renderMessage(message: PlanMessage, owner: string | undefined): Promise<DiscordPayload[]> {
    const components = this.components(message.buttons, owner)
    switch (message.type) {
      case 'text':
        return [text(message.blocks, components)]
      case 'link':
        // the URL on a line of its own makes Discord show its embed (a player for videos)
        return [text(message.blocks, components, `\n${message.url}`)]
      case 'media':
        return this.media(message, components)
      case 'poll':
        throw new Error('the Discord profile has no quiz polls: the plan should carry quiz buttons')
    }
  }

  private async media(message: Extract<PlanMessage, { type: 'media' }>, components: DiscordPayload['body']['components']): Promise<DiscordPayload[]> {
    const { media } = message
    const cached = freshUrl(await this.deps.platformFiles.cachedId({ id: media.contentId, filePath: media.filePath }, 'DISCORD'))
    if (cached) {
      const caption = renderDiscordMarkdown(message.caption)
      if (media.kind === 'photo') return [{ body: { content: caption || undefined, embeds: [{ image: { url: cached } }], components, allowed_mentions: NO_MENTIONS } }]
      // a file or video by its CDN URL: Discord shows the link (and a player for videos)
      return [{ body: { content: `${caption}\n${cached}`.trim(), components, allowed_mentions: NO_MENTIONS } }]
    }
    let data: Uint8Array
    try {
      data = await this.deps.files.read(media.filePath)
    } catch (err) {
      this.deps.logger.error({ contentId: media.contentId, filePath: media.filePath, err }, 'lesson file is missing on disk')
      return [
        ...(message.caption.length ? [text(message.caption, undefined)] : []),
        text(message.missing, components),
      ]
    }
    const file: RawFile = { name: media.fileName, data, ...(media.mimeType ? { contentType: media.mimeType } : {}) }
    const content = renderDiscordMarkdown(message.caption)
    return [{ body: { content: content || undefined, components, allowed_mentions: NO_MENTIONS }, files: [file], upload: media }]
  }

  private components(rows: ButtonRow[], owner: string | undefined): DiscordPayload['body']['components'] {
    const out = rows
      .map((row) => row.map((b) => this.button(b, owner)).filter((b): b is APIButtonComponent => b !== null))
      .filter((row) => row.length > 0)
      .map((row): APIActionRowComponent<APIButtonComponent> => ({ type: ComponentType.ActionRow, components: row }))
    return out.length ? out : undefined
  }

  private button(b: PlanButton, owner: string | undefined): APIButtonComponent | null {
    if (b.action.type === 'url') return { type: ComponentType.Button, style: ButtonStyle.Link, label: b.label, url: b.action.url }
    if (owner === undefined) return null // a channel message nobody in particular may press
    const customId = encodeFlowAction(this.deps.codec, owner, b.action)
    if (!customId) return null
    return { type: ComponentType.Button, style: STYLE[b.style ?? (b.action.type === 'quiz' ? 'secondary' : 'primary')], label: b.label, custom_id: customId }
  }

  private async post(route: `/${string}`, payload: DiscordPayload, auth = true): Promise<APIMessage> {
    const query = auth ? undefined : new URLSearchParams({ wait: 'true' })
    const sent = (await this.deps.rest.post(route, { body: payload.body, ...(payload.files ? { files: payload.files } : {}), auth, ...(query ? { query } : {}) })) as APIMessage
    if (payload.upload) {
      const url = sent.attachments?.[0]?.url
      if (url) await this.deps.platformFiles.remember({ id: payload.upload.contentId, filePath: payload.upload.filePath }, 'DISCORD', url)
    }
    return sent
  }

  private async dmChannel(userId: string): Promise<string> {
    const known = await this.deps.dmChannels.get(userId)
    if (known) return known
    await this.deps.pacer.acquire({ platform: 'DISCORD', chat: userId, route: DM_CHANNEL_ROUTE })
    try {
      const channel = (await this.deps.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string }
      await this.deps.dmChannels.set(userId, channel.id)
      return channel.id
    } catch (err) {
      throw unreachable(err, userId) ?? err
    }
  }
}

const STYLE: Record<NonNullable<PlanButton['style']>, ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Success | ButtonStyle.Danger> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
}

function text(blocks: Block[], components: DiscordPayload['body']['components'], suffix = ''): DiscordPayload {
  const content = `${renderDiscordMarkdown(blocks)}${suffix}`
  return { body: { content: content || '\u200b', components, allowed_mentions: NO_MENTIONS } }
}

/** Discord's error code of a failed REST call (discord.js and @discordjs/rest may each bring their DiscordAPIError class). */
export function apiErrorCode(err: unknown): number | undefined {
  if (err instanceof DiscordAPIError) return typeof err.code === 'number' ? err.code : undefined
  const e = err as { name?: unknown; code?: unknown } | null
  return e && typeof e.name === 'string' && e.name.startsWith('DiscordAPIError') && typeof e.code === 'number' ? e.code : undefined
}

function unreachable(err: unknown, chatId: string): UnreachableError | null {
  const code = apiErrorCode(err)
  const reason = code === undefined ? undefined : UNREACHABLE[code]
  return reason ? new UnreachableError('DISCORD', chatId, reason, (err as Error).message) : null
}

/** Margin before a signed CDN URL's expiry (`ex=` hex seconds) under which it is uploaded again. */
const URL_MARGIN_MS = 60 * 60 * 1000

/** A cached CDN URL that is still valid for a while, else null. */
export function freshUrl(url: string | null, now = Date.now()): string | null {
  if (!url || !/^https?:\/\//.test(url)) return null
  try {
    const ex = new URL(url).searchParams.get('ex')
    if (ex === null) return url
    const expires = Number.parseInt(ex, 16) * 1000
    return Number.isFinite(expires) && expires - now > URL_MARGIN_MS ? url : null
  } catch {
    return null
  }
}
