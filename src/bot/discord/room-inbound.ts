// The course chat relay's Discord side, inbound: messages, edits and deletes
// in a bound channel go to the RelayRouter as platform-neutral values. Our bot
// and our relay webhooks are handed over marked (the router's loop guard drops
// them); other bots and other integrations' webhooks are not relayed. A muted
// member is told why once, in a DM (or, with DMs closed, in a short reply).
import {
  type Attachment as DiscordAttachment, type Client, Events, type Message, MessageFlags, type OmitPartialGroupDMChannel, type PartialMessage,
} from 'discord.js'
import type { InboundAuthor, InboundMessage, MessageKind } from '../../bridge/message'
import type { InboundResult, RelayRouter } from '../../bridge/router'
import type { Domain } from '../../domain'
import type { Attachment } from '../../domain/rooms.types'
import type { Logger } from '../../infra/logger'
import { NO_MENTIONS } from './messenger'
import { discordLocale, say } from './strings'

type AnyMessage = OmitPartialGroupDMChannel<Message | PartialMessage>

export interface RoomInboundDeps {
  router: RelayRouter
  domain: Pick<Domain, 'accounts'>
  logger: Logger
}

/** Subscribes the client's message events to the relay; `track` keeps the work for a graceful stop. */
export function relayRoomMessages(client: Client, deps: RoomInboundDeps, track: (work: Promise<void>) => void): void {
  const run = (what: string, message: AnyMessage, work: (log: Logger) => Promise<InboundResult | undefined>) => {
    if (!message.inGuild()) return
    const log = deps.logger.child({ relay: what, channel_id: message.channelId, message_id: message.id })
    track(
      work(log).then(
        (result) => {
          if (result) log.debug({ status: result.status, ...('reason' in result ? { reason: result.reason } : {}) }, 'relay inbound')
        },
        (err) => log.error({ err }, 'relaying a Discord message failed'),
      ),
    )
  }
  client.on(Events.MessageCreate, (message) =>
    run('create', message, async (log) => {
      const inbound = toInbound(message, client)
      if (!inbound) return undefined
      const result = await deps.router.inbound(inbound)
      if (result.status === 'muted' && result.tell) await tellMuted(message, result.reason, deps, log)
      return result
    }),
  )
  client.on(Events.MessageUpdate, (_old, message) =>
    run('edit', message, async () => {
      if (message.partial || message.content === null) return undefined
      const inbound = toInbound(message as Message, client)
      if (!inbound) return undefined
      const { platform, chatId, messageId, author, fromSelf, webhookId, text } = inbound
      return deps.router.inboundEdit({ platform, chatId, messageId, author, fromSelf, webhookId, text })
    }),
  )
  const deleted = (message: AnyMessage) =>
    run('delete', message, () => deps.router.inboundDelete({ platform: 'DISCORD', chatId: message.channelId, messageId: message.id }))
  client.on(Events.MessageDelete, deleted)
  // a moderator's bulk delete (a purge): each one, like a single delete
  client.on(Events.MessageBulkDelete, (messages) => {
    for (const message of messages.values()) deleted(message)
  })
}

/**
 * A Discord message as the relay's InboundMessage; undefined for what is never
 * relayed (other bots, other integrations' webhooks, system messages).
 */
export function toInbound(message: Message, client: Client): InboundMessage | undefined {
  const fromSelf = message.author.id === client.user?.id
  if (!fromSelf && !message.webhookId && message.author.bot) return undefined
  if (message.system) return undefined
  const attachments = [...message.attachments.values()].map((a) => attachmentOf(a, message))
  return {
    platform: 'DISCORD',
    chatId: message.channelId,
    messageId: message.id,
    author: authorOf(message),
    fromSelf,
    webhookId: message.webhookId,
    kind: kindOf(message, attachments),
    // mentions read as names ("@Ann", "#general"); the bridge makes them inert on the other sides
    text: message.cleanContent ?? '',
    replyToMessageId: message.reference?.messageId ?? null,
    attachments,
  }
}

function authorOf(message: Message): InboundAuthor {
  return {
    externalId: message.author.id,
    displayName: message.member?.displayName ?? message.author.displayName,
    username: message.author.username,
  }
}

function kindOf(message: Message, attachments: Attachment[]): MessageKind {
  if (message.stickers.size > 0) return 'sticker'
  if (attachments[0]) return attachments[0].kind
  return message.content ? 'text' : 'other' // an embed, a poll: a placeholder on the other sides
}

function attachmentOf(a: DiscordAttachment, message: Message): Attachment {
  const voice = message.flags.has(MessageFlags.IsVoiceMessage)
  const kind = voice ? 'voice' : a.contentType?.startsWith('image/') ? 'photo' : 'file'
  return { kind, name: a.name, size: a.size, url: a.url, platformFileId: a.id, ...(a.contentType ? { mimeType: a.contentType } : {}) }
}

/** Once per mute: a DM saying why; with DMs closed, a short reply in the channel. */
async function tellMuted(message: Message, reason: string, deps: RoomInboundDeps, log: Logger): Promise<void> {
  const user = await deps.domain.accounts.findByPlatform('DISCORD', message.author.id)
  const locale = discordLocale(user?.profile?.locale ?? message.guild?.preferredLocale)
  const content = say(locale, reason ? 'dc-room-muted-reason' : 'dc-room-muted', { reason })
  try {
    await message.author.send({ content, allowedMentions: NO_MENTIONS })
  } catch (err) {
    log.info({ err }, 'cannot DM a muted member; answering in the channel')
    await message.reply({ content, allowedMentions: NO_MENTIONS }).catch((e) => log.warn({ err: e }, 'cannot tell a muted member'))
  }
}
