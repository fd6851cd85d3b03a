// /web: a one-time sign-in link to the web room (ephemeral, as a link button:
// nothing previews or spends it). In a course chat channel it opens that
// course's room; with a course, that one; otherwise the list of my rooms.
import { ButtonStyle, type ChatInputCommandInteraction, ComponentType } from 'discord.js'
import { WEB_LINK_TTL_MS, webSignInPath } from '../../../domain/web-sign-in.service'
import { courseByRef, courseChoices } from '../course-card'
import type { InteractionScope } from '../scope'
import { option, slash } from './define'
import type { SlashCommand } from './types'

export const web: SlashCommand = {
  data: slash('web', 'веб', 'dc-cmd-web')
    .addStringOption((o) => option(o, 'course', 'курс', 'dc-cmd-web-course').setAutocomplete(true).setMaxLength(100))
    .toJSON(),
  async execute(scope) {
    const { user } = await scope.student()
    const slug = await courseSlugOf(scope)
    const { token } = await scope.deps.domain.webSignIn.issueLoginToken(user.id)
    const url = `${scope.deps.publicUrl}${webSignInPath(token, slug)}`
    scope.log.info({ course: slug ?? null }, 'web sign-in link issued')
    await scope.answer({
      content: await scope.say('dc-web-link', { minutes: Math.round(WEB_LINK_TTL_MS / 60_000) }),
      components: [{ type: ComponentType.ActionRow, components: [{ type: ComponentType.Button, style: ButtonStyle.Link, label: await scope.plain('dc-web-open'), url }] }],
    })
  },
  autocomplete: (scope) => courseChoices(scope, scope.interaction.options.getFocused()),
}

/** The course asked for, else the course whose chat room this channel is. */
async function courseSlugOf(scope: InteractionScope<ChatInputCommandInteraction>): Promise<string | undefined> {
  const ref = scope.interaction.options.getString('course')
  if (ref) return (await courseByRef(scope, ref)).slug
  if (scope.inDm) return undefined
  const binding = await scope.deps.domain.rooms.bindingFor('DISCORD', scope.interaction.channelId)
  if (!binding) return undefined
  const { actor } = await scope.student()
  const entered = await scope.deps.domain.rooms.enterRoom(actor, binding.roomId).catch(() => null)
  return entered?.course.slug
}
