// The `discord` role. One process, one gateway connection (every shard Discord
// asks for, in this process) by default; with DISCORD_SHARDS it runs discord.js's
// ShardingManager, which starts one child process per shard (shard-process.ts),
// each with its own gateway connection and its own PostgreSQL/Redis pools.
// Nothing here keeps state between interactions: shards and processes share
// only PostgreSQL and Redis.
import { fileURLToPath } from 'node:url'
import { type Client, Events, type Interaction, Routes, ShardingManager } from 'discord.js'
import type { AppContext } from '../../context'
import type { Logger } from '../../infra/logger'
import { createRelay } from '../../relay'
import type { RunningRole } from '../../roles/types'
import { discordCodecFor } from './actions'
import { createDiscordClient, createDiscordRest } from './client'
import { COMMANDS, COMPONENTS, MESSAGE_COMMANDS } from './commands'
import type { DiscordDeps } from './deps'
import { DiscordRoleGateway, syncRoles } from './course-roles'
import { redisDmChannels } from './dm-channels'
import { DiscordMessenger } from './messenger'
import { reportRateLimits } from './rate-limits'
import { DiscordRoomAdapter } from './room-adapter'
import { answerDirectMessages } from './dm-hint'
import { relayRoomMessages } from './room-inbound'
import { createRouter } from './router'

/** How long stop() waits for interactions in flight (main.ts gives all roles 10 s). */
const DRAIN_TIMEOUT_MS = 8_000

export async function startDiscordRole(ctx: AppContext): Promise<RunningRole> {
  return ctx.config.discord.shards === undefined ? startDiscordClient(ctx) : startShardManager(ctx)
}

export function discordDeps(ctx: AppContext, rest: DiscordDeps['rest'], logger: Logger): DiscordDeps {
  const { token, applicationId } = requireCredentials(ctx)
  const codec = discordCodecFor(ctx.config.sessionSecret, token)
  const pacer = ctx.ports.pacer
  reportRateLimits(rest, pacer, logger)
  const messenger = new DiscordMessenger({ rest, codec, files: ctx.files, platformFiles: ctx.domain.platformFiles, logger, pacer, dmChannels: redisDmChannels(ctx.redis.client) })
  return { domain: ctx.domain, files: ctx.files, logger, codec, rest, applicationId, messenger, roles: new DiscordRoleGateway(rest, logger), publicUrl: ctx.config.publicUrl }
}

/** The Discord Messenger on REST alone (no gateway connection): what worker jobs send lessons with. */
export function discordMessenger(ctx: AppContext): DiscordMessenger {
  const { token } = requireCredentials(ctx)
  return discordDeps(ctx, createDiscordRest(ctx.config.discord.apiUrl, token), ctx.logger.child({ platform: 'discord' })).messenger
}

/** Discord course roles on REST alone (worker jobs grant and remove them). */
export function discordRoleGateway(ctx: AppContext): DiscordRoleGateway {
  const { token } = requireCredentials(ctx)
  return new DiscordRoleGateway(createDiscordRest(ctx.config.discord.apiUrl, token), ctx.logger.child({ platform: 'discord', job: 'course-roles' }))
}

/** The course chat relay's Discord adapter on REST alone (the worker role delivers room messages with it). */
export function discordRoomAdapter(ctx: AppContext): DiscordRoomAdapter {
  const { token } = requireCredentials(ctx)
  return new DiscordRoomAdapter({ apiUrl: ctx.config.discord.apiUrl, token, logger: ctx.logger.child({ platform: 'discord', relay: true }) })
}

/** The bot on one gateway connection in this process (the shards it gets come from discord.js: SHARDS under the manager). */
export async function startDiscordClient(ctx: AppContext): Promise<RunningRole & { client: Client }> {
  const { token } = requireCredentials(ctx)
  const client = createDiscordClient({ apiUrl: ctx.config.discord.apiUrl })
  const log = ctx.logger.child({ role: 'discord', ...(client.options.shards !== 'auto' && ctx.config.discord.shards !== undefined ? { shards: client.options.shards } : {}) })
  const relay = createRelay(ctx)
  const deps: DiscordDeps = { ...discordDeps(ctx, client.rest, log), relay: relay.router }
  const router = createRouter(deps, COMMANDS, COMPONENTS, MESSAGE_COMMANDS)
  const inFlight = new Set<Promise<void>>()
  const track = (work: Promise<void>) => {
    inFlight.add(work)
    void work.finally(() => inFlight.delete(work))
  }
  client.on(Events.InteractionCreate, (interaction: Interaction) => track(router.handle(interaction)))
  client.on(Events.GuildMemberAdd, (member) => {
    if (member.user.bot) return
    const memberLog = log.child({ guild_id: member.guild.id, user_id: member.id })
    track(syncRoles(memberLog, 'member join', () => ctx.domain.courseRoles.onMemberJoined(member.guild.id, member.id, deps.roles)))
  })
  relayRoomMessages(client, { router: relay.router, domain: ctx.domain, logger: log }, track)
  answerDirectMessages(client, { domain: ctx.domain, logger: log }, track)
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'))
  client.on(Events.Warn, (message) => log.warn({ message }, 'discord client warning'))
  client.on(Events.ShardDisconnect, (event, shard) => log.warn({ shard, code: event.code }, 'gateway connection closed'))
  client.on(Events.ShardResume, (shard) => log.info({ shard }, 'gateway session resumed'))
  client.rest.on('rateLimited', (info) => log.info({ route: info.route, retryAfterMs: info.retryAfter, global: info.global }, 'discord rate limit: waiting'))

  const failed = new Promise<Error>((resolve) => client.once(Events.Invalidated, () => resolve(new Error('the Discord session was invalidated (token reset?)'))))
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()))
  try {
    await client.login(token)
    await ready
  } catch (err) {
    await client.destroy()
    await relay.close()
    throw new Error(`discord start-up failed (API at ${ctx.config.discord.apiUrl}): ${(err as Error).message}`)
  }
  log.info({ bot: client.user?.tag, guilds: client.guilds.cache.size }, 'discord bot ready')
  return {
    name: 'discord',
    client,
    failed,
    async stop() {
      for (const event of [Events.InteractionCreate, Events.MessageCreate, Events.MessageUpdate, Events.MessageDelete, Events.MessageBulkDelete] as const) client.removeAllListeners(event)
      const deadline = Date.now() + DRAIN_TIMEOUT_MS
      while (inFlight.size > 0 && Date.now() < deadline) await Promise.race([...inFlight, new Promise((r) => setTimeout(r, 50))])
      if (inFlight.size > 0) log.warn({ inFlight: inFlight.size }, 'discord interactions still running at shutdown')
      await client.destroy()
      await relay.close()
      log.info('discord bot stopped')
    },
  }
}

/** DISCORD_SHARDS: discord.js's ShardingManager with one child process per shard. */
async function startShardManager(ctx: AppContext): Promise<RunningRole> {
  const { token } = requireCredentials(ctx)
  const log = ctx.logger.child({ role: 'discord', sharding: true })
  let total = ctx.config.discord.shards!
  if (total === 'auto') {
    // discord.js would ask discord.com itself; ask DISCORD_API_URL instead
    const gateway = (await createDiscordRest(ctx.config.discord.apiUrl, token).get(Routes.gatewayBot())) as { shards: number }
    total = Math.max(1, gateway.shards)
  }
  const manager = new ShardingManager(fileURLToPath(new URL('./shard-process.ts', import.meta.url)), { token, totalShards: total, mode: 'process', respawn: true })
  let stopping = false
  manager.on('shardCreate', (shard) => {
    log.info({ shard: shard.id, total }, 'shard process started')
    shard.on('death', () => {
      if (!stopping) log.warn({ shard: shard.id }, 'shard process died; discord.js restarts it')
    })
  })
  try {
    await manager.spawn({ amount: total, delay: 5_500, timeout: 60_000 })
  } catch (err) {
    for (const shard of manager.shards.values()) shard.kill()
    throw new Error(`discord shards failed to start: ${(err as Error).message}`)
  }
  log.info({ shards: total }, 'discord shards ready')
  return {
    name: 'discord',
    async stop() {
      stopping = true
      // each shard process stops on SIGTERM like the main program (drain, close pools)
      await Promise.all(
        [...manager.shards.values()].map(
          (shard) =>
            new Promise<void>((resolve) => {
              const child = shard.process
              if (!child || child.exitCode !== null) return resolve()
              child.once('exit', () => resolve())
              shard.kill() // SIGTERM, without a respawn
            }),
        ),
      )
      log.info('discord shards stopped')
    },
  }
}

function requireCredentials(ctx: AppContext): { token: string; applicationId: string } {
  const { token, applicationId } = ctx.config.discord
  if (!token || !applicationId) throw new Error('the discord role needs DISCORD_TOKEN and DISCORD_APPLICATION_ID')
  return { token, applicationId }
}
