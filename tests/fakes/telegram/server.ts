import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { listenOnLoopback } from '../listen'
import { ApiError, notFound, tooManyRequests, unauthorized } from './errors'
import type { UrlPolicy } from './files'
import { METHODS } from './methods'
import { parseBody, type UploadedFile } from './multipart'
import { normalizeParams, Params } from './params'
import type { RateLimiter } from './rate-limit'
import type { SimState } from './state'
import type { UpdateQueue } from './updates'

/** A failure to inject into the next call(s) of a method. */
export type InjectedFailure =
  | { status: 429; retry_after?: number; description?: string }
  | { status: number; description?: string }

export interface ServerDeps {
  token: string
  state: SimState
  updates: UpdateQueue
  limiter: RateLimiter
  urlPolicy: UrlPolicy
  /** Pending injected failures by lower-cased method name ('*' = any method). */
  failures: Map<string, InjectedFailure[]>
  /**
   * When an injected 429 ends, by method and chat: like Telegram's flood wait,
   * a retry of that method into that chat before then is refused again.
   */
  floodUntil: Map<string, number>
  /** Artificial latency added to each API call (ms). */
  latencyMs: () => number
  maxUploadBytes: number
}

export interface InvokeResult {
  status: number
  body: Record<string, unknown>
}

const DEFAULT_DESCRIPTION: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict',
  500: 'Internal Server Error', 502: 'Bad Gateway',
}

function injected(deps: ServerDeps, method: string, chatId: unknown): ApiError | undefined {
  const flood = `${method}:${String(chatId ?? '')}`
  const until = deps.floodUntil.get(flood) ?? 0
  const now = deps.state.now()
  if (now < until) return tooManyRequests(Math.ceil((until - now) / 1000))
  for (const key of [method.toLowerCase(), '*']) {
    const queue = deps.failures.get(key)
    const f = queue?.shift()
    if (!f) continue
    if (queue!.length === 0) deps.failures.delete(key)
    if (f.status === 429) {
      const retry = 'retry_after' in f && f.retry_after !== undefined ? f.retry_after : 1
      deps.floodUntil.set(flood, now + retry * 1000)
      return f.description ? new ApiError(429, f.description, { retry_after: retry }) : tooManyRequests(retry)
    }
    return new ApiError(f.status, f.description ?? DEFAULT_DESCRIPTION[f.status] ?? 'Error')
  }
  return undefined
}

function logParams(fields: Record<string, unknown>, files: Map<string, UploadedFile>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const describe = (f: UploadedFile) => ({ upload: f.filename, size: f.bytes.length })
  for (const [k, v] of Object.entries(fields)) {
    const attached = typeof v === 'string' && v.startsWith('attach://') ? files.get(v.slice(9)) : undefined
    out[k] = attached ? describe(attached) : v
  }
  for (const [k, f] of files) if (!Object.values(fields).includes(`attach://${k}`)) out[k] = describe(f)
  return out
}

/** Runs one Bot API method and returns the HTTP status and JSON body. Used by HTTP and webhook replies. */
export async function invoke(
  deps: ServerDeps,
  methodName: string,
  rawFields: Record<string, unknown>,
  files: Map<string, UploadedFile> = new Map(),
  onAbort: (fn: () => void) => void = () => undefined,
): Promise<InvokeResult> {
  const entry = METHODS.get(methodName.toLowerCase())
  const started = deps.state.now()
  let status = 200
  let body: Record<string, unknown>
  let fields: Record<string, unknown> = rawFields
  try {
    if (!entry) throw notFound()
    fields = normalizeParams(rawFields)
    const latency = deps.latencyMs()
    if (latency > 0) await new Promise((r) => setTimeout(r, latency))
    const failure = injected(deps, entry.name, fields.chat_id)
    if (failure) throw failure
    const result = await entry.handler({
      params: new Params(fields, files), state: deps.state, updates: deps.updates, limiter: deps.limiter,
      urlPolicy: deps.urlPolicy, onAbort,
    })
    body = { ok: true, result }
  } catch (e) {
    const err = e instanceof ApiError ? e : new ApiError(500, `Internal Server Error: ${(e as Error).message}`)
    status = err.status
    body = err.toJSON()
  }
  deps.state.calls.push({
    method: entry?.name ?? methodName,
    params: logParams(fields, files),
    status,
    ok: status === 200,
    ...(status !== 200 ? { description: String(body.description) } : { result: body.result }),
    at: started,
  })
  deps.state.changed()
  return { status, body }
}

function send(res: ServerResponse, status: number, body: unknown) {
  if (res.writableEnded || res.destroyed) return
  const json = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) })
  res.end(json)
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) return undefined
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://sim')
  const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname)
  if (file) {
    if (file[1] !== deps.token) return send(res, 401, unauthorized().toJSON())
    const stored = deps.state.files.getByPath(decodeURIComponent(file[2]!))
    if (!stored) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' })
    res.writeHead(200, { 'content-type': stored.mime_type ?? 'application/octet-stream', 'content-length': stored.bytes.length })
    res.end(Buffer.from(stored.bytes))
    return
  }
  const api = /^\/bot([^/]*)\/([A-Za-z0-9_]*)$/.exec(url.pathname)
  if (!api) return send(res, 404, { ok: false, error_code: 404, description: 'Not Found' })
  if (api[1] !== deps.token) return send(res, 401, unauthorized().toJSON())
  const body = await readBody(req, deps.maxUploadBytes)
  if (!body) return send(res, 413, { ok: false, error_code: 413, description: 'Request Entity Too Large' })
  let fields: Record<string, unknown>
  let files: Map<string, UploadedFile>
  try {
    ;({ fields, files } = parseBody(req.headers['content-type'], body))
  } catch (e) {
    const err = e instanceof ApiError ? e : new ApiError(400, 'Bad Request: invalid request body')
    return send(res, err.status, err.toJSON())
  }
  for (const [k, v] of url.searchParams) if (!(k in fields)) fields[k] = v
  const { status, body: out } = await invoke(deps, api[2]!, fields, files, (fn) => res.on('close', fn))
  send(res, status, out)
}

/** Starts the HTTP server on 127.0.0.1 and a random port. */
export async function startServer(deps: ServerDeps): Promise<{ server: Server; apiRoot: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    handle(deps, req, res).catch((e: Error) => send(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${e.message}` }))
  })
  const { url, close } = await listenOnLoopback(server)
  return { server, apiRoot: url, close }
}
