import type { Route, SimContext } from '../context'
import { DiscordApiError, FormErrors, cannotEditOthers, cannotMessageUser, missingPermissions, unknownMember, unknownRole } from '../errors'
import { assertBotCanSend, createMessage, deleteMessage, dispatchMessageEvent, editMessage } from '../messages'
import { PERMISSIONS, overwritesOf, type ChannelRecord, type Overwrite } from '../state'
import { channelFor, guildFor, messageIn } from './util'

const unknownOverwrite = () => new DiscordApiError(404, 10009, 'Unknown Overwrite')
const BITS = /^\d{1,20}$/

/**
 * PUT /channels/{id}/permissions/{overwrite_id}: the bot needs Manage Roles
 * (Discord's "Manage Permissions") in the channel and may only allow or deny
 * bits it has itself; type 0 names a role of the guild, type 1 a member.
 */
function putOverwrite(ctx: SimContext, channelId: string, overwriteId: string, body: Record<string, unknown>) {
  const channel = channelFor(ctx, channelId)
  const guild = guildFor(ctx, channel.guildId)
  const errors = new FormErrors()
  if (body.type !== 0 && body.type !== 1) errors.add(['type'], 'BASE_TYPE_CHOICES', 'Value must be one of {0, 1}.')
  for (const field of ['allow', 'deny'] as const) {
    const v = body[field]
    if (v !== undefined && v !== null && !BITS.test(String(v))) errors.add([field], 'NUMBER_TYPE_COERCE', `Value "${String(v)}" is not snowflake.`)
  }
  errors.throwIfAny()
  const type = body.type as 0 | 1
  if (type === 0 && !guild.roles.has(overwriteId)) throw unknownRole()
  if (type === 1 && !guild.members.has(overwriteId)) throw unknownMember()
  const allow = BigInt(String(body.allow ?? '0'))
  const deny = BigInt(String(body.deny ?? '0'))
  const mine = ctx.state.permissionsIn(channel, ctx.state.bot.id)
  if (!(mine & PERMISSIONS.ManageRoles) || ((allow | deny) & ~ctx.state.permissionsOf(guild, ctx.state.bot.id)) !== 0n) throw missingPermissions()
  const next: Overwrite = { id: overwriteId, type, allow: String(allow), deny: String(deny) }
  setOverwrites(ctx, channel, [...overwritesOf(channel).filter((o) => o.id !== overwriteId), next])
  return {}
}

function deleteOverwrite(ctx: SimContext, channelId: string, overwriteId: string) {
  const channel = channelFor(ctx, channelId)
  if (!(ctx.state.permissionsIn(channel, ctx.state.bot.id) & PERMISSIONS.ManageRoles)) throw missingPermissions()
  const list = overwritesOf(channel)
  if (!list.some((o) => o.id === overwriteId)) throw unknownOverwrite()
  setOverwrites(ctx, channel, list.filter((o) => o.id !== overwriteId))
  return {}
}

/** Stores the overwrites and dispatches CHANNEL_UPDATE. */
function setOverwrites(ctx: SimContext, channel: ChannelRecord, overwrites: Overwrite[]) {
  channel.channel = { ...channel.channel, permission_overwrites: overwrites } as typeof channel.channel
  ctx.gateway.dispatch('CHANNEL_UPDATE', channel.channel as unknown as Record<string, unknown>, channel.guildId)
  ctx.state.changed()
}

/** DMs to a user who closed them fail with 50007, as on Discord. */
export function assertCanDeliver(ctx: SimContext, channel: ChannelRecord) {
  if (channel.recipientId && !ctx.state.users.get(channel.recipientId)?.dmsOpen) throw cannotMessageUser()
  assertBotCanSend(ctx, channel)
}

export const channelRoutes: Route[] = [
  { method: 'GET', pattern: '/channels/:channel_id', auth: 'bot', handler: ({ ctx, params }) => ({ body: channelFor(ctx, params.channel_id).channel }) },
  {
    method: 'GET', pattern: '/channels/:channel_id/messages', auth: 'bot',
    handler: ({ ctx, params, query }) => {
      const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? 50)))
      const before = query.get('before')
      const after = query.get('after')
      let list = channelFor(ctx, params.channel_id).messages.filter((m) => !m.ephemeralTo).map((m) => m.message)
      if (before) list = list.filter((m) => BigInt(m.id) < BigInt(before))
      if (after) list = list.filter((m) => BigInt(m.id) > BigInt(after))
      return { body: list.reverse().slice(0, limit) }
    },
  },
  {
    method: 'GET', pattern: '/channels/:channel_id/messages/:message_id', auth: 'bot',
    handler: ({ ctx, params }) => ({ body: messageIn(channelFor(ctx, params.channel_id), params.message_id).message }),
  },
  {
    method: 'POST', pattern: '/channels/:channel_id/messages', auth: 'bot',
    handler: ({ ctx, params, body, files }) => {
      const channel = channelFor(ctx, params.channel_id)
      assertCanDeliver(ctx, channel)
      return { body: createMessage(ctx, channel, body, files, { author: ctx.state.bot, via: 'channel' }).message }
    },
  },
  {
    method: 'PATCH', pattern: '/channels/:channel_id/messages/:message_id', auth: 'bot',
    handler: ({ ctx, params, body, files }) => {
      const channel = channelFor(ctx, params.channel_id)
      const record = messageIn(channel, params.message_id)
      if (record.message.author.id !== ctx.state.bot.id || record.message.webhook_id) throw cannotEditOthers()
      return { body: editMessage(ctx, channel, record, body, files).message }
    },
  },
  {
    method: 'DELETE', pattern: '/channels/:channel_id/messages/:message_id', auth: 'bot',
    handler: ({ ctx, params }) => {
      const channel = channelFor(ctx, params.channel_id)
      const record = messageIn(channel, params.message_id)
      const guild = channel.guildId ? ctx.state.guilds.get(channel.guildId) : undefined
      const own = record.message.author.id === ctx.state.bot.id
      if (!own && (!guild || !(ctx.state.permissionsOf(guild, ctx.state.bot.id) & PERMISSIONS.ManageMessages))) throw missingPermissions()
      deleteMessage(ctx, channel, record)
      return {}
    },
  },
  {
    // 2 to 100 message ids, Manage Messages, none older than two weeks (50034); one MESSAGE_DELETE_BULK
    method: 'POST', pattern: '/channels/:channel_id/messages/bulk-delete', auth: 'bot',
    handler: ({ ctx, params, body }) => {
      const channel = channelFor(ctx, params.channel_id)
      const ids: unknown = body?.messages
      if (!Array.isArray(ids) || ids.length < 2 || ids.length > 100) {
        const errors = new FormErrors()
        errors.add(['messages'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 2 and 100 in length.')
        errors.throwIfAny()
      }
      if (!(ctx.state.permissionsIn(channel, ctx.state.bot.id) & PERMISSIONS.ManageMessages)) throw missingPermissions()
      const records = (ids as unknown[]).map((id) => messageIn(channel, String(id)))
      if (records.some((r) => ctx.state.now() - r.at > 14 * 24 * 3600_000)) throw new DiscordApiError(400, 50034, 'You can only bulk delete messages that are under 14 days old.')
      for (const r of records) deleteMessage(ctx, channel, r, { bulk: true })
      dispatchMessageEvent(ctx, channel, 'MESSAGE_DELETE_BULK', { ids: records.map((r) => r.message.id), channel_id: channel.channel.id, guild_id: channel.guildId })
      ctx.state.changed()
      return {}
    },
  },
  { method: 'PUT', pattern: '/channels/:channel_id/permissions/:overwrite_id', auth: 'bot', handler: ({ ctx, params, body }) => putOverwrite(ctx, params.channel_id!, params.overwrite_id!, body ?? {}) },
  { method: 'DELETE', pattern: '/channels/:channel_id/permissions/:overwrite_id', auth: 'bot', handler: ({ ctx, params }) => deleteOverwrite(ctx, params.channel_id!, params.overwrite_id!) },
  {
    method: 'POST', pattern: '/channels/:channel_id/typing', auth: 'bot',
    handler: ({ ctx, params }) => {
      assertCanDeliver(ctx, channelFor(ctx, params.channel_id))
      return {}
    },
  },
]
