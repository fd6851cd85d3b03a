import type { APIApplicationCommand } from 'discord.js'
import type { Route, RouteRequest, SimContext } from '../context'
import { FormErrors, missingAccess, tooManyCommands, unknownCommand } from '../errors'
import { validateCommand, validateCommandList } from '../validate-commands'
import { guildFor } from './util'

type Json = Record<string, any>

/** The stored command list of the global scope or of one guild (created on first use). */
function scope(req: RouteRequest): APIApplicationCommand[] {
  const { ctx, params } = req
  if (params.application_id !== ctx.state.applicationId) throw missingAccess()
  if (!params.guild_id) return ctx.state.globalCommands
  guildFor(ctx, params.guild_id)
  let list = ctx.state.guildCommands.get(params.guild_id)
  if (!list) ctx.state.guildCommands.set(params.guild_id, (list = []))
  return list
}

function stored(ctx: SimContext, input: Json, guildId: string | undefined, previous?: APIApplicationCommand): APIApplicationCommand {
  return {
    id: previous?.id ?? ctx.state.ids.next(),
    application_id: ctx.state.applicationId,
    ...(guildId ? { guild_id: guildId } : {}),
    version: ctx.state.ids.next(),
    type: input.type ?? 1,
    name: input.name,
    name_localizations: input.name_localizations ?? null,
    description: input.description ?? '',
    description_localizations: input.description_localizations ?? null,
    ...(input.options ? { options: input.options } : {}),
    default_member_permissions: input.default_member_permissions ?? null,
    dm_permission: input.dm_permission ?? true,
    contexts: input.contexts ?? null,
    integration_types: input.integration_types ?? [0],
    nsfw: input.nsfw ?? false,
  } as APIApplicationCommand
}

const sameCommand = (a: Json, b: Json) => a.name === b.name && (a.type ?? 1) === (b.type ?? 1)

function overwrite(req: RouteRequest) {
  const list = scope(req)
  const body: unknown = req.body
  validateCommandList(body)
  const next = body.map((c) => stored(req.ctx, c, req.params.guild_id, list.find((p) => sameCommand(p, c))))
  list.splice(0, list.length, ...next)
  req.ctx.state.changed()
  return { body: next }
}

function createOne(req: RouteRequest) {
  const list = scope(req)
  const errors = new FormErrors()
  validateCommand(errors, [], req.body)
  errors.throwIfAny()
  const i = list.findIndex((p) => sameCommand(p, req.body))
  if (i < 0 && (req.body.type ?? 1) === 1 && list.filter((c) => c.type === 1).length >= 100) throw tooManyCommands()
  const command = stored(req.ctx, req.body, req.params.guild_id, list[i])
  if (i >= 0) list[i] = command
  else list.push(command)
  req.ctx.state.changed()
  return { status: i >= 0 ? 200 : 201, body: command }
}

function findOne(req: RouteRequest): [APIApplicationCommand[], number] {
  const list = scope(req)
  const i = list.findIndex((c) => c.id === req.params.command_id)
  if (i < 0) throw unknownCommand()
  return [list, i]
}

function editOne(req: RouteRequest) {
  const [list, i] = findOne(req)
  const merged = { ...list[i], ...req.body }
  const errors = new FormErrors()
  validateCommand(errors, [], merged)
  errors.throwIfAny()
  list[i] = stored(req.ctx, merged, req.params.guild_id, list[i])
  req.ctx.state.changed()
  return { body: list[i] }
}

function deleteOne(req: RouteRequest) {
  const [list, i] = findOne(req)
  list.splice(i, 1)
  req.ctx.state.changed()
  return {}
}

export const commandRoutes: Route[] = ['/applications/:application_id', '/applications/:application_id/guilds/:guild_id'].flatMap((base): Route[] => [
  { method: 'GET', pattern: `${base}/commands`, auth: 'bot', handler: (req) => ({ body: scope(req) }) },
  { method: 'PUT', pattern: `${base}/commands`, auth: 'bot', handler: overwrite },
  { method: 'POST', pattern: `${base}/commands`, auth: 'bot', handler: createOne },
  { method: 'GET', pattern: `${base}/commands/:command_id`, auth: 'bot', handler: (req) => { const [l, i] = findOne(req); return { body: l[i] } } },
  { method: 'PATCH', pattern: `${base}/commands/:command_id`, auth: 'bot', handler: editOne },
  { method: 'DELETE', pattern: `${base}/commands/:command_id`, auth: 'bot', handler: deleteOne },
])
