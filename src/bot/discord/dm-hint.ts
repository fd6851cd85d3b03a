// Plain text written to the bot in its DM. The bot works through slash
// commands, so it says so (at most once per user every HINT_EVERY_MS, per
// process), and the writer counts as reachable again: a student who had closed
// their DMs and writes to the bot gets deliveries again.
import { type Client, Events, type Message } from 'discord.js'
import type { Domain } from '../../domain'
import type { Logger } from '../../infra/logger'
import { NO_MENTIONS } from './messenger'
import { discordLocale, say } from './strings'

export const HINT_EVERY_MS = 10 * 60_000
/** Users remembered at most (the map is cleared beyond it: a second hint is harmless). */
const MAX_REMEMBERED = 10_000

export interface DmHintDeps {
  domain: Pick<Domain, 'accounts'>
  logger: Logger
  now?: () => number
}

export function answerDirectMessages(client: Client, deps: DmHintDeps, track: (work: Promise<void>) => void): void {
  const hinted = new Map<string, number>()
  const now = deps.now ?? Date.now
  client.on(Events.MessageCreate, (message) => {
    if (message.inGuild() || message.author.bot || message.system) return
    const log = deps.logger.child({ dm: 'text', user_id: message.author.id, message_id: message.id })
    track(answer(message, log).catch((err) => log.warn({ err }, 'could not answer a direct message')))
  })

  async function answer(message: Message, log: Logger): Promise<void> {
    const { user } = await deps.domain.accounts.registerFromPlatform({
      platform: 'DISCORD',
      externalId: message.author.id,
      username: message.author.username,
      displayName: message.author.globalName ?? message.author.username,
    })
    const last = hinted.get(message.author.id)
    if (last !== undefined && now() - last < HINT_EVERY_MS) return
    if (hinted.size >= MAX_REMEMBERED) hinted.clear()
    hinted.set(message.author.id, now())
    await message.reply({ content: say(discordLocale(user.profile?.locale), 'dc-dm-hint'), allowedMentions: NO_MENTIONS })
    log.debug('direct message answered with the command hint')
  }
}
