import type { Route, SimContext } from '../context'
import { missingPermissions, unknownMember, unknownRole } from '../errors'
import { PERMISSIONS, type GuildRecord } from '../state'
import { guildFor } from './util'

/** The guild as GET /guilds/{id} returns it. */
export function guildObject(guild: GuildRecord) {
  return {
    id: guild.id, name: guild.name, icon: null, splash: null, discovery_splash: null, owner_id: guild.ownerId,
    afk_channel_id: null, afk_timeout: 300, verification_level: 0, default_message_notifications: 0,
    explicit_content_filter: 0, roles: [...guild.roles.values()], emojis: [], stickers: [], features: [], mfa_level: 0,
    application_id: null, system_channel_id: null, system_channel_flags: 0, rules_channel_id: null,
    vanity_url_code: null, description: null, banner: null, premium_tier: 0, preferred_locale: guild.preferredLocale,
    public_updates_channel_id: null, nsfw_level: 0, premium_progress_bar_enabled: false, safety_alerts_channel_id: null,
  }
}

/** The GUILD_CREATE payload a shard receives after READY. */
export function guildCreatePayload(ctx: SimContext, guild: GuildRecord) {
  return {
    ...guildObject(guild),
    joined_at: new Date(ctx.state.now()).toISOString(), large: false, unavailable: false,
    member_count: guild.members.size,
    members: [...guild.members.keys()].map((id) => ctx.state.memberObject(guild, id)),
    channels: guild.channelIds.map((id) => ctx.state.channels.get(id)!.channel),
    threads: [], presences: [], voice_states: [], stage_instances: [], guild_scheduled_events: [], soundboard_sounds: [],
  }
}

function memberChange(ctx: SimContext, guildId: string, userId: string, roleId: string, add: boolean) {
  const guild = guildFor(ctx, guildId)
  const member = guild.members.get(userId)
  if (!member) throw unknownMember()
  const role = guild.roles.get(roleId)
  if (!role || roleId === guild.id) throw unknownRole()
  const bot = ctx.state.bot.id
  if (!(ctx.state.permissionsOf(guild, bot) & PERMISSIONS.ManageRoles) || role.managed
    || (guild.ownerId !== bot && role.position >= ctx.state.topRolePosition(guild, bot))) throw missingPermissions()
  const has = member.roles.includes(roleId)
  if (add && !has) member.roles.push(roleId)
  if (!add && has) member.roles.splice(member.roles.indexOf(roleId), 1)
  if (add !== has) ctx.gateway.dispatch('GUILD_MEMBER_UPDATE', { guild_id: guild.id, ...ctx.state.memberObject(guild, userId) }, guild.id)
  ctx.state.changed()
  return {}
}

export const guildRoutes: Route[] = [
  { method: 'GET', pattern: '/guilds/:guild_id', auth: 'bot', handler: ({ ctx, params }) => ({ body: guildObject(guildFor(ctx, params.guild_id)) }) },
  {
    method: 'GET', pattern: '/guilds/:guild_id/channels', auth: 'bot',
    handler: ({ ctx, params }) => ({ body: guildFor(ctx, params.guild_id).channelIds.map((id) => ctx.state.channels.get(id)!.channel) }),
  },
  { method: 'GET', pattern: '/guilds/:guild_id/roles', auth: 'bot', handler: ({ ctx, params }) => ({ body: [...guildFor(ctx, params.guild_id).roles.values()] }) },
  {
    method: 'GET', pattern: '/guilds/:guild_id/members', auth: 'bot',
    handler: ({ ctx, params, query }) => {
      const guild = guildFor(ctx, params.guild_id)
      const after = BigInt(query.get('after') ?? '0')
      const limit = Math.min(1000, Math.max(1, Number(query.get('limit') ?? 1)))
      const ids = [...guild.members.keys()].filter((id) => BigInt(id) > after).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))
      return { body: ids.slice(0, limit).map((id) => ctx.state.memberObject(guild, id)) }
    },
  },
  {
    method: 'GET', pattern: '/guilds/:guild_id/members/:user_id', auth: 'bot',
    handler: ({ ctx, params }) => {
      const guild = guildFor(ctx, params.guild_id)
      if (!guild.members.has(params.user_id!)) throw unknownMember()
      return { body: ctx.state.memberObject(guild, params.user_id!) }
    },
  },
  {
    method: 'PUT', pattern: '/guilds/:guild_id/members/:user_id/roles/:role_id', auth: 'bot',
    handler: ({ ctx, params }) => memberChange(ctx, params.guild_id!, params.user_id!, params.role_id!, true),
  },
  {
    method: 'DELETE', pattern: '/guilds/:guild_id/members/:user_id/roles/:role_id', auth: 'bot',
    handler: ({ ctx, params }) => memberChange(ctx, params.guild_id!, params.user_id!, params.role_id!, false),
  },
]
