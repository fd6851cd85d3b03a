// Errors from the Bot API client can carry the request URL, which contains the
// bot token (e.g. a network error's `path`). Everything the bot logs about an
// error goes through safeError, which keeps the useful fields and redacts tokens.
import { GrammyError, HttpError } from 'grammy'

const TOKEN_SHAPE = /\d{5,}:[A-Za-z0-9_-]{20,}/g

export function redactToken(text: string): string {
  return text.replace(TOKEN_SHAPE, '[redacted-token]')
}

export function safeError(err: unknown): Record<string, unknown> {
  if (err instanceof GrammyError) {
    return { type: 'GrammyError', method: err.method, error_code: err.error_code, description: redactToken(err.description), parameters: err.parameters }
  }
  if (err instanceof HttpError) {
    const cause = err.error as { code?: unknown; name?: unknown; message?: unknown } | undefined
    return {
      type: 'HttpError',
      message: redactToken(err.message),
      cause: cause && { name: cause.name, code: cause.code, message: typeof cause.message === 'string' ? redactToken(cause.message) : undefined },
    }
  }
  if (err instanceof Error) {
    return { type: err.name, message: redactToken(err.message), stack: err.stack && redactToken(err.stack), ...('code' in err ? { code: (err as { code: unknown }).code } : {}) }
  }
  return { type: typeof err, message: redactToken(String(err)) }
}

/** An Error safe to throw to code that logs it whole (e.g. main.ts at start-up). */
export function sanitized(err: unknown, what: string): Error {
  const info = safeError(err)
  const detail = [info.description, info.message, (info.cause as { code?: unknown } | undefined)?.code].filter(Boolean).join(' ')
  return new Error(`${what}: ${detail}`)
}
