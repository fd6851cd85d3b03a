import type { APIUser } from 'discord.js'
import type { Route, RouteRequest, SimContext } from '../context'
import { invalidFormBody, missingPermissions, unknownMessage, unknownWebhook } from '../errors'
import { createMessage, deleteMessage, editMessage } from '../messages'
import { PERMISSIONS, type WebhookRecord } from '../state'
import { interactionByToken, interactionWebhook } from './interactions'
import { channelFor, guildFor, messageIn } from './util'


function webhookFor(ctx: SimContext, id: string | undefined, token?: string): WebhookRecord {
  const rec = id ? ctx.state.webhooks.get(id) : undefined
  if (!rec || (token !== undefined && rec.webhook.token !== token)) throw unknownWebhook()
  return rec
}

/** Without the bot token, a webhook object has no `user`; with a webhook token it carries no token either. */
const publicView = (rec: WebhookRecord, withToken: boolean) => {
  const { token, ...rest } = rec.webhook
  return withToken ? { ...rest, token } : rest
}

function assertManageWebhooks(ctx: SimContext, guildId: string | undefined) {
  const guild = guildFor(ctx, guildId)
  if (!(ctx.state.permissionsOf(guild, ctx.state.bot.id) & PERMISSIONS.ManageWebhooks)) throw missingPermissions()
}

function execute({ ctx, params, body, files, query }: RouteRequest) {
  const interaction = interactionByToken(ctx, params.webhook_id!, params.webhook_token!)
  if (interaction) return { body: interactionWebhook.followUp(ctx, interaction, body, files).message }
  const rec = webhookFor(ctx, params.webhook_id, params.webhook_token)
  const channel = channelFor(ctx, rec.webhook.channel_id)
  const username = typeof body.username === 'string' ? body.username : rec.webhook.name ?? 'Webhook'
  if ([...username].length > 80 || /clyde|discord/i.test(username)) {
    throw invalidFormBody(['username'], 'USERNAME_INVALID', 'Username cannot contain "discord" or "clyde" and must be 80 or fewer in length.')
  }
  const author = {
    id: rec.webhook.id, username, avatar: typeof body.avatar_url === 'string' ? body.avatar_url : rec.webhook.avatar,
    discriminator: '0000', global_name: null, bot: true,
  } as APIUser
  const message = createMessage(ctx, channel, body, files, { author, via: 'webhook', webhookId: rec.webhook.id, applicationId: ctx.state.applicationId })
  return query.get('wait') === 'true' ? { body: message.message } : {}
}

function webhookMessage(req: RouteRequest, action: 'get' | 'edit' | 'delete') {
  const { ctx, params, body, files } = req
  const interaction = interactionByToken(ctx, params.webhook_id!, params.webhook_token!)
  if (interaction) {
    if (action === 'get') return { body: interactionWebhook.get(ctx, interaction, params.message_id!).message }
    if (action === 'edit') return { body: interactionWebhook.edit(ctx, interaction, params.message_id!, body, files).message }
    interactionWebhook.delete(ctx, interaction, params.message_id!)
    return {}
  }
  const rec = webhookFor(ctx, params.webhook_id, params.webhook_token)
  const channel = channelFor(ctx, rec.webhook.channel_id)
  const message = messageIn(channel, params.message_id)
  if (message.message.webhook_id !== rec.webhook.id) throw unknownMessage()
  if (action === 'get') return { body: message.message }
  if (action === 'edit') return { body: editMessage(ctx, channel, message, body, files).message }
  deleteMessage(ctx, channel, message)
  return {}
}

export const webhookRoutes: Route[] = [
  {
    method: 'POST', pattern: '/channels/:channel_id/webhooks', auth: 'bot',
    handler: ({ ctx, params, body }) => {
      const channel = channelFor(ctx, params.channel_id)
      assertManageWebhooks(ctx, channel.guildId)
      const name = typeof body.name === 'string' ? body.name : ''
      if (name.length < 1 || name.length > 80) throw invalidFormBody(['name'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 80 in length.')
      const id = ctx.state.ids.next()
      const token = Buffer.from(`${id}:${Math.random()}`).toString('base64url').padEnd(68, 'x')
      const rec: WebhookRecord = {
        webhook: {
          id, type: 1, guild_id: channel.guildId, channel_id: channel.channel.id, name,
          avatar: typeof body.avatar === 'string' ? body.avatar : null, application_id: ctx.state.applicationId,
          user: ctx.state.bot, token,
        } as WebhookRecord['webhook'],
      }
      ctx.state.webhooks.set(id, rec)
      ctx.state.changed()
      return { body: publicView(rec, true) }
    },
  },
  {
    method: 'GET', pattern: '/channels/:channel_id/webhooks', auth: 'bot',
    handler: ({ ctx, params }) => {
      const channel = channelFor(ctx, params.channel_id)
      assertManageWebhooks(ctx, channel.guildId)
      return { body: [...ctx.state.webhooks.values()].filter((w) => w.webhook.channel_id === channel.channel.id).map((w) => publicView(w, true)) }
    },
  },
  {
    method: 'GET', pattern: '/guilds/:guild_id/webhooks', auth: 'bot',
    handler: ({ ctx, params }) => {
      assertManageWebhooks(ctx, params.guild_id)
      return { body: [...ctx.state.webhooks.values()].filter((w) => w.webhook.guild_id === params.guild_id).map((w) => publicView(w, true)) }
    },
  },
  { method: 'GET', pattern: '/webhooks/:webhook_id', auth: 'bot', handler: ({ ctx, params }) => ({ body: publicView(webhookFor(ctx, params.webhook_id), true) }) },
  {
    method: 'PATCH', pattern: '/webhooks/:webhook_id', auth: 'bot',
    handler: ({ ctx, params, body }) => {
      const rec = webhookFor(ctx, params.webhook_id)
      if (typeof body.name === 'string') rec.webhook.name = body.name
      if (typeof body.channel_id === 'string') rec.webhook.channel_id = channelFor(ctx, body.channel_id).channel.id
      return { body: publicView(rec, true) }
    },
  },
  {
    method: 'DELETE', pattern: '/webhooks/:webhook_id', auth: 'bot',
    handler: ({ ctx, params }) => {
      webhookFor(ctx, params.webhook_id)
      ctx.state.webhooks.delete(params.webhook_id!)
      ctx.state.changed()
      return {}
    },
  },
  {
    method: 'GET', pattern: '/webhooks/:webhook_id/:webhook_token', auth: 'none',
    handler: ({ ctx, params }) => ({ body: publicView(webhookFor(ctx, params.webhook_id, params.webhook_token), false) }),
  },
  { method: 'POST', pattern: '/webhooks/:webhook_id/:webhook_token', auth: 'none', handler: execute },
  { method: 'GET', pattern: '/webhooks/:webhook_id/:webhook_token/messages/:message_id', auth: 'none', handler: (r) => webhookMessage(r, 'get') },
  { method: 'PATCH', pattern: '/webhooks/:webhook_id/:webhook_token/messages/:message_id', auth: 'none', handler: (r) => webhookMessage(r, 'edit') },
  { method: 'DELETE', pattern: '/webhooks/:webhook_id/:webhook_token/messages/:message_id', auth: 'none', handler: (r) => webhookMessage(r, 'delete') },
]
