import type { UploadedFile } from '../../telegram/multipart'
import type { Route, SimContext } from '../context'
import {
  alreadyAcknowledged, invalidFormBody, invalidWebhookToken, unknownInteraction, unknownMessage, unknownWebhook,
} from '../errors'
import { createMessage, deleteMessage, editMessage } from '../messages'
import type { CallbackAttempt, InteractionRecord, MessageRecord } from '../state'

type Json = Record<string, any>

const EPHEMERAL = 64
const LOADING = 128

/** Interaction types: 2 command, 3 component, 4 autocomplete, 5 modal submit. Which callbacks each allows. */
const ALLOWED: Record<number, number[]> = { 2: [4, 5, 9], 3: [4, 5, 6, 7, 9], 4: [8], 5: [4, 5, 6, 7] }

function channelOf(ctx: SimContext, rec: InteractionRecord) {
  return ctx.state.channels.get(rec.interaction.channel!.id)!
}

function respond(ctx: SimContext, rec: InteractionRecord, type: number, data: Json, files: Map<string, UploadedFile>): MessageRecord | undefined {
  const i = rec.interaction as Json
  const channel = channelOf(ctx, rec)
  const ephemeral = (Number(data.flags ?? 0) & EPHEMERAL) !== 0
  const common = {
    author: ctx.state.bot, via: 'interaction' as const, interactionId: rec.id, applicationId: ctx.state.applicationId,
    type: i.type === 2 ? 20 : 0,
    interactionMetadata: { id: rec.id, type: i.type, user: ctx.state.users.get(rec.userId)!.user, authorizing_integration_owners: {} },
    ...(ephemeral ? { ephemeralTo: rec.userId, extraFlags: EPHEMERAL } : {}),
  }
  if (type === 4 || type === 5) {
    const message = type === 4
      ? createMessage(ctx, channel, data, files, common)
      : createMessage(ctx, channel, { flags: data.flags }, new Map(), { ...common, allowEmpty: true, extraFlags: (common.extraFlags ?? 0) | LOADING })
    rec.originalMessageId = message.message.id
    rec.originalChannelId = channel.channel.id
    return message
  }
  if (type === 6 || type === 7) {
    const target = i.message ? ctx.state.findMessage(channel.channel.id, i.message.id) : undefined
    if (!target) {
      if (type === 7) throw unknownMessage()
      return undefined
    }
    rec.originalMessageId = target.message.id
    rec.originalChannelId = channel.channel.id
    return type === 7 ? editMessage(ctx, channel, target, data, files) : target
  }
  if (type === 8) {
    const choices = Array.isArray(data.choices) ? data.choices : []
    if (choices.length > 25) throw invalidFormBody(['data', 'choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.')
  }
  if (type === 9) {
    for (const key of ['custom_id', 'title', 'components']) {
      if (!data[key]) throw invalidFormBody(['data', key], 'BASE_TYPE_REQUIRED', 'This field is required')
    }
  }
  return undefined
}

/** Answers POST /interactions/{id}/{token}/callback: deadline (10062), double ack (40060), then the response. */
function callback(ctx: SimContext, id: string, token: string, body: Json, files: Map<string, UploadedFile>, withResponse: boolean) {
  const rec = ctx.state.interactions.get(id)
  if (!rec || rec.token !== token) throw unknownInteraction()
  const now = ctx.state.now()
  const type = Number(body.type)
  const attempt: CallbackAttempt = { type, at: now, latencyMs: now - rec.createdAt, status: 200, data: body.data }
  rec.callbacks.push(attempt)
  try {
    if (rec.ack) throw alreadyAcknowledged()
    if (attempt.latencyMs > ctx.interactionDeadlineMs) throw unknownInteraction()
    if (!ALLOWED[rec.interaction.type]?.includes(type)) {
      throw invalidFormBody(['type'], 'INTERACTION_CALLBACK_TYPE_INVALID', `Interaction callback type ${type} is not valid for this interaction`)
    }
    const message = respond(ctx, rec, type, (body.data ?? {}) as Json, files)
    rec.ack = attempt
    attempt.status = withResponse ? 200 : 204
    ctx.state.changed()
    if (!withResponse) return {}
    return {
      body: {
        interaction: {
          id, type: rec.interaction.type, response_message_id: message?.message.id,
          response_message_loading: type === 5, response_message_ephemeral: !!message?.ephemeralTo,
        },
        resource: { type, ...(message ? { message: message.message } : {}) },
      },
    }
  } catch (e) {
    const err = e as { status?: number; code?: number }
    attempt.status = err.status ?? 500
    if (err.code !== undefined) attempt.code = err.code
    ctx.state.changed()
    throw e
  }
}

/** The interaction whose token is in a /webhooks/{application_id}/{token} path (undefined: not an interaction token). */
export function interactionByToken(ctx: SimContext, webhookId: string, token: string): InteractionRecord | undefined {
  if (webhookId !== ctx.state.applicationId) return undefined
  for (const rec of ctx.state.interactions.values()) if (rec.token === token) return rec
  return undefined
}

/** The interaction's original response or a follow-up, for @original / {message_id}. */
function interactionMessage(ctx: SimContext, rec: InteractionRecord, messageId: string): MessageRecord {
  if (!rec.ack) throw unknownWebhook()
  const id = messageId === '@original' ? rec.originalMessageId : messageId
  if (!id || (messageId !== '@original' && id !== rec.originalMessageId && !rec.followUpIds.includes(id))) throw unknownMessage()
  const found = ctx.state.findMessage(rec.originalChannelId ?? channelOf(ctx, rec).channel.id, id)
  if (!found) throw unknownMessage()
  return found
}

function checkToken(ctx: SimContext, rec: InteractionRecord) {
  if (ctx.state.now() - rec.createdAt > ctx.interactionTokenTtlMs) throw invalidWebhookToken()
}

/** Follow-ups and original-response edits through the interaction token. */
export const interactionWebhook = {
  followUp(ctx: SimContext, rec: InteractionRecord, body: Json, files: Map<string, UploadedFile>): MessageRecord {
    checkToken(ctx, rec)
    if (!rec.ack) throw unknownWebhook()
    const ephemeral = (Number(body.flags ?? 0) & EPHEMERAL) !== 0
    const message = createMessage(ctx, channelOf(ctx, rec), body, files, {
      author: ctx.state.bot, via: 'follow-up', interactionId: rec.id, applicationId: ctx.state.applicationId, type: 0,
      ...(ephemeral ? { ephemeralTo: rec.userId, extraFlags: EPHEMERAL } : {}),
    })
    rec.followUpIds.push(message.message.id)
    return message
  },
  get(ctx: SimContext, rec: InteractionRecord, messageId: string): MessageRecord {
    checkToken(ctx, rec)
    return interactionMessage(ctx, rec, messageId)
  },
  edit(ctx: SimContext, rec: InteractionRecord, messageId: string, body: Json, files: Map<string, UploadedFile>): MessageRecord {
    checkToken(ctx, rec)
    const message = interactionMessage(ctx, rec, messageId)
    return editMessage(ctx, ctx.state.channels.get(message.message.channel_id)!, message, body, files)
  },
  delete(ctx: SimContext, rec: InteractionRecord, messageId: string) {
    checkToken(ctx, rec)
    const message = interactionMessage(ctx, rec, messageId)
    deleteMessage(ctx, ctx.state.channels.get(message.message.channel_id)!, message)
  },
}

export const interactionRoutes: Route[] = [
  {
    method: 'POST', pattern: '/interactions/:interaction_id/:interaction_token/callback', auth: 'none',
    handler: ({ ctx, params, body, files, query }) =>
      callback(ctx, params.interaction_id!, params.interaction_token!, body, files, query.get('with_response') === 'true'),
  },
]
