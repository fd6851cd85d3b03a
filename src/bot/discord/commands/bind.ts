// /bind (servers only), for course authors whose Discord account is linked:
//   /bind channel course: this channel becomes the course's chat room (Manage
//     Channels): relayed to Telegram and the web through a channel webhook,
//     visible to the course's role and hidden from everyone else;
//   /bind role course role: the course's students get a role of this server
//     (Manage Roles; course roles).
// /unbind: this channel is no longer a course chat room.
import { type ChatInputCommandInteraction, InteractionContextType, PermissionFlagsBits } from 'discord.js'
import { ForbiddenError } from '../../../domain'
import { courseByRef, courseChoices } from '../course-card'
import { bindRoomChannel, unbindRoomChannel } from '../room-channel'
import type { InteractionScope } from '../scope'
import { option, slash } from './define'
import type { SlashCommand } from './types'

type Scope = InteractionScope<ChatInputCommandInteraction>

export const bind: SlashCommand = {
  data: slash('bind', 'привязать', 'dc-cmd-bind')
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageChannels)
    .addSubcommand((s) =>
      option(s, 'channel', 'канал', 'dc-cmd-bind-channel')
        .addStringOption((o) => option(o, 'course', 'курс', 'dc-cmd-bind-course').setAutocomplete(true).setRequired(true).setMaxLength(100)),
    )
    .addSubcommand((s) =>
      option(s, 'role', 'роль', 'dc-cmd-bind-role-sub')
        .addStringOption((o) => option(o, 'course', 'курс', 'dc-cmd-bind-course').setAutocomplete(true).setRequired(true).setMaxLength(100))
        .addRoleOption((o) => option(o, 'role', 'роль', 'dc-cmd-bind-role').setRequired(true)),
    )
    .toJSON(),
  async execute(scope) {
    const i = scope.interaction
    if (!i.inGuild()) return scope.answer({ content: await scope.say('dc-bind-guild-only') })
    return i.options.getSubcommand() === 'channel' ? bindRoomChannel(scope) : bindRole(scope)
  },
  autocomplete: (scope) => courseChoices(scope, scope.interaction.options.getFocused()),
}

export const unbind: SlashCommand = {
  data: slash('unbind', 'отвязать', 'dc-cmd-unbind').setContexts(InteractionContextType.Guild).setDefaultMemberPermissions(PermissionFlagsBits.ManageChannels).toJSON(),
  async execute(scope) {
    if (!scope.interaction.inGuild()) return scope.answer({ content: await scope.say('dc-bind-guild-only') })
    return unbindRoomChannel(scope)
  },
}

async function bindRole(scope: Scope): Promise<void> {
  const i = scope.interaction
  if (!i.inGuild()) return
  // Discord shows /bind to members with Manage Channels; the role needs Manage Roles too
  if (!i.memberPermissions.has(PermissionFlagsBits.ManageRoles)) return scope.answer({ content: await scope.say('dc-bind-no-permission') })
  const role = i.options.getRole('role', true)
  if (!(await roleUsable(scope, role))) return scope.answer({ content: await scope.say('dc-bind-role-unusable') })
  const course = await courseByRef(scope, i.options.getString('course', true))
  const { actor } = await scope.student()
  try {
    await scope.deps.domain.courseRoles.bind(actor, course.id, i.guildId, role.id)
  } catch (err) {
    if (err instanceof ForbiddenError) return scope.answer({ content: await scope.say('dc-bind-not-author') })
    throw err
  }
  scope.log.info({ courseId: course.id, roleId: role.id }, 'course bound to a role')
  await scope.answer({ content: await scope.say('dc-bind-done', { course: course.title, role: role.name }) })
}

/** Not @everyone, not managed (a bot's or a booster role), and below the bot's highest role. */
async function roleUsable(scope: Scope, role: { id: string; managed?: boolean; position: number }): Promise<boolean> {
  const guild = scope.interaction.guild
  if (role.id === scope.interaction.guildId || role.managed) return false
  if (!guild) return true // not cached: Discord refuses a role above ours when granting (logged then)
  const me = await guild.members.fetchMe().catch(() => null)
  return !me || me.roles.highest.position > role.position
}
