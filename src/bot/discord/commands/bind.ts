// /bind course role (servers only, Manage Roles): a course author binds their
// course to a role of this server; the course's students get it (course roles).
import { type ChatInputCommandInteraction, InteractionContextType, PermissionFlagsBits } from 'discord.js'
import { ForbiddenError } from '../../../domain'
import { courseByRef, courseChoices } from '../course-card'
import type { InteractionScope } from '../scope'
import { option, slash } from './define'
import type { SlashCommand } from './types'

export const bind: SlashCommand = {
  data: slash('bind', 'привязать', 'dc-cmd-bind')
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageRoles)
    .addStringOption((o) => option(o, 'course', 'курс', 'dc-cmd-bind-course').setAutocomplete(true).setRequired(true).setMaxLength(100))
    .addRoleOption((o) => option(o, 'role', 'роль', 'dc-cmd-bind-role').setRequired(true))
    .toJSON(),
  async execute(scope) {
    const i = scope.interaction
    if (!i.inGuild()) return scope.answer({ content: await scope.say('dc-bind-guild-only') })
    // Discord hides the command from members without Manage Roles; a server may override that
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
  },
  autocomplete: (scope) => courseChoices(scope, scope.interaction.options.getFocused()),
}

/** Not @everyone, not managed (a bot's or a booster role), and below the bot's highest role. */
async function roleUsable(scope: InteractionScope<ChatInputCommandInteraction>, role: { id: string; managed?: boolean; position: number }): Promise<boolean> {
  const guild = scope.interaction.guild
  if (role.id === scope.interaction.guildId || role.managed) return false
  if (!guild) return true // not cached: Discord refuses a role above ours when granting (logged then)
  const me = await guild.members.fetchMe().catch(() => null)
  return !me || me.roles.highest.position > role.position
}
