// The discord.js client: the intents the bot needs, DM channels as partials,
// nobody pinged by default (every send repeats it), REST against DISCORD_API_URL.
import { Client, GatewayIntentBits, Options, Partials, REST } from 'discord.js'
import { NO_MENTIONS } from './messenger'

export const INTENTS = [
  GatewayIntentBits.Guilds, // guilds, channels and roles (course roles)
  GatewayIntentBits.GuildMembers, // GUILD_MEMBER_ADD: a course role on join (privileged: enable it in the portal)
  GatewayIntentBits.DirectMessages, // DM channels the lessons go to
  GatewayIntentBits.GuildMessages, // messages in course chat channels (the relay)
  GatewayIntentBits.MessageContent, // their text (privileged: enable it in the portal)
]

export interface ClientOptions {
  /** REST base, e.g. https://discord.com/api (DISCORD_API_URL). */
  apiUrl: string
}

export function createDiscordClient(opts: ClientOptions): Client {
  return new Client({
    intents: INTENTS,
    partials: [Partials.Channel, Partials.Message], // DM channels arrive uncached; edits and deletes of uncached messages still reach the relay
    allowedMentions: NO_MENTIONS,
    rest: restOptions(opts.apiUrl),
    // the bot reads no message history: keep memory flat on large guilds
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0, GuildMemberManager: { maxSize: 200, keepOverLimit: (m) => m.id === m.client.user.id } }),
  })
}

/** A REST client without a gateway connection (deploy-commands, worker jobs). */
export function createDiscordRest(apiUrl: string, token: string): REST {
  return new REST(restOptions(apiUrl)).setToken(token)
}

function restOptions(apiUrl: string) {
  return { api: apiUrl, version: '10' }
}
