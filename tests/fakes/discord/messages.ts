import type { APIAllowedMentions, APIAttachment, APIMessage, APIUser } from 'discord.js'
import type { UploadedFile } from '../telegram/multipart'
import type { SimContext } from './context'
import { missingAccess, missingPermissions } from './errors'
import { PERMISSIONS, type ChannelRecord, type MessageRecord, type MessageVia } from './state'
import { validateMessageBody } from './validate-message'

type Json = Record<string, any>

export interface CreateOptions {
  author: APIUser
  via: MessageVia
  /** Message type: 0 default, 19 reply, 20 chat input command reply. */
  type?: number
  interactionId?: string
  ephemeralTo?: string
  webhookId?: string
  applicationId?: string
  interactionMetadata?: Record<string, unknown>
  /** Extra flags set by the simulator (e.g. 128 LOADING for a deferred reply). */
  extraFlags?: number
  /** Skip the empty-message check (deferred "thinking" messages). */
  allowEmpty?: boolean
  /** Stickers a user posted (`sticker_items`). */
  stickerItems?: { id: string; name: string; format_type: number }[]
}

/** Fails like Discord when the bot may not write in the channel. */
export function assertBotCanSend(ctx: SimContext, channel: ChannelRecord, needs: bigint = PERMISSIONS.SendMessages) {
  if (channel.botAccess === 'none') throw missingAccess()
  if (channel.botAccess === 'read') throw missingPermissions()
  const bits = ctx.state.permissionsIn(channel, ctx.state.bot.id)
  if (!(bits & PERMISSIONS.ViewChannel)) throw missingAccess()
  if ((bits & needs) !== needs) throw missingPermissions()
}

/** Message events reach the bot only from channels it can see (as on Discord). */
export function dispatchMessageEvent(ctx: SimContext, channel: ChannelRecord, event: string, data: Json) {
  if (channel.guildId && !ctx.state.canView(channel, ctx.state.bot.id)) return
  ctx.gateway.dispatch(event, data, channel.guildId)
}

/** Stores uploaded files and returns the attachment objects (with local CDN URLs). */
function storeFiles(ctx: SimContext, channelId: string, body: Json, files: Map<string, UploadedFile>): Map<string, APIAttachment> {
  const meta: Json[] = Array.isArray(body.attachments) ? body.attachments : []
  const out = new Map<string, APIAttachment>()
  for (const [field, file] of files) {
    const index = /^files\[(\d+)\]$/.exec(field)?.[1] ?? field
    const m = meta.find((a) => String(a.id) === index)
    const id = ctx.state.ids.next()
    const filename = String(m?.filename ?? file.filename)
    const url = `${ctx.baseUrl()}/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`
    ctx.state.attachments.set(id, { id, filename, contentType: file.contentType, bytes: file.bytes, url })
    out.set(index, {
      id, filename, size: file.bytes.length, url, proxy_url: url, content_type: file.contentType,
      ...(m?.description ? { description: String(m.description) } : {}),
    } as APIAttachment)
  }
  return out
}

/** The attachment list after a create or edit: kept existing ones (by snowflake id) plus new uploads. */
function attachmentsFor(ctx: SimContext, channelId: string, body: Json, files: Map<string, UploadedFile>, existing: APIAttachment[]): APIAttachment[] {
  const uploaded = storeFiles(ctx, channelId, body, files)
  if (!Array.isArray(body.attachments)) return [...existing, ...uploaded.values()]
  const out: APIAttachment[] = []
  for (const a of body.attachments as Json[]) {
    const fresh = uploaded.get(String(a.id))
    const kept = existing.find((e) => e.id === String(a.id))
    if (fresh) out.push(fresh)
    else if (kept) out.push(kept)
  }
  for (const [index, a] of uploaded) if (!(body.attachments as Json[]).some((m) => String(m.id) === index)) out.push(a)
  return out
}

/** Who a message pings, given its content and allowed_mentions (Discord's default parses everything). */
function mentionsOf(ctx: SimContext, channel: ChannelRecord, content: string, allowed: APIAllowedMentions | undefined, authorId: string) {
  const parse = allowed ? (allowed.parse ?? []) : ['everyone', 'users', 'roles']
  const guild = channel.guildId ? ctx.state.guilds.get(channel.guildId) : undefined
  const mayPingEveryone = !guild || authorId !== ctx.state.bot.id
    || (ctx.state.permissionsOf(guild, authorId) & PERMISSIONS.MentionEveryone) !== 0n
  const everyone = /@(everyone|here)\b/.test(content) && parse.includes('everyone') && !!guild && mayPingEveryone
  const userIds = [...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1]!)
    .filter((id) => parse.includes('users') || (allowed?.users ?? []).includes(id))
  const roleIds = [...content.matchAll(/<@&(\d+)>/g)].map((m) => m[1]!)
    .filter((id) => parse.includes('roles') || (allowed?.roles ?? []).includes(id))
  return {
    mention_everyone: everyone,
    mentions: [...new Set(userIds)].map((id) => ctx.state.users.get(id)?.user).filter((u): u is APIUser => !!u),
    mention_roles: [...new Set(roleIds)].filter((id) => guild?.roles.has(id)),
  }
}

function gatewayPayload(ctx: SimContext, channel: ChannelRecord, message: APIMessage): Record<string, unknown> {
  const guild = channel.guildId ? ctx.state.guilds.get(channel.guildId) : undefined
  const member = guild && !message.webhook_id && guild.members.has(message.author.id)
    ? ctx.state.memberObject(guild, message.author.id, false) : undefined
  return { ...message, channel_type: channel.channel.type, ...(guild ? { guild_id: guild.id } : {}), ...(member ? { member } : {}) }
}

/** Validates, stores and dispatches (MESSAGE_CREATE) a new message. Ephemeral messages are not dispatched. */
export function createMessage(ctx: SimContext, channel: ChannelRecord, body: Json, files: Map<string, UploadedFile>, opts: CreateOptions): MessageRecord {
  if (!opts.allowEmpty) validateMessageBody(body, files.size)
  const content = typeof body.content === 'string' ? body.content : ''
  const allowed = body.allowed_mentions as APIAllowedMentions | undefined
  const flags = (Number(body.flags ?? 0) & (4 | 64 | 4096 | 32768)) | (opts.extraFlags ?? 0)
  const now = ctx.state.now()
  const reference = body.message_reference as Json | undefined
  const message = {
    id: ctx.state.ids.next(),
    channel_id: channel.channel.id,
    author: opts.author,
    content,
    timestamp: new Date(now).toISOString(),
    edited_timestamp: null,
    tts: false,
    ...mentionsOf(ctx, channel, content, allowed, opts.author.id),
    attachments: attachmentsFor(ctx, channel.channel.id, body, files, []),
    embeds: ((body.embeds ?? []) as Json[]).map((e) => ({ type: 'rich', ...e })),
    components: (body.components ?? []) as Json[],
    pinned: false,
    type: opts.type ?? (reference ? 19 : 0),
    flags,
    ...(opts.stickerItems?.length ? { sticker_items: opts.stickerItems } : {}),
    ...(opts.webhookId ? { webhook_id: opts.webhookId } : {}),
    ...(opts.applicationId ? { application_id: opts.applicationId } : {}),
    ...(opts.interactionMetadata ? { interaction_metadata: opts.interactionMetadata } : {}),
    ...(reference ? { message_reference: { type: 0, channel_id: channel.channel.id, ...reference } } : {}),
  } as unknown as APIMessage
  const record: MessageRecord = {
    message, via: opts.via, at: now, history: [],
    ...(allowed ? { allowedMentions: allowed } : {}),
    ...(opts.interactionId ? { interactionId: opts.interactionId } : {}),
    ...(opts.ephemeralTo ? { ephemeralTo: opts.ephemeralTo } : {}),
  }
  channel.messages.push(record)
  channel.channel = { ...channel.channel, last_message_id: message.id } as typeof channel.channel
  if (!opts.ephemeralTo) dispatchMessageEvent(ctx, channel, 'MESSAGE_CREATE', gatewayPayload(ctx, channel, message))
  ctx.state.changed()
  return record
}

/** Applies an edit (only fields present change) and dispatches MESSAGE_UPDATE. */
export function editMessage(ctx: SimContext, channel: ChannelRecord, record: MessageRecord, body: Json, files: Map<string, UploadedFile>): MessageRecord {
  validateMessageBody(body, files.size, { partial: true })
  const prev = record.message
  const content = typeof body.content === 'string' ? body.content : body.content === null ? '' : prev.content
  const allowed = (body.allowed_mentions as APIAllowedMentions | undefined) ?? record.allowedMentions
  const next = {
    ...prev,
    content,
    ...mentionsOf(ctx, channel, content, allowed, prev.author.id),
    ...(body.embeds !== undefined ? { embeds: ((body.embeds ?? []) as Json[]).map((e) => ({ type: 'rich', ...e })) } : {}),
    ...(body.components !== undefined ? { components: body.components ?? [] } : {}),
    ...(body.flags !== undefined ? { flags: (Number(body.flags) & (4 | 32768)) | (prev.flags! & 64) } : {}),
    attachments: body.attachments === undefined && files.size === 0 ? prev.attachments : attachmentsFor(ctx, channel.channel.id, body, files, prev.attachments),
    edited_timestamp: ctx.state.clock.isoNow(),
  } as APIMessage
  if ((prev.flags ?? 0) & 128) next.flags = (next.flags ?? 0) & ~128 // a deferred reply stops "thinking" when edited
  record.history.push(prev)
  record.message = next
  if (body.allowed_mentions) record.allowedMentions = body.allowed_mentions as APIAllowedMentions
  record.editedAt = ctx.state.now()
  if (!record.ephemeralTo) dispatchMessageEvent(ctx, channel, 'MESSAGE_UPDATE', gatewayPayload(ctx, channel, next))
  ctx.state.changed()
  return record
}

/** Removes a message and dispatches MESSAGE_DELETE (not when part of a bulk delete: MESSAGE_DELETE_BULK then). */
export function deleteMessage(ctx: SimContext, channel: ChannelRecord, record: MessageRecord, opts: { bulk?: boolean } = {}) {
  channel.messages.splice(channel.messages.indexOf(record), 1)
  record.deletedAt = ctx.state.now()
  channel.deleted.push(record)
  if (!record.ephemeralTo && !opts.bulk) {
    dispatchMessageEvent(ctx, channel, 'MESSAGE_DELETE', {
      id: record.message.id, channel_id: channel.channel.id, ...(channel.guildId ? { guild_id: channel.guildId } : {}),
    })
  }
  ctx.state.changed()
}
