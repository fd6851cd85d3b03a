// What the relay plans around per destination chat: the message length the
// platform profiles (src/domain/delivery/profile.ts) give, and how many messages
// a chat takes per minute (Telegram groups: about 20; Discord answers 429s).
import { DISCORD_PROFILE, TELEGRAM_PROFILE } from '../domain/delivery/profile'
import type { RelayLimits } from './ports'

export const TELEGRAM_GROUP: RelayLimits = { maxTextLength: TELEGRAM_PROFILE.text, perChatPerMinute: 20 }
export const DISCORD_CHANNEL: RelayLimits = { maxTextLength: DISCORD_PROFILE.text }
