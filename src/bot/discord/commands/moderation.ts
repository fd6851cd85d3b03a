// Course chat moderation on Discord, as message context menu commands (Apps >
// ... on a message of a bound channel, relayed copies included): delete the
// room message everywhere, mute or unmute its author in the room. The domain
// decides who may (the course's authors and admins; a message's author may
// delete their own); Discord shows the commands to members with Manage
// Messages by default (servers can change that in Integrations).
import { type MessageContextMenuCommandInteraction, PermissionFlagsBits } from 'discord.js'
import { DomainError } from '../../../domain'
import type { RoomMessage } from '../../../domain/rooms.types'
import type { InteractionScope } from '../scope'
import { messageMenu } from './define'
import type { MessageCommand } from './types'

type Scope = InteractionScope<MessageContextMenuCommandInteraction>

export const deleteEverywhere: MessageCommand = {
  data: messageMenu('dc-menu-delete').setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages).toJSON(),
  async execute(scope) {
    const target = await roomMessageOf(scope)
    if (!target) return
    const { actor } = await scope.student()
    // the relay removes it everywhere, the original in this channel included
    const result = await scope.deps.relay!.deleteAsMember(actor, target.id)
    if (result.status === 'ignored' && result.reason !== 'unchanged') return scope.answer({ content: await scope.say('dc-room-not-moderator') })
    scope.log.info({ messageId: target.id }, 'room message deleted everywhere')
    await scope.answer({ content: await scope.say('dc-room-deleted') })
  },
}

export const muteAuthor: MessageCommand = {
  data: messageMenu('dc-menu-mute').setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages).toJSON(),
  execute: (scope) => setMuted(scope, true),
}

export const unmuteAuthor: MessageCommand = {
  data: messageMenu('dc-menu-unmute').setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages).toJSON(),
  execute: (scope) => setMuted(scope, false),
}

async function setMuted(scope: Scope, muted: boolean): Promise<void> {
  const target = await roomMessageOf(scope)
  if (!target) return
  if (target.author.id === null) return scope.answer({ content: await scope.say('dc-room-unknown-message') })
  const { actor } = await scope.student()
  const rooms = scope.deps.domain.rooms
  try {
    if (muted) await rooms.mute(actor, target.roomId, target.author.id)
    else await rooms.unmute(actor, target.roomId, target.author.id)
  } catch (err) {
    if (!(err instanceof DomainError) || err.code === 'invalid') throw err
    return scope.answer({ content: await scope.say('dc-room-not-moderator') })
  }
  scope.log.info({ roomId: target.roomId, userId: target.author.id, muted }, muted ? 'room member muted' : 'room member unmuted')
  await scope.answer({ content: await scope.say(muted ? 'dc-room-muted-done' : 'dc-room-unmuted-done', { name: target.author.name }) })
}

/** The room message the targeted Discord message is (the original, or our copy of one); answers and returns null otherwise. */
async function roomMessageOf(scope: Scope): Promise<RoomMessage | null> {
  const i = scope.interaction
  const { relay, domain } = scope.deps
  if (!relay || !(await domain.rooms.bindingFor('DISCORD', i.channelId))) {
    await scope.answer({ content: await scope.say('dc-room-not-bound') })
    return null
  }
  const id = await relay.roomMessageOf('DISCORD', i.channelId, i.targetId)
  const message = id === null ? null : await domain.rooms.getMessage(id)
  if (!message) await scope.answer({ content: await scope.say('dc-room-unknown-message') })
  return message
}
