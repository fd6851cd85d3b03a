// Platform profiles: the limits of each chat platform the bots send to. The
// one splitter (plan.ts) fits a lesson's messages to a profile; nothing else
// in the delivery rules knows a platform's numbers.
import type { Block } from './rich-text'
import { blockLength } from './rich-text'
import { discordMarkdownLength } from './discord-markdown'

/** The platforms a Messenger sends to (the web has its own page, no messages). */
export type MessagingPlatform = 'TELEGRAM' | 'DISCORD'

/** When a quiz can go as the platform's native quiz poll. */
export interface PollLimits {
  question: number
  option: number
  explanation: number
  explanationLineBreaks: number
  minOptions: number
  maxOptions: number
}

export interface ButtonLimits {
  /** Buttons in one row. */
  perRow: number
  /** Rows under one message. */
  maxRows: number
  /** Characters of a label (longer ones are cut with "…"). */
  labelMax: number
  /** Bytes of a button's payload (Telegram callback_data 64, Discord custom_id 100). */
  payloadBytes: number
}

/** Discord embeds (the Discord bot's progress card and the like). */
export interface EmbedLimits {
  title: number
  description: number
  fields: number
  fieldName: number
  fieldValue: number
  footer: number
  /** All text of all embeds of one message. */
  total: number
  /** Embeds in one message. */
  perMessage: number
}

export interface SelectLimits {
  options: number
  label: number
  description: number
  placeholder: number
}

export interface PlatformProfile {
  platform: MessagingPlatform
  /** Characters of a text message, as measured by `measure`. */
  text: number
  /** Characters of a media message's caption (Discord: the content beside an attachment). */
  caption: number
  /**
   * Length a block takes against the limits once rendered for this platform:
   * Telegram counts visible characters (HTML tags are entities, not text);
   * Discord counts the Markdown it receives, markers and escapes included.
   */
  measure(block: Block): number
  /** Length of what renderers put between two blocks of one message ("\n\n"). */
  separator: number
  buttons: ButtonLimits
  /** Native quiz polls; null: quizzes go with option buttons. */
  poll: PollLimits | null
  embed: EmbedLimits | null
  select: SelectLimits | null
}

export const TELEGRAM_PROFILE: PlatformProfile = {
  platform: 'TELEGRAM',
  text: 4096,
  caption: 1024,
  measure: blockLength,
  separator: 2,
  // Telegram documents no per-row cap (8 is what clients show well) nor a label
  // limit; 60 characters keep a label on one line
  buttons: { perRow: 8, maxRows: 100, labelMax: 60, payloadBytes: 64 },
  poll: { question: 300, option: 100, explanation: 200, explanationLineBreaks: 2, minOptions: 2, maxOptions: 10 },
  embed: null,
  select: null,
}

export const DISCORD_PROFILE: PlatformProfile = {
  platform: 'DISCORD',
  text: 2000,
  caption: 2000,
  measure: discordMarkdownLength,
  separator: 2,
  buttons: { perRow: 5, maxRows: 5, labelMax: 80, payloadBytes: 100 },
  poll: null,
  embed: { title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, total: 6000, perMessage: 10 },
  select: { options: 25, label: 100, description: 100, placeholder: 150 },
}

export const PROFILES: Record<MessagingPlatform, PlatformProfile> = { TELEGRAM: TELEGRAM_PROFILE, DISCORD: DISCORD_PROFILE }

export function profileFor(platform: MessagingPlatform): PlatformProfile {
  return PROFILES[platform]
}

export const isMessagingPlatform = (p: string): p is MessagingPlatform => p === 'TELEGRAM' || p === 'DISCORD'
