// The pino root logger. Child loggers carry per-update/request/job context.
import pino, { type Logger } from 'pino'

export type { Logger }

/** Keys that never reach a log, at any depth we commonly log them. */
const REDACT = [
  'password', 'passwordHash', 'token', 'tokenHash', 'secret', 'authorization', 'cookie',
  '*.password', '*.passwordHash', '*.token', '*.tokenHash', '*.secret', '*.authorization', '*.cookie',
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-telegram-bot-api-secret-token"]',
  'config.telegram.token', 'config.telegram.webhookSecret', 'config.discord.token', 'config.admin.password',
  'config.sessionSecret', 'config.databaseUrl', 'config.redisUrl',
]

export function createLogger(opts: { level: string; pretty: boolean; destination?: pino.DestinationStream }): Logger {
  const options: pino.LoggerOptions = {
    level: opts.level,
    base: { app: 'taskmetrics' },
    redact: { paths: REDACT, censor: '[redacted]' },
    serializers: { err: pino.stdSerializers.err },
  }
  if (opts.destination) return pino(options, opts.destination)
  if (opts.pretty) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss.l' } } })
  }
  return pino(options)
}

/** Removes credentials from a URL (for logging where a service is). */
export function redactUrlCredentials(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    if (u.username) u.username = '***'
    return u.toString()
  } catch {
    return '[unparseable url]'
  }
}
