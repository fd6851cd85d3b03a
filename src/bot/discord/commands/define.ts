// Builders for command data with en names/descriptions and ru localizations.
import { ApplicationCommandType, ContextMenuCommandBuilder, InteractionContextType, type LocalizationMap, SlashCommandBuilder } from 'discord.js'
import { localizations } from '../strings'

/** A slash command usable in servers and in the bot's DMs. */
export function slash(name: string, ruName: string, description: string): SlashCommandBuilder {
  return new SlashCommandBuilder()
    .setName(name)
    .setNameLocalizations({ ru: ruName })
    .setDescription(localizations(description).en)
    .setDescriptionLocalizations(ru(description))
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
}

/** A message context menu command (servers only); its name is the translation of `key` in en, with the ru localization. */
export function messageMenu(key: string): ContextMenuCommandBuilder {
  const { en, ru: ruName } = localizations(key)
  return new ContextMenuCommandBuilder().setType(ApplicationCommandType.Message).setName(en).setNameLocalizations({ ru: ruName }).setContexts(InteractionContextType.Guild)
}

/** Name and description (en, ru) for an option builder. */
export function option<T extends { setName(n: string): T; setNameLocalizations(m: LocalizationMap): T; setDescription(d: string): T; setDescriptionLocalizations(m: LocalizationMap): T }>(
  builder: T,
  name: string,
  ruName: string,
  description: string,
): T {
  return builder.setName(name).setNameLocalizations({ ru: ruName }).setDescription(localizations(description).en).setDescriptionLocalizations(ru(description))
}

function ru(key: string): LocalizationMap {
  return { ru: localizations(key).ru }
}
