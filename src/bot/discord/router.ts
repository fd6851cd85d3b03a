// Every interaction is acknowledged within Discord's 3 seconds: commands are
// deferred (ephemeral) and components deferred as updates before any database
// work; autocomplete is answered directly. custom_ids are checked with the
// shared codec first (expired, foreign or forged ones get an ephemeral
// explanation and nothing else). The error boundary answers every failure,
// ephemeral and localized, whatever state the interaction is in.
import { type AutocompleteInteraction, type Interaction, MessageFlags, type MessageComponentInteraction } from 'discord.js'
import { DomainError } from '../../domain'
import type { Logger } from '../../infra/logger'
import type { ComponentHandler, MessageCommand, SlashCommand } from './commands/types'
import type { DiscordDeps } from './deps'
import { NO_MENTIONS } from './messenger'
import { InteractionScope } from './scope'
import { discordLocale, say } from './strings'
import { ERROR_KEY_BY_CODE } from '../shared/error-keys'

export interface Router {
  handle(interaction: Interaction): Promise<void>
}

export function createRouter(deps: DiscordDeps, commands: readonly SlashCommand[], components: readonly ComponentHandler[], messageCommands: readonly MessageCommand[] = []): Router {
  const byName = new Map(commands.map((c) => [c.data.name, c]))
  const messageCommandByName = new Map(messageCommands.map((c) => [c.data.name, c]))
  const byAction = new Map(components.flatMap((c) => c.actions.map((a) => [a, c] as const)))

  async function route(interaction: Interaction, log: Logger): Promise<void> {
    if (interaction.isAutocomplete()) return autocomplete(interaction, log)
    if (interaction.isChatInputCommand()) {
      const command = byName.get(interaction.commandName)
      await interaction.deferReply({ flags: MessageFlags.Ephemeral })
      log.debug({ ackMs: Date.now() - interaction.createdTimestamp }, 'deferred')
      // a command deleted since the client cached it
      if (!command) return void (await interaction.editReply({ content: say(discordLocale(interaction.locale), 'dc-cb-stale'), allowedMentions: NO_MENTIONS }))
      return command.execute(new InteractionScope(interaction, deps, log))
    }
    if (interaction.isMessageContextMenuCommand()) {
      const command = messageCommandByName.get(interaction.commandName)
      await interaction.deferReply({ flags: MessageFlags.Ephemeral })
      if (!command) return void (await interaction.editReply({ content: say(discordLocale(interaction.locale), 'dc-cb-stale'), allowedMentions: NO_MENTIONS }))
      return command.execute(new InteractionScope(interaction, deps, log))
    }
    if (interaction.isMessageComponent()) return component(interaction, log)
    log.debug({ type: interaction.type }, 'interaction type not handled')
  }

  async function component(interaction: MessageComponentInteraction, log: Logger): Promise<void> {
    const decoded = deps.codec.decode(interaction.user.id, interaction.customId)
    const handler = decoded.ok ? byAction.get(decoded.action) : undefined
    if (!decoded.ok || !handler) {
      const reason = decoded.ok ? 'unknown_action' : decoded.reason
      log.info({ reason }, 'refused custom_id')
      // who pressed it may be no student at all: Discord's locale, no registration
      const key = reason === 'foreign' ? 'cb-foreign' : 'dc-cb-stale'
      await interaction.reply({ content: say(discordLocale(interaction.locale), key), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS })
      return
    }
    await interaction.deferUpdate()
    log.debug({ action: decoded.action, ackMs: Date.now() - interaction.createdTimestamp }, 'deferred')
    await handler.handle(new InteractionScope(interaction, deps, log), decoded.action, decoded.args)
  }

  async function autocomplete(interaction: AutocompleteInteraction, log: Logger): Promise<void> {
    const command = byName.get(interaction.commandName)
    let choices: Awaited<ReturnType<NonNullable<SlashCommand['autocomplete']>>> = []
    try {
      if (command?.autocomplete) choices = await command.autocomplete(new InteractionScope(interaction, deps, log))
    } catch (err) {
      log.warn({ err }, 'autocomplete failed')
    }
    await interaction.respond(choices.slice(0, 25))
  }

  return {
    async handle(interaction) {
      if (interaction.user.bot) return // bots (and this bot itself) are never served
      const log = deps.logger.child({
        interaction_id: interaction.id,
        kind: interaction.type,
        user_id: interaction.user.id,
        guild_id: interaction.guildId ?? undefined,
        ...(interaction.isCommand() || interaction.isAutocomplete() ? { command: interaction.commandName } : {}),
      })
      try {
        await route(interaction, log)
      } catch (err) {
        await reportFailure(interaction, err, log)
      }
    },
  }
}

/** Answers a failed interaction, ephemeral and localized; never throws. */
async function reportFailure(interaction: Interaction, err: unknown, log: Logger): Promise<void> {
  const key = err instanceof DomainError ? ERROR_KEY_BY_CODE[err.code] : 'err-generic'
  if (err instanceof DomainError) log.info({ code: err.code, reason: err.message }, 'interaction refused by the domain')
  else log.error({ err }, 'interaction handler failed')
  if (!interaction.isRepliable()) {
    if (interaction.isAutocomplete() && !interaction.responded) await interaction.respond([]).catch(() => undefined)
    return
  }
  const payload = { content: say(discordLocale(interaction.locale), key), flags: MessageFlags.Ephemeral as const, allowedMentions: NO_MENTIONS }
  try {
    if (interaction.deferred || interaction.replied) await interaction.followUp(payload)
    else await interaction.reply(payload)
  } catch (answerErr) {
    log.warn({ err: answerErr }, 'could not report the failure to the user')
  }
}
