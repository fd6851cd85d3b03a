// Quiz poll answers arrive without a chat or message, so each quiz poll the
// messenger sends is mapped to its content and student in Redis.
import type { Redis } from 'ioredis'

const POLL_TTL_SECONDS = 90 * 24 * 3600
const pollKey = (pollId: string) => `tg:poll:${pollId}`

export interface PollLink {
  contentId: number
  /** Telegram user the poll was sent to. */
  telegramUserId: number
}

export async function rememberPoll(redis: Redis, pollId: string, link: PollLink): Promise<void> {
  await redis.set(pollKey(pollId), JSON.stringify(link), 'EX', POLL_TTL_SECONDS)
}

/** The content and student a poll was sent for, or null when unknown or expired. */
export async function pollLink(redis: Redis, pollId: string): Promise<PollLink | null> {
  const raw = await redis.get(pollKey(pollId))
  if (!raw) return null
  try {
    const parsed = JSON.parse(raw) as PollLink
    return Number.isInteger(parsed.contentId) && Number.isInteger(parsed.telegramUserId) ? parsed : null
  } catch {
    return null
  }
}
