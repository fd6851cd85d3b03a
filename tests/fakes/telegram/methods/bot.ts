import type { BotCommand, WebhookInfo } from 'grammy/types'
import { badRequest } from '../errors'
import { MAX_DOWNLOAD } from '../files'
import { scopeKey } from '../state'
import type { MethodHandler } from './context'

const getMe: MethodHandler = (ctx) => ctx.state.bot

const getUpdates: MethodHandler = (ctx) => {
  const p = ctx.params
  return ctx.updates.getUpdates(
    { offset: p.int('offset'), limit: p.int('limit'), timeout: p.int('timeout'), allowed_updates: p.obj<string[]>('allowed_updates') },
    ctx.onAbort,
  )
}

function isLoopback(host: string) {
  return host === 'localhost' || host.startsWith('127.') || host === '[::1]'
}

const setWebhook: MethodHandler = (ctx) => {
  const p = ctx.params
  const url = p.str('url') ?? ''
  if (url === '') {
    ctx.updates.deleteWebhook(p.bool('drop_pending_updates'))
    return true
  }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw badRequest('bad webhook: Failed to resolve host: Name or service not known')
  }
  // the real server demands HTTPS; a local simulator also allows plain HTTP to loopback
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopback(parsed.hostname))) {
    throw badRequest('bad webhook: An HTTPS URL must be provided for webhook')
  }
  const secret = p.str('secret_token')
  if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret)) throw badRequest('secret token contains unallowed characters')
  const max = p.int('max_connections') ?? 40
  if (max < 1 || max > 100) throw badRequest('bad webhook: max_connections must be between 1 and 100')
  const allowed = p.obj<string[]>('allowed_updates')
  ctx.updates.setWebhook({
    url, max_connections: max,
    ...(secret ? { secret_token: secret } : {}),
    ...(allowed ? { allowed_updates: allowed } : {}),
  }, p.bool('drop_pending_updates'))
  return true
}

const deleteWebhook: MethodHandler = (ctx) => {
  ctx.updates.deleteWebhook(ctx.params.bool('drop_pending_updates'))
  return true
}

const getWebhookInfo: MethodHandler = (ctx) => {
  const hook = ctx.updates.webhook
  const info: WebhookInfo = { url: hook?.url ?? '', has_custom_certificate: false, pending_update_count: ctx.updates.pendingCount }
  if (hook) {
    info.max_connections = hook.max_connections
    info.ip_address = '127.0.0.1'
    if (hook.allowed_updates) info.allowed_updates = hook.allowed_updates as WebhookInfo['allowed_updates']
    if (hook.last_error_date) {
      info.last_error_date = hook.last_error_date
      info.last_error_message = hook.last_error_message
    }
  }
  return info
}

const setMyCommands: MethodHandler = (ctx) => {
  const p = ctx.params
  const commands = p.obj<BotCommand[]>('commands')
  if (!Array.isArray(commands) || commands.length > 100) throw badRequest('commands must be an array of at most 100 BotCommand')
  for (const c of commands) {
    if (typeof c?.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw badRequest('BOT_COMMAND_INVALID')
    if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID')
  }
  const lang = p.str('language_code')
  if (lang !== undefined && lang !== '' && !/^[a-z]{2}$/.test(lang)) throw badRequest('invalid language code specified')
  const key = scopeKey(p.obj('scope'), lang || undefined)
  if (commands.length === 0) ctx.state.commands.delete(key)
  else ctx.state.commands.set(key, commands.map((c) => ({ command: c.command, description: c.description })))
  return true
}

const getMyCommands: MethodHandler = (ctx) =>
  ctx.state.commands.get(scopeKey(ctx.params.obj('scope'), ctx.params.str('language_code') || undefined)) ?? []

const deleteMyCommands: MethodHandler = (ctx) => {
  ctx.state.commands.delete(scopeKey(ctx.params.obj('scope'), ctx.params.str('language_code') || undefined))
  return true
}

const getFile: MethodHandler = (ctx) => {
  const file = ctx.state.files.get(ctx.params.reqStr('file_id', 'file_id is empty'))
  if (!file) throw badRequest('wrong file_id or the file is temporarily unavailable')
  if (file.bytes.length > MAX_DOWNLOAD) throw badRequest('file is too big')
  return { file_id: file.file_id, file_unique_id: file.file_unique_id, file_size: file.bytes.length, file_path: file.file_path }
}

const answerCallbackQuery: MethodHandler = (ctx) => {
  const p = ctx.params
  const id = p.reqStr('callback_query_id', 'query is too old and response timeout expired or query ID is invalid')
  const entry = ctx.state.callbackQueries.get(id)
  if (!entry || entry.answered) throw badRequest('query is too old and response timeout expired or query ID is invalid')
  const text = p.str('text')
  if (text !== undefined && text.length > 200) throw badRequest('MESSAGE_TOO_LONG')
  entry.answered = true
  ctx.state.callbackAnswers.push({
    callback_query_id: id,
    ...(text !== undefined ? { text } : {}),
    show_alert: p.bool('show_alert'),
    ...(p.has('url') ? { url: p.str('url') } : {}),
    ...(p.has('cache_time') ? { cache_time: p.int('cache_time') } : {}),
    query: entry.query,
    at: ctx.state.now(),
  })
  return true
}

/** Settings the simulator accepts without modelling them further. */
const accept: MethodHandler = () => true

export const botMethods: Record<string, MethodHandler> = {
  getMe, getUpdates, setWebhook, deleteWebhook, getWebhookInfo, setMyCommands, getMyCommands, deleteMyCommands,
  getFile, answerCallbackQuery, setMyName: accept, setMyDescription: accept, setMyShortDescription: accept,
  setMyDefaultAdministratorRights: accept, logOut: accept, close: accept,
}
