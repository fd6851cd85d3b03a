import { describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigError, checkDataDir, loadConfig } from '../../src/config'
import { planRoles } from '../../src/roles/select'

const prod = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'a-production-session-secret-of-32+chars',
  ADMIN_EMAIL: 'ops@example.test',
  ADMIN_PASSWORD: 'a-long-admin-password',
}

const errorOf = (env: Record<string, string>) => {
  try {
    loadConfig(env)
  } catch (err) {
    return err as ConfigError
  }
  throw new Error('expected a ConfigError')
}

describe('config', () => {
  it('uses the documented defaults', () => {
    const c = loadConfig({})
    expect(c).toMatchObject({
      port: 3000,
      adminPort: 3001,
      dataDir: './.data',
      redisUrl: 'redis://127.0.0.1:6379',
      databaseUrl: undefined,
      publicUrl: 'http://localhost:3000',
      logLevel: 'info',
      telegram: { apiRoot: 'https://api.telegram.org', mode: 'polling', token: undefined },
      discord: { apiUrl: 'https://discord.com/api' },
    })
    expect(c.roles).toBeUndefined()
  })

  it('names the variable that is malformed', () => {
    expect(errorOf({ PORT: 'eighty' }).variable).toBe('PORT')
    expect(errorOf({ PORT: '70000' }).message).toMatch(/^PORT: .*port/)
    expect(errorOf({ DATABASE_URL: 'mysql://x' }).variable).toBe('DATABASE_URL')
    expect(errorOf({ TELEGRAM_MODE: 'carrier-pigeon' }).variable).toBe('TELEGRAM_MODE')
    expect(errorOf({ ROLES: 'api,bogus' }).message).toContain('unknown role "bogus"')
    expect(errorOf({ LOG_LEVEL: 'loud' }).variable).toBe('LOG_LEVEL')
  })

  it('takes ports as plain digits in range only', () => {
    for (const bad of ['1e3', '0x10', ' 4410', '4410 ', '4410.0', '-1', '65536', '+80', '0b11'])
      expect(errorOf({ PORT: bad }).message, bad).toBe('PORT: must be a port number (0-65535), digits only')
    expect(errorOf({ ADMIN_PORT: '3e3' }).variable).toBe('ADMIN_PORT')
    expect(loadConfig({ PORT: '4410', ADMIN_PORT: '0' })).toMatchObject({ port: 4410, adminPort: 0 })
  })

  it('refuses empty entries in ROLES', () => {
    for (const bad of [',', 'api,', ',api', 'api,,worker'])
      expect(errorOf({ ROLES: bad }).message, bad).toMatch(/^ROLES: has an empty entry/)
    expect(loadConfig({ ROLES: ' api , worker ' }).roles).toEqual(['api', 'worker'])
  })

  it('checks that DATA_DIR is a writable directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-config-'))
    const file = join(dir, 'a-file')
    writeFileSync(file, '')
    expect(() => checkDataDir(join(dir, 'new', 'nested'))).not.toThrow()
    const err = (() => {
      try {
        checkDataDir(join(file, 'data'))
      } catch (e) {
        return e as ConfigError
      }
    })()
    expect(err).toBeInstanceOf(ConfigError)
    expect(err!.message).toMatch(/^DATA_DIR: ".*a-file\/data" is not a writable directory \(ENOTDIR\)$/)
    expect(() => checkDataDir(file)).toThrow(/^DATA_DIR: /)
  })

  it('requires the secrets in production and the webhook secret in webhook mode', () => {
    expect(errorOf({ NODE_ENV: 'production' }).variable).toBe('SESSION_SECRET')
    expect(errorOf({ ...prod, ADMIN_PASSWORD: '' }).variable).toBe('ADMIN_PASSWORD')
    expect(loadConfig(prod).admin.email).toBe('ops@example.test')
    expect(errorOf({ TELEGRAM_BOT_TOKEN: '1:abc', TELEGRAM_MODE: 'webhook' }).variable).toBe('TELEGRAM_WEBHOOK_SECRET')
    expect(errorOf({ TELEGRAM_BOT_TOKEN: '1:abc', TELEGRAM_MODE: 'webhook', TELEGRAM_WEBHOOK_SECRET: 'has spaces' }).variable).toBe('TELEGRAM_WEBHOOK_SECRET')
    expect(errorOf({ DISCORD_TOKEN: 'x' }).variable).toBe('DISCORD_APPLICATION_ID')
  })

  it('reads the discord settings: token and application id both or neither, shards, dev guild', () => {
    expect(errorOf({ DISCORD_APPLICATION_ID: '123456789012345678' }).variable).toBe('DISCORD_TOKEN')
    expect(errorOf({ DISCORD_SHARDS: 'many' }).message).toBe('DISCORD_SHARDS: must be a shard count (1-9999) or auto')
    expect(errorOf({ DISCORD_SHARDS: '0' }).variable).toBe('DISCORD_SHARDS')
    expect(errorOf({ DISCORD_DEV_GUILD_ID: 'my-guild' }).variable).toBe('DISCORD_DEV_GUILD_ID')
    const discord = { DISCORD_TOKEN: 'tok', DISCORD_APPLICATION_ID: '123456789012345678' }
    expect(loadConfig(discord).discord).toEqual({ token: 'tok', applicationId: '123456789012345678', apiUrl: 'https://discord.com/api', shards: undefined, devGuildId: undefined })
    expect(loadConfig({ ...discord, DISCORD_SHARDS: '4', DISCORD_DEV_GUILD_ID: '223456789012345678', DISCORD_API_URL: 'http://127.0.0.1:9/api/' }).discord)
      .toMatchObject({ shards: 4, devGuildId: '223456789012345678', apiUrl: 'http://127.0.0.1:9/api' })
    expect(loadConfig({ ...discord, DISCORD_SHARDS: 'auto' }).discord.shards).toBe('auto')
  })

  it('never puts the rejected value in its error message (it may be a secret)', () => {
    const err = errorOf({ DATABASE_URL: 'mysql://app:SECRET-PASSWORD@db/x' })
    expect(err.variable).toBe('DATABASE_URL')
    expect(err.message).not.toContain('SECRET-PASSWORD')
    const short = errorOf({ ...prod, SESSION_SECRET: 'short-SECRET' })
    expect(short.variable).toBe('SESSION_SECRET')
    expect(short.message).not.toContain('short-SECRET')
  })
})

describe('the Redis namespace (REDIS_PREFIX)', () => {
  it('is derived from the database, so two local installs never share one', () => {
    const embedded = loadConfig({}).redisPrefix
    expect(embedded).toMatch(/^tm-[0-9a-f]{10}:$/)
    expect(loadConfig({ DATA_DIR: '/srv/other-install' }).redisPrefix).not.toBe(embedded)
    const pg = loadConfig({ DATABASE_URL: 'postgresql://app:pw@db.example:5432/taskmetrics' }).redisPrefix
    expect(pg).not.toBe(embedded)
    // the same database reached with other credentials is the same installation
    expect(loadConfig({ DATABASE_URL: 'postgres://other:secret@DB.example/taskmetrics' }).redisPrefix).toBe(pg)
    expect(loadConfig({ DATABASE_URL: 'postgresql://app:pw@db.example:5432/staging' }).redisPrefix).not.toBe(pg)
  })

  it('can be set, and is refused when it could not name keys and a cookie', () => {
    expect(loadConfig({ REDIS_PREFIX: 'school-a' }).redisPrefix).toBe('school-a:')
    expect(loadConfig({ REDIS_PREFIX: 'school-a:' }).redisPrefix).toBe('school-a:')
    expect(errorOf({ REDIS_PREFIX: 'has space' }).variable).toBe('REDIS_PREFIX')
    expect(errorOf({ REDIS_PREFIX: '*' }).variable).toBe('REDIS_PREFIX')
  })
})

describe('role selection', () => {
  it('runs every configured role when ROLES is unset and says why the others are skipped', () => {
    const plan = planRoles(loadConfig({}))
    expect(plan.run).toEqual(['api', 'admin', 'worker'])
    expect(plan.skipped.map((s) => s.role)).toEqual(['telegram', 'discord'])
    expect(plan.skipped[0]!.reason).toContain('TELEGRAM_BOT_TOKEN')
    expect(planRoles(loadConfig({ TELEGRAM_BOT_TOKEN: '1:abc' })).run).toContain('telegram')
    expect(planRoles(loadConfig({ DISCORD_TOKEN: 'tok', DISCORD_APPLICATION_ID: '123456789012345678' })).run).toContain('discord')
    expect(plan.skipped[1]!.reason).toContain('DISCORD_TOKEN and DISCORD_APPLICATION_ID')
  })

  it('runs exactly the roles named, and refuses one that is not configured', () => {
    expect(planRoles(loadConfig({ ROLES: 'worker, api' })).run).toEqual(['api', 'worker'])
    expect(() => planRoles(loadConfig({ ROLES: 'telegram' }))).toThrow(/TELEGRAM_BOT_TOKEN/)
  })
})
