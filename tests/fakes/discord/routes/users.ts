import type { APIChannel } from 'discord.js'
import type { Route, SimContext } from '../context'
import { invalidFormBody, unknownUser } from '../errors'
import type { ChannelRecord } from '../state'

/** The DM channel between the bot and a user (created on first use, like POST /users/@me/channels). */
export function dmChannel(ctx: SimContext, userId: string): ChannelRecord {
  const user = ctx.state.users.get(userId)
  if (!user) throw unknownUser()
  const existing = user.dmChannelId ? ctx.state.channels.get(user.dmChannelId) : undefined
  if (existing) return existing
  const id = ctx.state.ids.next()
  const channel = { id, type: 1, last_message_id: null, flags: 0, recipients: [user.user] } as unknown as APIChannel
  const record: ChannelRecord = { channel, recipientId: userId, botAccess: 'full', messages: [], deleted: [] }
  ctx.state.channels.set(id, record)
  user.dmChannelId = id
  return record
}

function application(ctx: SimContext) {
  return {
    id: ctx.state.applicationId, name: ctx.state.bot.username, icon: null, description: '', bot_public: true,
    bot_require_code_grant: false, verify_key: '0'.repeat(64), flags: 0, bot: ctx.state.bot,
    owner: ctx.state.bot, team: null, summary: '',
  }
}

export const userRoutes: Route[] = [
  {
    method: 'GET', pattern: '/gateway/bot', auth: 'bot',
    handler: ({ ctx }) => ({
      body: {
        url: ctx.gatewayUrl(), shards: ctx.recommendedShards(),
        session_start_limit: { total: 1000, remaining: Math.max(0, 1000 - ctx.identifyCount()), reset_after: 86_400_000, max_concurrency: 1 },
      },
    }),
  },
  { method: 'GET', pattern: '/gateway', auth: 'none', handler: ({ ctx }) => ({ body: { url: ctx.gatewayUrl() } }) },
  { method: 'GET', pattern: '/users/@me', auth: 'bot', handler: ({ ctx }) => ({ body: ctx.state.bot }) },
  { method: 'GET', pattern: '/applications/@me', auth: 'bot', handler: ({ ctx }) => ({ body: application(ctx) }) },
  { method: 'GET', pattern: '/oauth2/applications/@me', auth: 'bot', handler: ({ ctx }) => ({ body: application(ctx) }) },
  {
    method: 'GET', pattern: '/users/:user_id', auth: 'bot',
    handler: ({ ctx, params }) => {
      const user = ctx.state.users.get(params.user_id!)
      if (!user) throw unknownUser()
      return { body: user.user }
    },
  },
  {
    method: 'POST', pattern: '/users/@me/channels', auth: 'bot',
    handler: ({ ctx, body }) => {
      if (typeof body.recipient_id !== 'string' && typeof body.recipient_id !== 'number') {
        throw invalidFormBody(['recipient_id'], 'BASE_TYPE_REQUIRED', 'This field is required')
      }
      return { body: dmChannel(ctx, String(body.recipient_id)).channel }
    },
  },
]
