// `npm run discord:deploy-commands`: registers the slash commands (en names and
// descriptions with ru localizations). With DISCORD_DEV_GUILD_ID, in that guild
// only (instant; development); otherwise globally (production; Discord may take
// up to an hour to show changes). Registering replaces the whole set, so
// removed commands disappear too.
import { Routes } from 'discord.js'
import type { Config } from '../../config'
import { createDiscordRest } from './client'
import { COMMANDS, MESSAGE_COMMANDS } from './commands'

export async function deployCommands(discord: Config['discord']): Promise<{ scope: 'guild' | 'global'; count: number }> {
  if (!discord.token || !discord.applicationId) throw new Error('set DISCORD_TOKEN and DISCORD_APPLICATION_ID')
  const rest = createDiscordRest(discord.apiUrl, discord.token)
  const body = [...COMMANDS, ...MESSAGE_COMMANDS].map((c) => c.data)
  const route = discord.devGuildId
    ? Routes.applicationGuildCommands(discord.applicationId, discord.devGuildId)
    : Routes.applicationCommands(discord.applicationId)
  const result = (await rest.put(route, { body })) as unknown[]
  return { scope: discord.devGuildId ? 'guild' : 'global', count: result.length }
}

if (import.meta.main) {
  const { ConfigError, loadConfig } = await import('../../config')
  try {
    const config = loadConfig()
    const { scope, count } = await deployCommands(config.discord)
    console.log(scope === 'guild' ? `registered ${count} commands in guild ${config.discord.devGuildId}` : `registered ${count} global commands`)
  } catch (err) {
    console.error(err instanceof ConfigError ? `configuration error: ${err.message}` : `deploy-commands failed: ${(err as Error).message}`)
    process.exit(err instanceof ConfigError ? 78 : 1)
  }
}
