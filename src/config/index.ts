// The only module that reads process.env. Parsed once at start-up; a missing or
// malformed variable stops the program with one line naming it.
import { createHash } from 'node:crypto'
import { accessSync, constants, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import * as v from 'valibot'
import { MIN_PASSWORD_LENGTH } from '../domain/accounts.service'

export const ROLE_NAMES = ['api', 'admin', 'telegram', 'discord', 'worker'] as const
export type RoleName = (typeof ROLE_NAMES)[number]

// digits only: Number() would also take "1e3", "0x10", " 4410" and "4410.0"
const port = (name: string) =>
  v.pipe(
    v.string(),
    v.regex(/^\d{1,5}$/, `${name} must be a port number (0-65535), digits only`),
    v.transform(Number),
    v.check((n) => n >= 0 && n <= 65535, `${name} must be a port number (0-65535), digits only`),
  )

const optionalText = v.optional(v.pipe(v.string(), v.transform((s) => s.trim() || undefined)))

const EnvSchema = v.object({
  NODE_ENV: v.optional(v.picklist(['development', 'production', 'test']), 'development'),
  ROLES: v.optional(v.string()),
  DATABASE_URL: v.optional(v.pipe(v.string(), v.regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgresql:// URL'))),
  DATA_DIR: v.optional(v.string(), './.data'),
  REDIS_URL: v.optional(v.pipe(v.string(), v.regex(/^rediss?:\/\//, 'REDIS_URL must be a redis:// URL')), 'redis://127.0.0.1:6379'),
  REDIS_PREFIX: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'REDIS_PREFIX must be 1-64 letters, digits, "_", ".", ":" or "-"')),
  ),
  PORT: v.optional(port('PORT'), '3000'),
  ADMIN_PORT: v.optional(port('ADMIN_PORT'), '3001'),
  PUBLIC_URL: v.optional(v.pipe(v.string(), v.url('PUBLIC_URL must be a URL')), 'http://localhost:3000'),
  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: v.optional(v.pipe(v.string(), v.url('TELEGRAM_API_ROOT must be a URL')), 'https://api.telegram.org'),
  TELEGRAM_MODE: v.optional(v.picklist(['polling', 'webhook'], 'TELEGRAM_MODE must be polling or webhook'), 'polling'),
  TELEGRAM_WEBHOOK_SECRET: optionalText,
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText,
  DISCORD_API_URL: v.optional(v.pipe(v.string(), v.url('DISCORD_API_URL must be a URL')), 'https://discord.com/api'),
  DISCORD_SHARDS: v.optional(v.pipe(v.string(), v.regex(/^(auto|[1-9]\d{0,3})$/, 'DISCORD_SHARDS must be a shard count (1-9999) or auto'))),
  DISCORD_DEV_GUILD_ID: v.optional(v.pipe(v.string(), v.regex(/^\d{15,22}$/, 'DISCORD_DEV_GUILD_ID must be a guild id (a snowflake)'))),
  ADMIN_EMAIL: optionalText,
  ADMIN_PASSWORD: optionalText,
  SESSION_SECRET: optionalText,
  TRUSTED_PROXIES: v.optional(
    v.pipe(v.string(), v.regex(/^\s*(none|[\w.:/-]+(\s*,\s*[\w.:/-]+)*)\s*$/, 'TRUSTED_PROXIES must be none or a comma list of addresses, subnets or loopback/linklocal/uniquelocal')),
    'loopback',
  ),
  LOG_LEVEL: v.optional(v.picklist(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'LOG_LEVEL must be a pino level'), 'info'),
})

export interface Config {
  env: 'development' | 'production' | 'test'
  /** Roles named in ROLES, or undefined for "every configured role". */
  roles: RoleName[] | undefined
  databaseUrl: string | undefined
  dataDir: string
  redisUrl: string
  /**
   * This installation's namespace in Redis, ending in ":". Every key, channel,
   * lock, session and queue carries it, and the panel's cookie name is made
   * from it, so installations sharing one Redis (or one browser) never meet.
   */
  redisPrefix: string
  port: number
  adminPort: number
  publicUrl: string
  telegram: { token: string | undefined; apiRoot: string; mode: 'polling' | 'webhook'; webhookSecret: string | undefined }
  discord: {
    token: string | undefined
    applicationId: string | undefined
    apiUrl: string
    /** Run under discord.js's ShardingManager with this many shards (`auto`: Discord's recommendation); undefined: one shard in this process. */
    shards: number | 'auto' | undefined
    /** deploy-commands registers the commands in this guild only (development). */
    devGuildId: string | undefined
  }
  /** `demo`: the built-in development sign-in (no ADMIN_EMAIL / ADMIN_PASSWORD given). */
  admin: { email: string; password: string; demo: boolean }
  sessionSecret: string
  /** Proxies whose X-Forwarded-* headers are believed (express `trust proxy` values), or [] for none. */
  trustedProxies: string[]
  logLevel: string
}

export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable}: ${message}`)
    this.name = 'ConfigError'
  }
}

const DEV_ADMIN = { email: 'admin@taskmetrics.local', password: 'admin-demo-password' }
const DEV_SESSION_SECRET = 'dev-only-session-secret-change-me-in-production'

/** Parses the environment into a Config. Throws ConfigError naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const input: Record<string, string> = {}
  for (const key of Object.keys(EnvSchema.entries)) {
    const value = env[key]
    if (value !== undefined && value !== '') input[key] = value
  }
  const result = v.safeParse(EnvSchema, input)
  if (!result.success) {
    const issue = result.issues[0]
    const variable = v.getDotPath(issue) ?? 'environment'
    // the schema's messages name their variable ("PORT must be ..."); the error names it once
    throw new ConfigError(variable, issue.message.startsWith(`${variable} `) ? issue.message.slice(variable.length + 1) : issue.message)
  }
  const e = result.output
  const production = e.NODE_ENV === 'production'

  const roles = parseRoles(e.ROLES)
  const require = (name: string, value: string | undefined, why: string) => {
    if (!value) throw new ConfigError(name, `is required ${why}`)
    return value
  }
  if (e.TELEGRAM_MODE === 'webhook' && e.TELEGRAM_BOT_TOKEN) {
    require('TELEGRAM_WEBHOOK_SECRET', e.TELEGRAM_WEBHOOK_SECRET, 'when TELEGRAM_MODE=webhook')
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(e.TELEGRAM_WEBHOOK_SECRET!))
      throw new ConfigError('TELEGRAM_WEBHOOK_SECRET', 'may contain only A-Z, a-z, 0-9, _ and - (1-256 characters)')
  }
  if (e.DISCORD_TOKEN && !e.DISCORD_APPLICATION_ID)
    throw new ConfigError('DISCORD_APPLICATION_ID', 'is required when DISCORD_TOKEN is set')
  if (e.DISCORD_APPLICATION_ID && !e.DISCORD_TOKEN)
    throw new ConfigError('DISCORD_TOKEN', 'is required when DISCORD_APPLICATION_ID is set')
  const sessionSecret = production
    ? require('SESSION_SECRET', e.SESSION_SECRET, 'in production')
    : e.SESSION_SECRET ?? DEV_SESSION_SECRET
  if (sessionSecret.length < 32) throw new ConfigError('SESSION_SECRET', 'must be at least 32 characters')
  const admin = production
    ? {
        email: require('ADMIN_EMAIL', e.ADMIN_EMAIL, 'in production'),
        password: require('ADMIN_PASSWORD', e.ADMIN_PASSWORD, 'in production'),
      }
    : { email: e.ADMIN_EMAIL ?? DEV_ADMIN.email, password: e.ADMIN_PASSWORD ?? DEV_ADMIN.password }
  const demoAdmin = !production && !e.ADMIN_EMAIL && !e.ADMIN_PASSWORD
  if (admin.password.length < MIN_PASSWORD_LENGTH) throw new ConfigError('ADMIN_PASSWORD', `must be at least ${MIN_PASSWORD_LENGTH} characters`)

  return {
    env: e.NODE_ENV,
    roles,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX ? (e.REDIS_PREFIX.endsWith(':') ? e.REDIS_PREFIX : `${e.REDIS_PREFIX}:`) : defaultRedisPrefix(e.DATABASE_URL, e.DATA_DIR),
    port: e.PORT,
    adminPort: e.ADMIN_PORT,
    publicUrl: e.PUBLIC_URL.replace(/\/+$/, ''),
    telegram: {
      token: e.TELEGRAM_BOT_TOKEN,
      apiRoot: e.TELEGRAM_API_ROOT.replace(/\/+$/, ''),
      mode: e.TELEGRAM_MODE,
      webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
    },
    discord: {
      token: e.DISCORD_TOKEN,
      applicationId: e.DISCORD_APPLICATION_ID,
      apiUrl: e.DISCORD_API_URL.replace(/\/+$/, ''),
      shards: e.DISCORD_SHARDS === undefined || e.DISCORD_SHARDS === 'auto' ? e.DISCORD_SHARDS : Number(e.DISCORD_SHARDS),
      devGuildId: e.DISCORD_DEV_GUILD_ID,
    },
    admin: { ...admin, demo: demoAdmin },
    sessionSecret,
    trustedProxies: e.TRUSTED_PROXIES.trim() === 'none' ? [] : e.TRUSTED_PROXIES.split(',').map((s) => s.trim()),
    logLevel: e.LOG_LEVEL,
  }
}

function parseRoles(raw: string | undefined): RoleName[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined
  const names = raw.split(',').map((s) => s.trim())
  if (names.some((n) => n === ''))
    throw new ConfigError('ROLES', `has an empty entry (expected a comma list of ${ROLE_NAMES.join(', ')}, or unset for every configured role)`)
  for (const name of names) {
    if (!(ROLE_NAMES as readonly string[]).includes(name))
      throw new ConfigError('ROLES', `unknown role "${name}" (expected a comma list of ${ROLE_NAMES.join(', ')})`)
  }
  return [...new Set(names)] as RoleName[]
}

/**
 * The default namespace: a short hash of the database this installation uses
 * (host, port and database name of DATABASE_URL, or the embedded database's
 * directory), so two local installs on one Redis never share a key.
 */
export function defaultRedisPrefix(databaseUrl: string | undefined, dataDir: string): string {
  let identity = `pglite:${resolve(dataDir)}`
  if (databaseUrl) {
    try {
      const u = new URL(databaseUrl)
      identity = `pg:${u.hostname.toLowerCase()}:${u.port || '5432'}${decodeURIComponent(u.pathname) || '/'}`
    } catch {
      identity = `pg:${databaseUrl}`
    }
  }
  return `tm-${createHash('sha256').update(identity).digest('hex').slice(0, 10)}:`
}

/**
 * Checks, before anything starts, that DATA_DIR is (or can be made) a directory
 * this process can write to. Throws ConfigError naming DATA_DIR.
 */
export function checkDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true })
    if (!statSync(dataDir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' })
    accessSync(dataDir, constants.W_OK)
    // root passes access checks everywhere: a real write also catches read-only file systems
    const probe = join(dataDir, `.write-check-${process.pid}`)
    writeFileSync(probe, '')
    rmSync(probe)
  } catch (err) {
    const code = (err as { code?: string }).code ?? 'error'
    throw new ConfigError('DATA_DIR', `"${dataDir}" is not a writable directory (${code})`)
  }
}
