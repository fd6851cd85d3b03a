import type { Route, SimContext } from '../context'
import { cannotEditOthers, cannotMessageUser, missingPermissions } from '../errors'
import { assertBotCanSend, createMessage, deleteMessage, editMessage } from '../messages'
import { PERMISSIONS, type ChannelRecord } from '../state'
import { channelFor, messageIn } from './util'

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
    method: 'POST', pattern: '/channels/:channel_id/typing', auth: 'bot',
    handler: ({ ctx, params }) => {
      assertCanDeliver(ctx, channelFor(ctx, params.channel_id))
      return {}
    },
  },
]
