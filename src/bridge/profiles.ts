// Platform limits the relay plans around (what the platforms document).
import type { PlatformProfile } from './ports'

export const TELEGRAM_GROUP: PlatformProfile = { maxTextLength: 4096, perChatPerMinute: 20 }
export const DISCORD_CHANNEL: PlatformProfile = { maxTextLength: 2000 }
