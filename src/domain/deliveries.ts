// The delivery ledger: each message the worker sends (an announcement, a drip
// module, a reminder) and, per recipient and platform, whether it went.
import type { PacedPlatform } from './pacing'
import type { DeliveryPlatforms } from './types'

export type DeliveryKind = 'ANNOUNCEMENT' | 'DRIP' | 'REMINDER'
export type DeliveryStatus = 'QUEUED' | 'SENDING' | 'CANCELLED'
export type RecipientStatus = 'PENDING' | 'SENDING' | 'SENT' | 'FAILED' | 'UNREACHABLE' | 'CANCELLED'

export interface Delivery {
  id: number
  kind: DeliveryKind
  courseId: number
  authorId: number | null
  body: string
  imagePath: string | null
  /** DRIP: the module it releases. */
  moduleId: number | null
  status: DeliveryStatus
  createdAt: Date
  expandedAt: Date | null
  cancelledAt: Date | null
}

/** Recipients per state; `pending` includes sends in flight. */
export interface DeliveryCounts {
  total: number
  pending: number
  sent: number
  failed: number
  unreachable: number
  cancelled: number
}

/** A recipient row claimed for sending, with what to send. */
export interface ClaimedRecipient {
  id: number
  deliveryId: number
  kind: DeliveryKind
  courseId: number
  userId: number
  platform: PacedPlatform
  chatId: string
  /** The user's profile locale (as stored). */
  locale: string | null
  attempts: number
  /** DRIP: the module released. */
  moduleId: number | null
  body: string
  imagePath: string | null
}

export type RecipientOutcome =
  | { status: 'SENT'; messageId: string; at: Date }
  | { status: 'UNREACHABLE' | 'FAILED'; error: string }
  /** Not sent: no longer due when its turn came (e.g. a reminder to a student who finished meanwhile). */
  | { status: 'CANCELLED'; error: string }
  /** Back to the queue (a transient failure; the job is retried). */
  | { status: 'PENDING'; error: string }

export interface AudienceMember {
  userId: number
  /** The student's choice of accounts (Profile.deliveryPlatforms; null without a profile). */
  deliveryPlatforms: DeliveryPlatforms | null
  accounts: Array<{ platform: PacedPlatform; externalId: string; unreachable: boolean }>
}

export interface DeliveryRepository {
  create(input: { kind: DeliveryKind; courseId: number; authorId: number | null; body: string; imagePath: string | null; moduleId?: number | null }): Promise<Delivery>
  find(id: number): Promise<Delivery | null>
  /** The course's deliveries, newest first (of one kind, when given). */
  listForCourse(courseId: number, limit: number, kind?: DeliveryKind): Promise<Delivery[]>
  /**
   * Actively enrolled students of the course with their bot accounts, by user
   * id after `afterUserId`; with `releasedBy` (a DRIP delivery) only the
   * students its module was released to (their ModuleRelease rows).
   */
  listAudience(courseId: number, afterUserId: number, limit: number, releasedBy?: number): Promise<AudienceMember[]>
  /**
   * Adds recipient rows (an existing (delivery, user, platform) row is kept as
   * it is); returns the given users' rows still PENDING, by id.
   */
  addRecipients(deliveryId: number, rows: Array<{ userId: number; platform: PacedPlatform; chatId: string; status: 'PENDING' | 'UNREACHABLE' }>): Promise<Array<{ id: number; platform: PacedPlatform }>>
  markExpanded(deliveryId: number, at: Date): Promise<void>
  /**
   * PENDING -> SENDING until `leaseUntil`, or a SENDING row whose lease ran out
   * before `now`; null when the row is in another state, its lease is live,
   * or its delivery was cancelled. Counts an attempt.
   */
  claim(recipientId: number, now: Date, leaseUntil: Date): Promise<ClaimedRecipient | null>
  extendLease(recipientId: number, leaseUntil: Date): Promise<void>
  finish(recipientId: number, outcome: RecipientOutcome): Promise<void>
  counts(deliveryId: number): Promise<DeliveryCounts>
  /** Marks the delivery cancelled and its PENDING rows CANCELLED; returns how many rows. */
  cancel(deliveryId: number, at: Date): Promise<number>
  /** SENDING rows whose lease ran out before `now` (their worker died), oldest first. */
  listExpiredLeases(now: Date, limit: number): Promise<Array<{ id: number; deliveryId: number; attempts: number }>>
  /**
   * Work whose jobs may have been lost with Redis's data: PENDING rows not
   * touched since `before`, and deliveries still QUEUED (not fanned out)
   * since `before`; cancelled deliveries excluded.
   */
  listStale(before: Date, limit: number): Promise<{ recipients: Array<{ id: number; deliveryId: number; attempts: number }>; deliveries: number[] }>
  /** The platform refused this account: skip it until its user writes to the bot. */
  markUnreachable(platform: PacedPlatform, externalId: string, at: Date): Promise<void>
}
