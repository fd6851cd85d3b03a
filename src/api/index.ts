// The HTTP API: one Elysia app made of feature plugins. Errors are mapped to
// HTTP in one onError; every request gets a child logger with its id.
import { Elysia, ParseError } from 'elysia'
import { DomainError, ValidationError } from '../domain'
import { announcementRoutes } from './announcements'
import { catalogRoutes } from './catalog'
import type { ApiDeps } from './context'
import { docsRoutes } from './docs'
import { describeValidation, domainErrorResponse } from './errors'
import { healthRoutes } from './health'
import { learningRoutes } from './learning'
import { roomRoutes } from './rooms'

export type { ApiDeps } from './context'

/** The API takes small JSON bodies (and Telegram updates); anything larger is refused with 413. */
export const MAX_BODY_BYTES = 1024 * 1024

class BodyTooLargeError extends Error {}

export function createApi(deps: ApiDeps) {
  let app = new Elysia()
    .derive({ as: 'global' }, ({ request, headers, set }) => {
      const requestId = headers['x-request-id']?.slice(0, 64) || crypto.randomUUID()
      set.headers['x-request-id'] = requestId
      return { requestId, log: lazyRequestLogger(deps.logger, request, requestId), startedAt: performance.now() }
    })
    // Elysia silently drops a malformed JSON body when the route's body is optional,
    // and matches the content type case-sensitively: parse JSON here, so that bad
    // JSON is always a 400 and a body that is not an object always a 422
    .onParse({ as: 'global' }, async ({ request, contentType }) => {
      if (contentType.split(';')[0]!.trim().toLowerCase() !== 'application/json') return
      // read before refusing: a client still sending would not see an early answer
      // (the server's hard limit, higher, stops bodies beyond that)
      const text = await request.text()
      if (text.length > MAX_BODY_BYTES) throw new BodyTooLargeError()
      if (!text.trim()) return
      let body: unknown
      try {
        body = JSON.parse(text)
      } catch (err) {
        throw new ParseError(err as Error)
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body))
        throw new ValidationError('body must be a JSON object', { fields: [{ path: 'body', message: 'must be a JSON object' }] })
      return body
    })
    .onAfterResponse({ as: 'global' }, (ctx) => {
      const { log, set, startedAt } = ctx as typeof ctx & { log?: RequestLog; startedAt?: number }
      if (log && deps.logger.isLevelEnabled('debug'))
        log.get().debug({ status: set.status, ms: startedAt ? Math.round(performance.now() - startedAt) : undefined }, 'request done')
    })
    .onError({ as: 'global' }, (ctx) => {
      const { code, set } = ctx
      const log = (ctx as { log?: RequestLog }).log?.get() ?? deps.logger
      set.headers['content-type'] = 'application/json'
      // Elysia wraps what the body parser throws: answer our own refusals as themselves
      const cause: unknown = code === 'PARSE' ? (ctx.error as Error).cause : undefined
      const error: unknown = cause instanceof DomainError || cause instanceof BodyTooLargeError ? cause : ctx.error
      if (error instanceof BodyTooLargeError) {
        set.status = 413
        return { error: 'too_large', message: `The request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB` }
      }
      if (error instanceof DomainError) {
        const { status, body } = domainErrorResponse(error)
        set.status = status
        return body
      }
      switch (code) {
        case 'VALIDATION': {
          const { message, fields } = describeValidation(error as never)
          set.status = 422
          return { error: 'invalid', message, details: { fields } }
        }
        case 'PARSE':
          set.status = 400
          return { error: 'bad_request', message: 'The request body is not valid JSON' }
        case 'NOT_FOUND':
          set.status = 404
          return { error: 'not_found', message: 'No such route' }
        case 'INVALID_COOKIE_SIGNATURE':
          set.status = 400
          return { error: 'bad_request', message: 'Invalid cookie' }
        default: {
          const status = (error as { status?: number }).status
          if (typeof status === 'number' && status >= 400 && status < 500) {
            set.status = status
            return { error: 'bad_request', message: (error as Error).message }
          }
          log.error({ err: error }, 'unhandled error')
          set.status = 500
          return { error: 'internal', message: 'Something went wrong on our side' }
        }
      }
    })
    .use(healthRoutes(deps.health))
    .use(docsRoutes())
    .use(catalogRoutes(deps))
    .use(learningRoutes(deps))
    .use(announcementRoutes(deps))
    .use(deps.rooms ? roomRoutes({ ...deps, rooms: deps.rooms }) : new Elysia({ name: 'rooms-off' }))
  for (const extend of deps.extraRoutes ?? []) app = extend(app)
  return app
}

export type Api = ReturnType<typeof createApi>

/** The request's child logger, made on first use (most requests never log). */
export interface RequestLog {
  get(): ApiDeps['logger']
}

function lazyRequestLogger(root: ApiDeps['logger'], request: Request, requestId: string): RequestLog {
  let child: ApiDeps['logger'] | undefined
  return {
    get() {
      child ??= root.child({ requestId, method: request.method, path: new URL(request.url).pathname })
      return child
    },
  }
}
