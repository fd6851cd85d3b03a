// A Discord channel as a course's chat room: /bind channel makes the channel
// the room's (a webhook the relay posts through, stored on the binding) and
// private to the course (permission overwrites: the bot and the author who
// binds it keep it, the course's role sees it, @everyone does not); /unbind
// ends that (the webhook is deleted; the channel's permissions stay as set).
import { type ChatInputCommandInteraction, OverwriteType, PermissionFlagsBits, type REST, Routes } from 'discord.js'
import { ForbiddenError } from '../../domain'
import { courseByRef } from './course-card'
import { apiErrorCode } from './messenger'
import type { InteractionScope } from './scope'

type Scope = InteractionScope<ChatInputCommandInteraction>

/** The relay's webhooks carry this name (Discord refuses names containing "discord" or "clyde"). */
export const ROOM_WEBHOOK_NAME = 'TaskMetrics course chat'

const P = PermissionFlagsBits
/** What the bot needs in a room channel: see it, post, read, manage its webhook and moderate. */
const BOT_ALLOW = P.ViewChannel | P.SendMessages | P.ReadMessageHistory | P.EmbedLinks | P.AttachFiles | P.ManageWebhooks | P.ManageMessages
/** What members of the course (its role) and the binding author may do there. */
const MEMBER_ALLOW = P.ViewChannel | P.SendMessages | P.ReadMessageHistory | P.AttachFiles | P.EmbedLinks

/** Missing Access / Missing Permissions: the bot's set-up in this server. */
const NOT_ALLOWED = new Set([50001, 50013])

export async function bindRoomChannel(scope: Scope): Promise<void> {
  const i = scope.interaction
  if (!i.inGuild()) return
  // Discord hides the command from members without Manage Channels; a server may override that
  if (!i.memberPermissions.has(P.ManageChannels)) return scope.answer({ content: await scope.say('dc-room-no-permission') })
  const course = await courseByRef(scope, i.options.getString('course', true))
  const { actor } = await scope.student()
  const { domain, rest } = scope.deps
  if (!(await domain.catalog.isCourseStaff(course.id, actor))) return scope.answer({ content: await scope.say('dc-bind-not-author') })
  const role = (await domain.courseRoles.bindingsOf(actor, course.id)).find((b) => b.guildId === i.guildId)
  if (!role) return scope.answer({ content: await scope.say('dc-room-no-role', { course: course.title }) })

  let webhook: { id: string; token: string }
  try {
    webhook = await roomWebhook(rest, i.channelId, i.applicationId)
    // the bot first (denying @everyone would otherwise lock it out too), then the course, the author, and @everyone last
    await overwrite(rest, i.channelId, i.client.user.id, OverwriteType.Member, BOT_ALLOW, 0n)
    await overwrite(rest, i.channelId, role.roleId, OverwriteType.Role, MEMBER_ALLOW, 0n)
    await overwrite(rest, i.channelId, i.user.id, OverwriteType.Member, MEMBER_ALLOW, 0n)
    await overwrite(rest, i.channelId, i.guildId, OverwriteType.Role, 0n, P.ViewChannel)
  } catch (err) {
    const code = apiErrorCode(err)
    if (code === undefined || !NOT_ALLOWED.has(code)) throw err
    scope.log.warn({ code }, 'cannot set up the room channel: the bot lacks permissions')
    return scope.answer({ content: await scope.say('dc-room-bot-permissions') })
  }
  try {
    await domain.rooms.bind(actor, course.id, { platform: 'DISCORD', chatId: i.channelId, webhookId: webhook.id, webhookToken: webhook.token })
  } catch (err) {
    if (err instanceof ForbiddenError) return scope.answer({ content: await scope.say('dc-room-other-course') })
    throw err
  }
  scope.log.info({ courseId: course.id, channelId: i.channelId, roleId: role.roleId }, 'channel bound to a course room')
  const roleName = i.guild?.roles.cache.get(role.roleId)?.name ?? role.roleId
  await scope.answer({ content: await scope.say('dc-room-bound', { course: course.title, role: roleName }) })
}

export async function unbindRoomChannel(scope: Scope): Promise<void> {
  const i = scope.interaction
  if (!i.inGuild()) return
  if (!i.memberPermissions.has(P.ManageChannels)) return scope.answer({ content: await scope.say('dc-room-no-permission') })
  const { domain, rest } = scope.deps
  const binding = await domain.rooms.bindingFor('DISCORD', i.channelId)
  if (!binding) return scope.answer({ content: await scope.say('dc-room-not-bound') })
  const { actor } = await scope.student()
  try {
    await domain.rooms.unbind(actor, 'DISCORD', i.channelId)
  } catch (err) {
    if (err instanceof ForbiddenError) return scope.answer({ content: await scope.say('dc-bind-not-author') })
    throw err
  }
  if (binding.webhookId) {
    await rest.delete(Routes.webhook(binding.webhookId), { reason: 'TaskMetrics: course chat unbound' }).catch((err) => scope.log.info({ err }, 'the room webhook was gone already'))
  }
  scope.log.info({ channelId: i.channelId }, 'channel unbound from its course room')
  await scope.answer({ content: await scope.say('dc-room-unbound') })
}

/** Our webhook in the channel (binding again reuses it), or a new one. */
async function roomWebhook(rest: REST, channelId: string, applicationId: string): Promise<{ id: string; token: string }> {
  const existing = (await rest.get(Routes.channelWebhooks(channelId))) as Array<{ id: string; token?: string; application_id?: string | null; name?: string | null }>
  const ours = existing.find((w) => w.application_id === applicationId && w.token && w.name === ROOM_WEBHOOK_NAME)
  if (ours?.token) return { id: ours.id, token: ours.token }
  const created = (await rest.post(Routes.channelWebhooks(channelId), { body: { name: ROOM_WEBHOOK_NAME }, reason: 'TaskMetrics: course chat' })) as { id: string; token: string }
  return { id: created.id, token: created.token }
}

function overwrite(rest: REST, channelId: string, id: string, type: OverwriteType, allow: bigint, deny: bigint) {
  return rest.put(Routes.channelPermission(channelId, id), { body: { type, allow: String(allow), deny: String(deny) }, reason: 'TaskMetrics: course chat' })
}
