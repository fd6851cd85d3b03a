// Composition root: reads config, builds logger, database, Redis and domain,
// starts the roles asked for, and shuts them down cleanly on SIGINT/SIGTERM.
//   bun src/main.ts [--migrate] [--seed]
import { type Config, ConfigError, type RoleName, checkDataDir, loadConfig } from './config'
import type { ChatAdapter } from './bridge/ports'
import { type AppContext, openContext } from './context'
import type { Messengers } from './domain/messenger'
import { type Logger, createLogger, redactUrlCredentials } from './infra/logger'
import { ServiceUnreachableError } from './infra/unreachable'
import type { RunningRole } from './roles/types'
import { planRoles } from './roles/select'

const SHUTDOWN_DEADLINE_MS = 10_000

async function startRole(role: RoleName, ctx: AppContext, running: Map<RoleName, RunningRole>): Promise<RunningRole> {
  switch (role) {
    case 'api': {
      const { startApiRole } = await import('./api/server')
      const extra = []
      if (ctx.config.telegram.token && ctx.config.telegram.mode === 'webhook') {
        const { telegramWebhookRoute } = await import('./bot/telegram/webhook')
        extra.push(telegramWebhookRoute(ctx))
      }
      return startApiRole(ctx, extra)
    }
    case 'admin': {
      const { startAdminRole } = await import('./admin/role')
      // the AdminJS adapter's record reads take the Prisma client from here, not from the context
      return startAdminRole(ctx, { records: ctx.db.prisma })
    }
    case 'worker': {
      const { startWorkerRole } = await import('./jobs/worker')
      const courseRoles = ctx.config.discord.token ? (await import('./bot/discord/role')).discordRoleGateway(ctx) : undefined
      return startWorkerRole(ctx, { messengers: await messengers(ctx), chatAdapters: await chatAdapters(ctx), courseRoles })
    }
    case 'telegram': {
      const { startTelegramRole } = await import('./bot/telegram/role')
      return startTelegramRole(ctx, { webhookServedHere: running.has('api') })
    }
    case 'discord': {
      const { startDiscordRole } = await import('./bot/discord/role')
      return startDiscordRole(ctx)
    }
  }
}

/** Where to go now: the URLs of what runs here, and the demo sign-in when it is the built-in one. */
function announce(config: Config, running: Map<RoleName, RunningRole>, logger: Logger) {
  const port = (role: RoleName) => (running.get(role) as (RunningRole & { port?: number }) | undefined)?.port
  const lines: string[] = []
  const api = port('api')
  if (api !== undefined) lines.push(`API http://localhost:${api}/api (health /health), docs http://localhost:${api}/api/docs`)
  const admin = port('admin')
  if (admin !== undefined) {
    lines.push(`author panel http://localhost:${admin}/admin`)
    // the built-in development values only: a password someone set is never printed
    if (config.admin.demo) lines.push(`demo sign-in ${config.admin.email} / ${config.admin.password}`)
  }
  if (lines.length) logger.info(`ready: ${lines.join('; ')}`)
}

/** A Messenger for each configured chat platform, for jobs that send without an incoming update. */
async function messengers(ctx: AppContext): Promise<Messengers> {
  const out: Messengers = {}
  if (ctx.config.telegram.token) {
    const { telegramMessenger } = await import('./bot/telegram/runtime')
    out.TELEGRAM = telegramMessenger(ctx, ctx.logger.child({ role: 'worker', platform: 'telegram' }))
  }
  if (ctx.config.discord.token) {
    const { discordMessenger } = await import('./bot/discord/role')
    out.DISCORD = discordMessenger(ctx)
  }
  return out
}

/** The course chat relay's outbound side for each configured chat platform. */
async function chatAdapters(ctx: AppContext): Promise<ChatAdapter[]> {
  const out: ChatAdapter[] = []
  if (ctx.config.telegram.token) {
    const { telegramRoomAdapter } = await import('./bot/telegram/runtime')
    out.push(telegramRoomAdapter(ctx))
  }
  if (ctx.config.discord.token) {
    const { discordRoomAdapter } = await import('./bot/discord/role')
    out.push(discordRoomAdapter(ctx))
  }
  return out
}

async function main() {
  let config, plan
  try {
    config = loadConfig()
    plan = planRoles(config)
    checkDataDir(config.dataDir)
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`configuration error: ${err.message}`)
      process.exit(78) // EX_CONFIG
    }
    throw err
  }
  const logger = createLogger({ level: config.logLevel, pretty: config.env === 'development' && process.stdout.isTTY === true })
  const args = new Set(process.argv.slice(2))
  for (const s of plan.skipped) logger.info({ role: s.role }, `role ${s.role} skipped: ${s.reason}`)

  logger.info(
    { roles: plan.run, database: config.databaseUrl ? redactUrlCredentials(config.databaseUrl) : `embedded PGlite in ${config.dataDir}`, redis: redactUrlCredentials(config.redisUrl) },
    'starting TaskMetrics',
  )
  let ctx: AppContext
  try {
    ctx = await openContext(config, logger, { migrate: args.has('--migrate') })
  } catch (err) {
    if (err instanceof ServiceUnreachableError || err instanceof ConfigError) {
      // one line for the operator (and the supervisor's log), never "running"
      logger.flush?.()
      console.error(`${err instanceof ConfigError ? 'configuration' : 'start-up'} error: ${err.message}`)
      process.exit(78)
    }
    throw err
  }
  if (args.has('--seed')) {
    const { seed } = await import('../prisma/seed')
    await seed(ctx)
  }

  const running = new Map<RoleName, RunningRole>()
  let stopping = false
  const shutdown = async (signal: string, exitCode = 0) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    const deadline = setTimeout(() => {
      logger.error('shutdown took longer than 10 s; exiting anyway')
      process.exit(1)
    }, SHUTDOWN_DEADLINE_MS)
    deadline.unref()
    // all roles stop taking work at once and drain in parallel, within the deadline
    await Promise.all(
      [...running.values()].map(async (role) => {
        try {
          await role.stop()
          logger.info({ role: role.name }, 'role stopped')
        } catch (err) {
          logger.error({ role: role.name, err }, 'role failed to stop cleanly')
        }
      }),
    )
    await ctx.close()
    logger.info('bye')
    logger.flush?.()
    process.exit(exitCode)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))

  try {
    for (const name of plan.run) {
      const role = await startRole(name, ctx, running)
      running.set(name, role)
      void role.failed?.then((err) => {
        logger.fatal({ role: role.name, err }, 'a role failed; shutting down so the supervisor restarts the process')
        void shutdown(`${role.name}-failure`, 1)
      })
    }
  } catch (err) {
    logger.fatal({ err }, 'a role failed to start')
    await shutdown('startup-failure', 1)
  }
  logger.info({ roles: [...running.keys()] }, 'TaskMetrics is running')
  announce(config, running, logger)
}

await main()
