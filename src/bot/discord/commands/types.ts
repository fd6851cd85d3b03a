// The shape of a slash command module and of a component (button / select) handler.
import type {
  ApplicationCommandOptionChoiceData, AutocompleteInteraction, ChatInputCommandInteraction, MessageComponentInteraction,
  MessageContextMenuCommandInteraction, RESTPostAPIChatInputApplicationCommandsJSONBody, RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js'
import type { InteractionScope } from '../scope'

export interface SlashCommand {
  /** What deploy-commands registers (names and descriptions in en and ru). */
  data: RESTPostAPIChatInputApplicationCommandsJSONBody
  /** Runs after the router deferred the (ephemeral) reply; answer with scope.answer. */
  execute(scope: InteractionScope<ChatInputCommandInteraction>): Promise<void>
  /** Choices for the focused option (answered at once; no defer is possible). */
  autocomplete?(scope: InteractionScope<AutocompleteInteraction>): Promise<ApplicationCommandOptionChoiceData[]>
}

export interface ComponentHandler {
  /** The custom_id action codes it handles. */
  actions: readonly string[]
  /** Runs after the router acknowledged the press (deferUpdate); answer with scope.answer (follow-ups). */
  handle(scope: InteractionScope<MessageComponentInteraction>, action: string, args: string[]): Promise<void>
}

/** A message context menu command (Apps > name, on a message). */
export interface MessageCommand {
  /** What deploy-commands registers (type 3, en name with a ru localization). */
  data: RESTPostAPIContextMenuApplicationCommandsJSONBody
  /** Runs after the router deferred the (ephemeral) reply; answer with scope.answer. */
  execute(scope: InteractionScope<MessageContextMenuCommandInteraction>): Promise<void>
}
