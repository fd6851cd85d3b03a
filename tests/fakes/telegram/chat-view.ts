import type { Chat, ChatInviteLink, ChatJoinRequest, ChatMember, Message, ReplyKeyboardMarkup } from 'grammy/types'
import type { ChatRecord, SimState } from './state'

/** Read-only view of one chat, evaluated on access (always current). */
export class ChatView {
  constructor(private readonly state: SimState, readonly id: number) {}

  private get rec(): ChatRecord | undefined {
    return this.state.chats.get(this.id)
  }

  get exists(): boolean {
    return this.rec !== undefined
  }

  get chat(): Chat | undefined {
    return this.rec?.chat
  }

  /** Messages the bot sent here, in order, current version (edits applied, deleted ones removed). */
  get messages(): Message[] {
    return this.state.botMessages(this.id)
  }

  /** Text (or caption) of each bot message. */
  get texts(): (string | undefined)[] {
    return this.messages.map((m) => m.text ?? m.caption)
  }

  /** The bot's last live message here. */
  get last(): Message | undefined {
    return this.messages.at(-1)
  }

  /** All live messages in the chat: users' and the bot's. */
  get history(): Message[] {
    return [...(this.rec?.history ?? [])]
  }

  /** Messages removed with deleteMessage(s), last version. */
  get deleted(): Message[] {
    return [...(this.rec?.deleted ?? [])]
  }

  /** Chat actions (sendChatAction) in order. */
  get actions(): string[] {
    return (this.rec?.actions ?? []).map((a) => a.action)
  }

  /** Reply keyboard currently shown (undefined after remove_keyboard). */
  get replyKeyboard(): ReplyKeyboardMarkup | undefined {
    return this.rec?.replyKeyboard
  }

  get members(): ChatMember[] {
    return [...(this.rec?.members.values() ?? [])]
  }

  get joinRequests(): ChatJoinRequest[] {
    return [...(this.rec?.joinRequests.values() ?? [])]
  }

  get inviteLinks(): ChatInviteLink[] {
    return [...(this.rec?.inviteLinks ?? [])]
  }

  get botStatus(): ChatRecord['botStatus'] | undefined {
    return this.rec?.botStatus
  }
}
