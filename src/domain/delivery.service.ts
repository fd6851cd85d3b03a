// Announcements (and, later, drip modules and reminders) through the delivery
// ledger: create, list the recipients in batches, send each one once under the
// shared pacer, count, cancel. Jobs (src/jobs/catalogue.ts) call expand(),
// send() (with the worker's Messengers), recoverLeases() and recoverLost(); nothing here
// knows BullMQ or a bot SDK.
// A kind with a planner (DeliveryDeps.planners; reminders: reminders.service.ts,
// drip modules: drip.service.ts)
// gets each recipient's message made when it is sent.
import { pickLocale } from './accounts.service'
import type { ClaimedRecipient, Delivery, DeliveryCounts, DeliveryKind, DeliveryRepository } from './deliveries'
import { announcementPlan } from './delivery/announcement'
import { markdownToBlocks, plainText } from './delivery/rich-text'
import { preferredAccounts } from './delivery-platforms'
import { NotFoundError, ValidationError } from './errors'
import type { JobQueue } from './jobs'
import { type Messengers, messengerFor, UnreachableError } from './messenger'
import { type PacedPlatform, type Pacer, PlatformRateLimitedError } from './pacing'
import type { CourseEvents } from './course-events'
import type { Translator } from './i18n'
import type { FlowView } from './learning-flow.service'
import type { MessagePlan } from './delivery/plan'
import type { AuditLog, Clock, CourseRepository } from './ports'
import { mayEditCourseById, requireStaff } from './access'
import type { Actor } from './types'

export interface DeliveryDeps {
  deliveries: DeliveryRepository
  courses: Pick<CourseRepository, 'findCourseById' | 'findCourseBySlug' | 'isAuthor'>
  jobs: JobQueue
  pacer: Pacer
  audit: AuditLog
  clock: Clock
  /** Where progress is told (the panel shows counts live); none: nobody is told. */
  courseEvents?: CourseEvents
  /** Lease of a claimed row (default SEND_LEASE_MS). */
  sendLeaseMs?: number
  /** Kinds whose message is made per recipient at send time (reminders); the others send the delivery's body. */
  planners?: Partial<Record<DeliveryKind, RecipientPlanner>>
}

/** Makes one recipient's message when it is sent; null: no longer due (the row is cancelled). */
export interface RecipientPlanner {
  planFor(row: ClaimedRecipient, view: FlowView): Promise<MessagePlan | null>
}

/** Longest announcement text (Telegram's message limit, less room for formatting). */
export const MAX_ANNOUNCEMENT_LENGTH = 4000
/** With an image the text is its caption. */
export const MAX_CAPTION_LENGTH = 1024
/** Students listed per fan-out batch. */
export const FAN_OUT_BATCH = 500
/** How long a claimed row is ours; a worker killed mid-send leaves it to others after this. */
export const SEND_LEASE_MS = 60_000
/** Pending work untouched this long is queued again (its job may have been lost with Redis's data). */
export const STALE_AFTER_MS = 15 * 60_000
/**
 * A fan-out releases each platform's sends a little faster than the pacer's
 * spacing, so a short queue always waits at the pacer (which paces exactly)
 * and a late job never leaves a slot unused.
 */
const FAN_OUT_PACE = 0.95
/** 429s waited out inside one send before it goes back to the queue. */
const RATE_LIMIT_RETRIES = 5

export type SendOutcome = 'sent' | 'unreachable' | 'skipped'

export class DeliveryService {
  /** delivery id -> course id, for progress events from sends (a row knows its delivery only). */
  private readonly courseOfDelivery = new Map<number, number>()

  constructor(private readonly deps: DeliveryDeps) {}

  /** Tells the panel that a delivery's counts changed (best effort: never throws). */
  private async progressed(deliveryId: number, courseId?: number): Promise<void> {
    const events = this.deps.courseEvents
    if (!events) return
    try {
      let course = courseId ?? this.courseOfDelivery.get(deliveryId)
      if (course === undefined) {
        course = (await this.deps.deliveries.find(deliveryId))?.courseId
        if (course === undefined) return
        if (this.courseOfDelivery.size >= 1000) this.courseOfDelivery.clear()
        this.courseOfDelivery.set(deliveryId, course)
      }
      await events.publish({ courseId: course, entity: 'delivery', entityId: deliveryId, action: 'progress', actorId: null, version: null })
    } catch {
      // progress is shown again on the next event or reload
    }
  }

  /** The course (by id or slug) if the actor authors it or is an admin. */
  private async assertCourseAuthor(actor: Actor, courseRef: number | string) {
    requireStaff(actor, 'Only authors and admins can send announcements')
    const course = typeof courseRef === 'number' ? await this.deps.courses.findCourseById(courseRef) : await this.deps.courses.findCourseBySlug(courseRef)
    // an author of another course is told nothing about this one
    if (!course || !(await mayEditCourseById(actor, () => this.deps.courses.isAuthor(course.id, actor.id)))) throw new NotFoundError('Course', { course: courseRef })
    return course
  }

  private async ownDelivery(actor: Actor, deliveryId: number): Promise<Delivery> {
    const delivery = await this.deps.deliveries.find(deliveryId)
    if (!delivery) throw new NotFoundError('Delivery', { deliveryId })
    try {
      await this.assertCourseAuthor(actor, delivery.courseId)
    } catch (err) {
      if (err instanceof NotFoundError) throw new NotFoundError('Delivery', { deliveryId })
      throw err
    }
    return delivery
  }

  /** Creates an announcement to every actively enrolled student of the course and queues it. */
  async announce(actor: Actor, courseRef: number | string, input: { body: string; imagePath?: string | null }): Promise<Delivery> {
    const { id: courseId } = await this.assertCourseAuthor(actor, courseRef)
    const body = input.body.trim()
    const imagePath = input.imagePath?.trim() || null
    if (body.length > MAX_ANNOUNCEMENT_LENGTH)
      throw new ValidationError(`The announcement must be at most ${MAX_ANNOUNCEMENT_LENGTH} characters`, { field: 'body', reason: 'announcementTooLong', max: MAX_ANNOUNCEMENT_LENGTH })
    const visible = plainText(markdownToBlocks(body)).trim()
    if (!visible) throw new ValidationError('The announcement has no text', { field: 'body', reason: 'announcementEmpty' })
    if (imagePath && visible.length > MAX_CAPTION_LENGTH)
      throw new ValidationError(`With an image the text must be at most ${MAX_CAPTION_LENGTH} characters`, { field: 'body', reason: 'captionTooLong', max: MAX_CAPTION_LENGTH })
    if (imagePath && (imagePath.startsWith('/') || imagePath.split('/').includes('..')))
      throw new ValidationError('The image is not a stored upload', { field: 'imagePath', reason: 'imageNotStored' })

    const delivery = await this.deps.deliveries.create({ kind: 'ANNOUNCEMENT', courseId, authorId: actor.id, body, imagePath })
    await this.deps.audit.record({ actorId: actor.id, courseId, action: 'announce', entity: 'Delivery', entityId: delivery.id })
    await this.deps.jobs.enqueue('delivery.fan-out', { deliveryId: delivery.id }, { key: String(delivery.id) })
    await this.progressed(delivery.id, courseId)
    return delivery
  }

  async list(actor: Actor, courseRef: number | string, limit = 50): Promise<Array<Delivery & { counts: DeliveryCounts }>> {
    const course = await this.assertCourseAuthor(actor, courseRef)
    // announcements only: reminders (and drip modules) are deliveries of their own kinds, not the author's
    const rows = await this.deps.deliveries.listForCourse(course.id, Math.min(Math.max(limit, 1), 200), 'ANNOUNCEMENT')
    return Promise.all(rows.map(async (d) => ({ ...d, counts: await this.deps.deliveries.counts(d.id) })))
  }

  async progress(actor: Actor, deliveryId: number): Promise<Delivery & { counts: DeliveryCounts }> {
    const delivery = await this.ownDelivery(actor, deliveryId)
    return { ...delivery, counts: await this.deps.deliveries.counts(deliveryId) }
  }

  /** Stops what has not been sent yet; returns how many recipients will not get it. */
  async cancel(actor: Actor, deliveryId: number): Promise<number> {
    const delivery = await this.ownDelivery(actor, deliveryId)
    const cancelled = await this.deps.deliveries.cancel(deliveryId, this.deps.clock.now())
    await this.deps.audit.record({ actorId: actor.id, courseId: delivery.courseId, action: 'cancel', entity: 'Delivery', entityId: deliveryId, details: { cancelled } })
    await this.progressed(deliveryId, delivery.courseId)
    return cancelled
  }

  /**
   * Lists the recipients (each actively enrolled student's bot accounts of
   * their choice, delivery-platforms.ts; a DRIP delivery: the students its
   * module was released to; accounts known to be unreachable are recorded as
   * such and skipped) and queues one send per pending row. Safe to run again: rows and
   * job ids are keyed by (delivery, recipient). Each platform's sends are
   * spread at its overall rate (the pacer's spacing), so that a slow
   * platform's sends do not fill the worker slots while they wait for the
   * pacer and hold up the others.
   */
  async expand(deliveryId: number): Promise<{ recipients: number; queued: number; spreadMs: number }> {
    const delivery = await this.deps.deliveries.find(deliveryId)
    if (!delivery || delivery.status === 'CANCELLED') return { recipients: 0, queued: 0, spreadMs: 0 }
    let after = 0
    let recipients = 0
    let queued = 0
    const planned: Record<PacedPlatform, number> = { TELEGRAM: 0, DISCORD: 0 }
    for (;;) {
      const batch = await this.deps.deliveries.listAudience(delivery.courseId, after, FAN_OUT_BATCH, delivery.kind === 'DRIP' ? delivery.id : undefined)
      if (!batch.length) break
      after = batch[batch.length - 1]!.userId
      const rows = batch.flatMap((m) =>
        preferredAccounts(m.accounts, m.deliveryPlatforms).map((a) => ({ userId: m.userId, platform: a.platform, chatId: a.externalId, status: a.unreachable ? ('UNREACHABLE' as const) : ('PENDING' as const) })),
      )
      recipients += rows.length
      const pending = await this.deps.deliveries.addRecipients(deliveryId, rows)
      await this.deps.jobs.enqueueMany(
        'delivery.send',
        pending.map(({ id, platform }) => ({ payload: { recipientId: id }, key: `${deliveryId}:${id}`, delayMs: Math.floor(planned[platform]++ * FAN_OUT_PACE * this.deps.pacer.spacingMs(platform)) })),
      )
      queued += pending.length
      if (batch.length < FAN_OUT_BATCH) break
    }
    await this.deps.deliveries.markExpanded(deliveryId, this.deps.clock.now())
    await this.progressed(deliveryId, delivery.courseId)
    // when the last send is due
    const spreadMs = Math.max(...(Object.keys(planned) as PacedPlatform[]).map((p) => Math.max(0, planned[p] - 1) * FAN_OUT_PACE * this.deps.pacer.spacingMs(p)))
    return { recipients, queued, spreadMs: Math.ceil(spreadMs) }
  }

  /** A delivery and its counts, for the worker's logs (no actor: nothing leaves the worker). */
  async report(deliveryId: number): Promise<(Delivery & { counts: DeliveryCounts }) | null> {
    const delivery = await this.deps.deliveries.find(deliveryId)
    return delivery && { ...delivery, counts: await this.deps.deliveries.counts(deliveryId) }
  }

  /**
   * Sends to one recipient, at most once: the row is claimed (with a lease)
   * before the platform is called and marked sent after. A transient failure
   * puts it back (and throws, so the job is retried) unless `lastAttempt`.
   */
  async send(recipientId: number, opts: { messengers: Messengers; lastAttempt: boolean; translator?: Translator; signal?: AbortSignal }): Promise<SendOutcome> {
    const { deliveries, pacer, clock } = this.deps
    const lease = () => new Date(clock.now().getTime() + (this.deps.sendLeaseMs ?? SEND_LEASE_MS))
    const row = await deliveries.claim(recipientId, clock.now(), lease())
    if (!row) return 'skipped' // sent, cancelled, or in flight in another worker
    let plan: MessagePlan | null = null
    for (let limited = 0; ; limited++) {
      try {
        const messenger = messengerFor(opts.messengers, row.platform)
        plan ??= await this.planOf(row, messenger.profile, opts.translator)
        if (!plan) {
          await deliveries.finish(row.id, { status: 'CANCELLED', error: 'no longer due' })
          return 'skipped'
        }
        // one slot per message of the plan (a long text or an image with a long caption is several)
        for (let i = 0; i < Math.max(1, plan.messages.length); i++) await pacer.acquire({ platform: row.platform, chat: row.chatId }, opts.signal ? { signal: opts.signal } : {})
        const receipt = await messenger.send({ platform: row.platform, kind: 'user', chatId: row.chatId, locale: pickLocale(row.locale) }, plan)
        await deliveries.finish(row.id, { status: 'SENT', messageId: receipt.messageIds.join(','), at: clock.now() })
        await this.progressed(row.deliveryId)
        return 'sent'
      } catch (err) {
        if (err instanceof UnreachableError) {
          await deliveries.markUnreachable(row.platform, row.chatId, clock.now())
          await deliveries.finish(row.id, { status: 'UNREACHABLE', error: err.reason })
          await this.progressed(row.deliveryId)
          return 'unreachable'
        }
        if (err instanceof PlatformRateLimitedError && limited < RATE_LIMIT_RETRIES) {
          // every process waits it out, this one included; the row stays ours meanwhile
          await pacer.rateLimited({ platform: err.platform, retryAfterMs: err.retryAfterMs, route: err.route })
          await deliveries.extendLease(row.id, lease())
          continue
        }
        const error = err instanceof Error ? err.message : String(err)
        // stopped before sending (the worker shuts down): the row goes back for another worker
        const stopped = opts.signal?.aborted === true && err === opts.signal.reason
        const failed = opts.lastAttempt && !stopped
        await deliveries.finish(row.id, failed ? { status: 'FAILED', error } : { status: 'PENDING', error })
        if (failed) await this.progressed(row.deliveryId)
        throw err
      }
    }
  }

  /** The recipient's message: the delivery's own body, or its kind's planner's (null: no longer due). */
  private async planOf(row: ClaimedRecipient, profile: FlowView['profile'], translator: Translator | undefined): Promise<MessagePlan | null> {
    const planner = this.deps.planners?.[row.kind]
    if (!planner) return announcementPlan(row.body, row.imagePath, profile)
    if (!translator) throw new Error(`sending a ${row.kind} delivery needs the translations`)
    return planner.planFor(row, { profile, t: translator.forLocale(pickLocale(row.locale)) })
  }

  /** Re-queues rows whose worker died mid-send (their lease ran out). */
  async recoverLeases(limit = 1000): Promise<number> {
    const stale = await this.deps.deliveries.listExpiredLeases(this.deps.clock.now(), limit)
    // a key of its own per attempt: the first job for the row may still be kept as completed
    await this.deps.jobs.enqueueMany(
      'delivery.send',
      stale.map((r) => ({ payload: { recipientId: r.id }, key: `${r.deliveryId}:${r.id}:${r.attempts}` })),
    )
    return stale.length
  }
  /**
   * Re-queues what Redis may have lost (a restart without its data): fan-outs
   * of deliveries still queued and sends of rows pending for STALE_AFTER_MS.
   * A send queued twice is harmless: only one claims the row.
   */
  async recoverLost(limit = 5000): Promise<{ fanOuts: number; sends: number }> {
    const before = new Date(this.deps.clock.now().getTime() - STALE_AFTER_MS)
    const stale = await this.deps.deliveries.listStale(before, limit)
    const bucket = Math.floor(this.deps.clock.now().getTime() / STALE_AFTER_MS)
    await this.deps.jobs.enqueueMany('delivery.fan-out', stale.deliveries.map((deliveryId) => ({ payload: { deliveryId }, key: `${deliveryId}:${bucket}` })))
    await this.deps.jobs.enqueueMany(
      'delivery.send',
      stale.recipients.map((r) => ({ payload: { recipientId: r.id }, key: `${r.deliveryId}:${r.id}:stale${bucket}` })),
    )
    return { fanOuts: stale.deliveries.length, sends: stale.recipients.length }
  }

}
