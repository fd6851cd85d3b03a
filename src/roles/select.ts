// Which roles run: those named in ROLES, or (ROLES unset) every configured one.
import { type Config, ConfigError, type RoleName } from '../config'

export interface RolePlan {
  run: RoleName[]
  /** Roles left out because they are not configured, with the variable that enables each. */
  skipped: Array<{ role: RoleName; reason: string }>
}

const ORDER: RoleName[] = ['api', 'admin', 'worker', 'telegram', 'discord']

/** Why a role cannot run with this config, or null when it can. */
function missing(role: RoleName, config: Config): string | null {
  switch (role) {
    case 'telegram':
      return config.telegram.token ? null : 'set TELEGRAM_BOT_TOKEN to enable it'
    case 'discord':
      return config.discord.token ? null : 'set DISCORD_TOKEN and DISCORD_APPLICATION_ID to enable it'
    default:
      return null
  }
}

export function planRoles(config: Config): RolePlan {
  if (config.roles) {
    for (const role of config.roles) {
      const why = missing(role, config)
      if (why) throw new ConfigError('ROLES', `role "${role}" cannot run: ${why}`)
    }
    return { run: ORDER.filter((r) => config.roles!.includes(r)), skipped: [] }
  }
  const run: RoleName[] = []
  const skipped: RolePlan['skipped'] = []
  for (const role of ORDER) {
    const why = missing(role, config)
    if (why) skipped.push({ role, reason: why })
    else run.push(role)
  }
  return { run, skipped }
}
