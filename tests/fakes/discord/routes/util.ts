import type { SimContext } from '../context'
import { missingAccess, unknownChannel, unknownGuild, unknownMessage } from '../errors'
import type { ChannelRecord, GuildRecord, MessageRecord } from '../state'

/** The channel, or 10003; 50001 when the bot cannot see it (`botAccess` 'none', or no ViewChannel after overwrites). */
export function channelFor(ctx: SimContext, id: string | null | undefined): ChannelRecord {
  const channel = id ? ctx.state.channels.get(id) : undefined
  if (!channel) throw unknownChannel()
  if (channel.botAccess === 'none' || !ctx.state.canView(channel, ctx.state.bot.id)) throw missingAccess()
  return channel
}

export function guildFor(ctx: SimContext, id: string | undefined): GuildRecord {
  const guild = id ? ctx.state.guilds.get(id) : undefined
  if (!guild) throw unknownGuild()
  return guild
}

/** A live, non-ephemeral message of the channel, or 10008. */
export function messageIn(channel: ChannelRecord, id: string | undefined): MessageRecord {
  const record = channel.messages.find((m) => m.message.id === id && !m.ephemeralTo)
  if (!record) throw unknownMessage()
  return record
}
