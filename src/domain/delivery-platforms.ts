// Which of a student's bot accounts get deliveries (drip modules, reminders,
// announcements): the student's choice (Profile.deliveryPlatforms). By default
// every linked account; a choice of a platform the student has no account on
// falls back to every linked one, so nobody is left without the message.
import type { PacedPlatform } from './pacing'
import type { DeliveryPlatforms } from './types'

const ONLY: Record<DeliveryPlatforms, PacedPlatform | null> = { EVERY_LINKED: null, TELEGRAM_ONLY: 'TELEGRAM', DISCORD_ONLY: 'DISCORD' }

export function preferredAccounts<A extends { platform: string }>(accounts: readonly A[], choice: DeliveryPlatforms | null | undefined): A[] {
  const only = ONLY[choice ?? 'EVERY_LINKED'] ?? null
  const chosen = only ? accounts.filter((a) => a.platform === only) : accounts
  return chosen.length ? [...chosen] : [...accounts]
}
