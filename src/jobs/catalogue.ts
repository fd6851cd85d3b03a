// Every background job, declared once: name, payload schema, handler (which
// calls the domain), options and schedule. The worker, the producers' payload
// types (the domain's JobPayloads) and the schedules all derive from here.
import type { JobsOptions } from 'bullmq'
import * as v from 'valibot'
import type { JobName } from '../domain/jobs'
import { type ChatAdapter, PermanentDeliveryError } from '../bridge/ports'
import type { RoomBinding } from '../domain/rooms.types'
import { messengerFor, UnreachableError } from '../domain/messenger'
import { translator } from '../i18n/translator'
import { DEFAULT_JOB_OPTIONS } from '../infra/job-queue'
import { type AnyJobDefinition, defineJob, type JobContext } from './define'

const HOUR = 3600_000
/** A delivery's counts are logged this long after its last send is due, then every REPORT_EVERY_MS until nothing is pending. */
const REPORT_AFTER_MS = 10_000
const REPORT_EVERY_MS = 30_000
/** Progress reports of one delivery before the worker stops logging it (an hour). */
const REPORT_ROUNDS = 120

export const catalogue = {
  'maintenance.purge-link-codes': defineJob({
    payload: v.object({}),
    schedule: { everyMs: HOUR },
    options: { attempts: 3 },
    async handler(_payload, { app, log }) {
      const deleted = await app.domain.accounts.purgeLinkCodes()
      log.info({ deleted }, 'purged spent link codes')
      return { deleted }
    },
  }),

  /** Sends one lesson to a student's private chat on a platform (no incoming update). */
  'lesson.send': defineJob({
    payload: v.object({ userId: v.pipe(v.number(), v.integer()), contentId: v.pipe(v.number(), v.integer()), platform: v.picklist(['TELEGRAM', 'DISCORD']) }),
    async handler({ userId, contentId, platform }, { app, log, messengers, signal }) {
      const messenger = messengerFor(messengers, platform)
      const reach = await app.domain.reach.recipient(userId, platform)
      if (!reach) {
        log.info({ userId, platform }, 'no account on that platform; lesson not sent')
        return { sent: false, reason: 'no_account' }
      }
      const { user, recipient } = reach
      const view = { profile: messenger.profile, t: translator().forLocale(recipient.locale) }
      const step = await app.domain.flow.open({ id: user.id, role: user.role }, contentId, view, { pushed: true })
      try {
        await app.ports.pacer.acquire({ platform, chat: recipient.chatId }, { signal })
        const receipt = await messenger.send(recipient, step.plan)
        log.info({ userId, contentId, platform, messages: receipt.messageIds.length }, 'lesson sent')
        return { sent: true, messageIds: receipt.messageIds }
      } catch (err) {
        // blocked the bot / DMs closed: retrying will not help
        if (!(err instanceof UnreachableError)) throw err
        await app.ports.deliveries.markUnreachable(platform, recipient.chatId, app.ports.clock.now())
        log.info({ userId, platform, reason: err.reason }, 'student unreachable; lesson not sent')
        return { sent: false, reason: err.reason }
      }
    },
  }),

  /** Lists a delivery's recipients and queues one send each (idempotent). */
  'delivery.fan-out': defineJob({
    payload: v.object({ deliveryId: v.pipe(v.number(), v.integer()) }),
    async handler({ deliveryId }, { app, log }) {
      const result = await app.domain.delivery.expand(deliveryId)
      log.info({ deliveryId, ...result }, 'delivery recipients listed')
      if (result.queued) await app.ports.jobs.enqueue('delivery.report', { deliveryId, round: 0 }, { key: `${deliveryId}:0`, delayMs: result.spreadMs + REPORT_AFTER_MS })
      return result
    },
  }),

  /** Logs a delivery's counts once its sends are due, again until nothing is pending: `delivery finished` with the final counts. */
  'delivery.report': defineJob({
    payload: v.object({ deliveryId: v.pipe(v.number(), v.integer()), round: v.pipe(v.number(), v.integer(), v.minValue(0)) }),
    async handler({ deliveryId, round }, { app, log }) {
      const delivery = await app.domain.delivery.report(deliveryId)
      if (!delivery) return { reported: false }
      const fields = { deliveryId, kind: delivery.kind, course: delivery.courseId, status: delivery.status, ...delivery.counts }
      if (delivery.status === 'CANCELLED' || delivery.counts.pending === 0) {
        log.info(fields, 'delivery finished')
        return delivery.counts
      }
      if (round + 1 >= REPORT_ROUNDS) {
        log.warn(fields, 'delivery still has pending recipients; no longer reported')
        return delivery.counts
      }
      log.info(fields, 'delivery in progress')
      await app.ports.jobs.enqueue('delivery.report', { deliveryId, round: round + 1 }, { key: `${deliveryId}:${round + 1}`, delayMs: REPORT_EVERY_MS })
      return delivery.counts
    },
  }),

  /** One recipient of one delivery, once (the ledger row is claimed first). */
  'delivery.send': defineJob({
    payload: v.object({ recipientId: v.pipe(v.number(), v.integer()) }),
    options: { attempts: 6, backoffMs: 2000, keepCompleted: 5000 },
    async handler({ recipientId }, { app, log, job, messengers, signal }) {
      const outcome = await app.domain.delivery.send(recipientId, { messengers, lastAttempt: job.lastAttempt, translator: translator(), signal })
      log.debug({ recipientId, outcome }, 'delivery send')
      return outcome
    },
  }),

  /** Scheduled modules that opened for students since the last run: recorded once each and sent as DRIP deliveries. */
  'drip.release': defineJob({
    payload: v.object({}),
    schedule: { everyMs: 60_000 },
    async handler(_payload, { app, log }) {
      const result = await app.domain.drip.releaseDue()
      if (result.released) log.info(result, 'drip modules released')
      return result
    },
  }),

  /** A student left a course: out of its chat groups (Telegram), unless they are in the room again (re-enrolled, or an author). */
  'rooms.left-course': defineJob({
    payload: v.object({ userId: v.pipe(v.number(), v.integer()), courseId: v.pipe(v.number(), v.integer()) }),
    options: { attempts: 5, backoffMs: 5000 },
    async handler({ userId, courseId }, { app, log, chatAdapters }) {
      const user = await app.ports.users.findById(userId)
      if (!user) return { removed: 0, reason: 'no_user' }
      const { rooms } = app.domain
      const room = await rooms.roomOfCourse(courseId)
      if (await rooms.isMember({ id: user.id, role: user.role }, room.id)) return { removed: 0, reason: 'still_member' }
      const removed = await inMemberChats({ app, log, chatAdapters }, room.id, userId, (a) => a.removeMember, 'remove a former student from')
      log.info({ userId, courseId, removed }, 'former student removed from the course chats')
      return { removed }
    },
  }),

  /** A member was muted or unmuted in a room (any side): restricted in the room's bound chats while muted (Telegram groups), free again after. */
  'rooms.mute-sync': defineJob({
    payload: v.object({ roomId: v.pipe(v.number(), v.integer()), userId: v.pipe(v.number(), v.integer()) }),
    options: { attempts: 5, backoffMs: 5000 },
    async handler({ roomId, userId }, { app, log, chatAdapters }) {
      // the mute as it stands now: a mute and an unmute in a row end as the last one
      const muted = await app.domain.rooms.isMuted(roomId, userId)
      const chats = await inMemberChats({ app, log, chatAdapters }, roomId, userId, (a) => (muted ? a.restrictMember : a.unrestrictMember), muted ? 'restrict a muted member in' : 'lift the restriction of an unmuted member in')
      log.info({ roomId, userId, muted, chats }, muted ? 'muted member restricted in the room chats' : 'unmuted member free in the room chats')
      return { muted, chats }
    },
  }),

  /** Students inactive in a course for its reminder period get a reminder (one REMINDER delivery per course), at most once per period. */
  'reminders.run': defineJob({
    payload: v.object({}),
    schedule: { everyMs: HOUR },
    async handler(_payload, { app, log }) {
      const run = await app.domain.reminders.run()
      if (run.deliveries) log.info(run, 'reminders recorded and queued')
      return run
    },
  }),

  /** Sends whose worker died (kill -9) go again once their lease ran out; work Redis lost is queued again. */
  'delivery.recover-leases': defineJob({
    payload: v.object({}),
    schedule: { everyMs: 60_000 },
    async handler(_payload, { app, log }) {
      const requeued = await app.domain.delivery.recoverLeases()
      if (requeued) log.warn({ requeued }, 'sends left by a stopped worker queued again')
      const lost = await app.domain.delivery.recoverLost()
      if (lost.fanOuts || lost.sends) log.warn(lost, 'delivery work untouched for a long time queued again')
      return { requeued, ...lost }
    },
  }),

  /** A student's enrolment changed (any platform, the API): their Discord course roles follow it. */
  'course-roles.sync': defineJob({
    payload: v.object({ userId: v.pipe(v.number(), v.integer()), courseId: v.pipe(v.number(), v.integer()) }),
    options: { attempts: 8, backoffMs: 2000 },
    async handler({ userId, courseId }, { app, log, courseRoles }) {
      if (!courseRoles) return { skipped: 'discord not configured' }
      const outcome = await app.domain.courseRoles.sync(userId, courseId, courseRoles)
      log.debug({ userId, courseId, outcome }, 'course roles synced')
      return { outcome }
    },
  }),

  /** A course newly bound to a Discord role: the students it already has get it. */
  'course-roles.backfill': defineJob({
    payload: v.object({ courseId: v.pipe(v.number(), v.integer()), guildId: v.pipe(v.string(), v.regex(/^\d{15,22}$/)) }),
    options: { attempts: 8, backoffMs: 2000 },
    async handler({ courseId, guildId }, { app, log, courseRoles }) {
      if (!courseRoles) return { skipped: 'discord not configured' }
      const result = await app.domain.courseRoles.backfill(courseId, guildId, courseRoles)
      log.info({ courseId, guildId, ...result }, 'course role given to the existing students')
      return result
    },
  }),
}

export type Catalogue = typeof catalogue

/** Payload types as producers write them (schema input). */
export type CataloguePayloads = { [N in keyof Catalogue]: v.InferInput<Catalogue[N]['payload']> }

declare module '../domain/jobs' {
  // the domain's JobQueue port is typed by this catalogue
  interface JobPayloads extends CataloguePayloads {}
}

export const JOB_NAMES = Object.keys(catalogue) as JobName[]

/** The catalogue as the worker reads it (name -> declaration). */
export const definitions: Record<string, AnyJobDefinition> = catalogue

/** BullMQ options of one job: the catalogue's, over the queue's defaults. */
export function jobOptionsFor(name: JobName): JobsOptions {
  const o = definitions[name]?.options ?? {}
  return {
    ...DEFAULT_JOB_OPTIONS,
    ...(o.attempts ? { attempts: o.attempts } : {}),
    ...(o.backoffMs ? { backoff: { type: 'exponential', delay: o.backoffMs } } : {}),
    ...(o.keepCompleted ? { removeOnComplete: { count: o.keepCompleted, age: 24 * 3600 } } : {}),
  }
}

/** Start-up check: every declared job has a payload schema and a handler. */
export function assertAllHandled(declared: Record<string, Partial<AnyJobDefinition>>): void {
  const missing = Object.entries(declared).filter(([, d]) => typeof d?.handler !== 'function' || !d.payload).map(([n]) => n)
  if (missing.length) throw new Error(`no handler for job(s): ${missing.join(', ')}`)
}

type MemberOp = (binding: RoomBinding, platformUserId: string) => Promise<void>

/**
 * Calls the adapter's member operation in each chat bound to the room where the
 * user has an account on its platform; a refusal for good (the bot lost its
 * rights there) is logged and skipped. Returns the chats done.
 */
async function inMemberChats(
  { app, log, chatAdapters }: Pick<JobContext, 'app' | 'log' | 'chatAdapters'>,
  roomId: number,
  userId: number,
  pick: (adapter: ChatAdapter) => MemberOp | undefined,
  what: string,
): Promise<number> {
  const accounts = await app.ports.users.listAccounts(userId)
  let done = 0
  for (const binding of await app.domain.rooms.bindings(roomId)) {
    const adapter = chatAdapters.find((a) => a.platform === binding.platform)
    const op = adapter && pick(adapter)
    const account = accounts.find((a) => a.platform === binding.platform)
    if (!op || !account) continue
    try {
      await op.call(adapter, binding, account.externalId)
      done++
    } catch (err) {
      // retrying cannot help
      if (!(err instanceof PermanentDeliveryError)) throw err
      log.warn({ platform: binding.platform, chatId: binding.chatId, reason: err.message }, `could not ${what} the course chat`)
    }
  }
  return done
}
