// One shard of the `discord` role under DISCORD_SHARDS: the ShardingManager
// (role.ts) forks this file once per shard; discord.js hands it its shard id
// and count. A small composition root of its own: config, logger, database,
// Redis, domain, then the client; SIGTERM drains and closes like main.ts.
import { loadConfig } from '../../config'
import { openContext } from '../../context'
import { createLogger } from '../../infra/logger'
import { startDiscordClient } from './role'

const config = loadConfig()
const logger = createLogger({ level: config.logLevel, pretty: false })
const ctx = await openContext(config, logger)
const role = await startDiscordClient(ctx)
let stopping = false
const stop = async (code: number) => {
  if (stopping) return
  stopping = true
  await role.stop().catch((err) => logger.error({ err }, 'discord shard failed to stop cleanly'))
  await ctx.close()
  logger.flush?.()
  process.exit(code)
}
process.on('SIGTERM', () => void stop(0))
process.on('SIGINT', () => void stop(0))
process.on('disconnect', () => void stop(0)) // the manager is gone
void role.failed?.then((err) => {
  logger.fatal({ err }, 'discord shard failed')
  void stop(1)
})
