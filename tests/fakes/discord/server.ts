import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { listenOnLoopback } from '../listen'
import type { Duplex } from 'node:stream'
import { parseBody, type UploadedFile } from '../telegram/multipart'
import type { Route, RouteResult, SimContext } from './context'
import { DiscordApiError, methodNotAllowed, notFound, unauthorized } from './errors'
import { channelRoutes } from './routes/channels'
import { commandRoutes } from './routes/commands'
import { guildRoutes } from './routes/guilds'
import { interactionRoutes } from './routes/interactions'
import { userRoutes } from './routes/users'
import { webhookRoutes } from './routes/webhooks'

/** A failure to inject into the next matching request(s), e.g. `{ status: 500 }` or `{ status: 403, code: 50013 }`. */
export interface InjectedFailure {
  status: number
  code?: number
  message?: string
}

interface CompiledRoute extends Route {
  regex: RegExp
  keys: string[]
  /** Route template with the method, e.g. `POST /channels/:channel_id/messages`. */
  template: string
}

/** Major parameters: the values that split a route's bucket (as Discord does). */
const MAJOR = ['channel_id', 'guild_id', 'webhook_id', 'webhook_token', 'interaction_id']

function compile(routes: Route[]): CompiledRoute[] {
  return routes.map((r) => {
    const keys: string[] = []
    const source = r.pattern.replace(/[.@]/g, (c) => `\\${c}`).replace(/:(\w+)/g, (_, k: string) => {
      keys.push(k)
      return '([^/]+)'
    })
    return { ...r, regex: new RegExp(`^${source}$`), keys, template: `${r.method} ${r.pattern}` }
  })
}

// Literal segments first (/users/@me before /users/:user_id).
const ROUTES = compile([...userRoutes, ...channelRoutes, ...guildRoutes, ...interactionRoutes, ...webhookRoutes, ...commandRoutes])

export interface ServerDeps {
  ctx: SimContext
  failures: { match: string | RegExp; failure: InjectedFailure; times: number }[]
  latencyMs: () => number
  maxUploadBytes: number
  onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void
}

/** Writes a JSON answer, or 204 without a body. */
function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  if (res.writableEnded || res.destroyed) return
  if (body === undefined) return void res.writeHead(status === 200 ? 204 : status, headers).end()
  const payload = Buffer.from(JSON.stringify(body))
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': String(payload.length) }).end(payload)
}

/** The request body, or undefined once it grows past `limit` bytes. */
function collect(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = []
    let total = 0
    req.on('data', (chunk: Buffer) => {
      total += chunk.length
      if (total <= limit) parts.push(chunk)
    })
    req.on('end', () => resolve(total > limit ? undefined : Buffer.concat(parts)))
    req.on('error', reject)
  })
}

/** JSON or multipart (payload_json + files[n]) as discord.js sends them. */
function decodeBody(contentType: string | undefined, raw: Buffer): { body: unknown; files: Map<string, UploadedFile> } {
  const ct = (contentType ?? '').toLowerCase()
  if (raw.length === 0) return { body: {}, files: new Map() }
  try {
    if (ct.startsWith('multipart/form-data')) {
      const { fields, files } = parseBody(contentType, raw)
      const { payload_json: payload, ...rest } = fields
      const body = typeof payload === 'string' ? JSON.parse(payload) : {}
      return { body: { ...rest, ...body }, files }
    }
    return { body: JSON.parse(raw.toString('utf8')), files: new Map() }
  } catch {
    throw new DiscordApiError(400, 50109, 'The request body contains invalid JSON.')
  }
}

function takeFailure(deps: ServerDeps, key: string): InjectedFailure | undefined {
  const i = deps.failures.findIndex((f) => (typeof f.match === 'string' ? f.match === '*' || key.startsWith(f.match) : f.match.test(key)))
  if (i < 0) return undefined
  const f = deps.failures[i]!
  if (--f.times <= 0) deps.failures.splice(i, 1)
  return f.failure
}

async function handleApi(deps: ServerDeps, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) {
  const { ctx } = deps
  const method = (req.method ?? 'GET').toUpperCase()
  const at = ctx.state.now()
  let route: CompiledRoute | undefined
  let params: Record<string, string> = {}
  let pathMatched = false
  for (const r of ROUTES) {
    const m = r.regex.exec(path)
    if (!m) continue
    pathMatched = true
    if (r.method !== method) continue
    route = r
    params = Object.fromEntries(r.keys.map((k, i) => [k, decodeURIComponent(m[i + 1]!)]))
    break
  }
  const template = route?.template ?? `${method} ${path}`
  let status = 200
  let out: unknown
  let headers: Record<string, string> = {}
  let body: unknown
  let files = new Map<string, UploadedFile>()
  try {
    const raw = await collect(req, deps.maxUploadBytes)
    if (!raw) throw new DiscordApiError(413, 40005, 'Request entity too large')
    if (!route) throw pathMatched ? methodNotAllowed() : notFound()
    if (route.auth === 'bot' && req.headers.authorization !== `Bot ${ctx.token}`) throw unauthorized()
    ;({ body, files } = decodeBody(req.headers['content-type'], raw))
    const latency = deps.latencyMs()
    if (latency > 0) await new Promise((r) => setTimeout(r, latency))
    const isCallback = route.pattern.endsWith('/callback')
    if (!isCallback) {
      const major = MAJOR.filter((k) => params[k] !== undefined).map((k) => params[k]).join('/')
      const decision = ctx.limiter.check(template, path, major, route.auth === 'bot')
      headers = decision.headers
      if (decision.refused) {
        const { retryAfter, global, scope, bucket } = decision.refused
        ctx.state.rateLimitHits.push({ method, path, bucket: global ? 'global' : bucket, global, retryAfter, at })
        headers = {
          // Discord rounds the header up to whole seconds; sub-second retries stay exact so tests stay quick
          ...headers, 'retry-after': String(retryAfter >= 1 ? Math.ceil(retryAfter) : retryAfter), 'x-ratelimit-scope': scope,
          ...(global ? { 'x-ratelimit-global': 'true' } : {}),
        }
        status = 429
        out = { message: 'You are being rate limited.', retry_after: retryAfter, global }
        return
      }
    }
    const failure = takeFailure(deps, `${method} ${path}`) ?? takeFailure(deps, template)
    if (failure) throw new DiscordApiError(failure.status, failure.code ?? 0, failure.message ?? `${failure.status}: injected failure`)
    const result: RouteResult = await route.handler({ ctx, params, query, body, files })
    status = result.status ?? (result.body === undefined ? 204 : 200)
    out = result.body
  } catch (e) {
    const err = e instanceof DiscordApiError ? e : new DiscordApiError(500, 0, `500: Internal Server Error (${(e as Error).message})`)
    status = err.status
    out = err.toJSON()
  } finally {
    ctx.state.calls.push({
      method, path, route: template, status, at,
      ...(status >= 400 && out && typeof out === 'object' && 'code' in out ? { code: Number((out as { code: unknown }).code) } : {}),
      ...(body !== undefined ? { body } : {}),
      ...(files.size ? { files: [...files.values()].map((f) => f.filename) } : {}),
    })
    ctx.state.changed()
    reply(res, status, out, headers)
  }
}

function serveAttachment(deps: ServerDeps, res: ServerResponse, path: string) {
  const m = /^\/attachments\/\d+\/(\d+)\/[^/]+$/.exec(path)
  const file = m ? deps.ctx.state.attachments.get(m[1]!) : undefined
  if (!file) return reply(res, 404, { message: '404: Not Found', code: 0 })
  res.writeHead(200, { 'content-type': file.contentType, 'content-length': String(file.bytes.length) })
  res.end(Buffer.from(file.bytes))
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://sim')
  if (url.pathname.startsWith('/attachments/')) return serveAttachment(deps, res, url.pathname)
  const api = /^\/api(?:\/v\d+)?(\/.*)$/.exec(url.pathname)
  if (!api) return reply(res, 404, { message: '404: Not Found', code: 0 })
  await handleApi(deps, req, res, api[1]!, url.searchParams)
}

/** Starts the HTTP + WebSocket server on 127.0.0.1 and a random port. */
export async function startServer(deps: ServerDeps): Promise<{ server: Server; baseUrl: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    handle(deps, req, res).catch((e: Error) => reply(res, 500, { message: `500: ${e.message}`, code: 0 }))
  })
  server.on('upgrade', deps.onUpgrade)
  const { url, close } = await listenOnLoopback(server)
  return { server, baseUrl: url, close }
}
