// Live co-authoring for the panel's browsers: a Server-Sent Events stream per
// open page. `GET /admin/live/stream?course=7` (or `?editing=module:12`, whose
// course is looked up) follows one course: who else has it open and what its
// co-authors change; the connection itself is the page's presence, refreshed
// every 15 s while it stays open; it also carries `delivery` events (an
// announcement's counts changed) of that course. `GET /admin/live/stream` follows every course
// the user may see (lists, dashboard), without presence. Events come from every
// admin process over Redis (domain.coAuthoring). EventSource reconnects by itself.
import { randomUUID } from 'node:crypto'
import { type Request, type Response, Router } from 'express'
import type { AppContext } from '../../context'
import { type Actor, type CourseEvent, DomainError, type EditTarget, ValidationError } from '../../domain'
import { PRESENCE_REFRESH_MS, parseEditTarget } from '../../domain/co-authoring.service'
import { actorOf, panelUser } from '../panel-user'

type LiveDeps = Pick<AppContext, 'domain' | 'logger'>

const STATUS: Partial<Record<DomainError['code'], number>> = { not_found: 404, forbidden: 403, invalid: 400 }

interface Scope {
  /** null: every course the user may see (no presence). */
  courseId: number | null
  editing: EditTarget | null
  tab: string
}

/** Reads ?course / ?editing / ?tab; throws a ValidationError on anything malformed. */
async function scopeOf(deps: LiveDeps, req: Request): Promise<Scope> {
  const q = req.query
  const one = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? undefined : '\0')
  const [course, editing, tab] = [one(q.course), one(q.editing), one(q.tab)]
  const target = editing === undefined ? null : parseEditTarget(editing)
  let courseId: number | null = null
  if (target) courseId = await deps.domain.coAuthoring.courseOf(target)
  else if (course !== undefined) {
    if (!/^[1-9]\d{0,9}$/.test(course)) throw new ValidationError('course must be a course id', { field: 'course' })
    courseId = Number(course)
  }
  return { courseId, editing: target, tab: tab && /^[\w-]{1,40}$/.test(tab) ? tab : randomUUID() }
}

export interface LiveStreams {
  router: Router
  /** Ends every open stream (shutdown). */
  close(): void
}

export function liveStreams(deps: LiveDeps): LiveStreams {
  const log = deps.logger.child({ role: 'admin', component: 'live' })
  const live = deps.domain.coAuthoring
  const open = new Set<Response>()
  const router = Router()

  router.get('/stream', async (req: Request, res: Response) => {
    const user = panelUser(req.session?.adminUser)
    if (!user) return res.status(401).json({ error: 'unauthenticated', message: 'Sign in to the panel first.' })
    const actor: Actor = actorOf(user)
    let scope: Scope
    try {
      scope = await scopeOf(deps, req)
      if (scope.courseId !== null) await live.open(actor, scope.courseId)
    } catch (err) {
      const status = err instanceof DomainError ? STATUS[err.code] : undefined
      if (!status) throw err
      return res.status(status).json({ error: (err as DomainError).code, message: (err as DomainError).message })
    }
    await streamTo(res, actor, scope)
  })

  async function streamTo(res: Response, actor: Actor, scope: Scope) {
    const { courseId, tab } = scope
    const slog = log.child({ userId: actor.id, courseId, tab })
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no', // nginx: pass events through at once
    })
    res.flushHeaders()
    open.add(res)
    let closed = false
    // events are written in the order they arrived, even though describing one is async
    let queue: Promise<unknown> = Promise.resolve()
    // (ended: by shutdown or a revocation, before the 'close' event comes)
    const writable = () => !closed && !res.writableEnded
    const send = (event: string, data: unknown) => {
      if (writable()) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
    }
    const later = (work: () => Promise<void>) => {
      queue = queue.then(work).catch((err: unknown) => slog.warn({ err }, 'live event not delivered'))
    }
    const end = () => {
      if (!closed) res.end()
    }
    const presence = () => later(async () => send('presence', { courseId, present: await live.whoIsHere(courseId!) }))
    const stillAllowed = async () => {
      if (await live.canSee(actor, courseId!)) return true
      send('revoked', { courseId })
      end()
      return false
    }

    // who may see which course, asked once per course for this stream; asked again after its co-authors change
    const access = new Map<number, Promise<boolean>>()
    const maySee = (id: number) => {
      let answer = access.get(id)
      if (!answer) {
        answer = live.canSee(actor, id)
        access.set(id, answer)
        answer.catch(() => access.delete(id))
      }
      return answer
    }

    const entry = { userId: actor.id, tab, editing: scope.editing }
    let unsubscribe = () => {}
    let refresh: ReturnType<typeof setInterval> | undefined
    res.on('close', () => {
      closed = true
      open.delete(res)
      clearInterval(refresh)
      unsubscribe()
      if (courseId !== null) later(() => live.left(courseId, actor.id, tab))
      slog.debug('live stream closed')
    })

    // (subscribed before "hello": whatever happens after the page hears it reaches the page)
    const off = await live.subscribe((event: CourseEvent) => {
      if (courseId !== null && event.courseId !== courseId) return
      if (event.entity === 'presence') {
        if (courseId !== null) presence()
        return
      }
      // a delivery's progress: only pages of that course follow it (they fetch the counts themselves)
      if (event.entity === 'delivery') {
        if (courseId !== null) later(async () => send('delivery', { courseId, deliveryId: event.entityId }))
        return
      }
      if (event.action === 'set-co-authors' || (event.entity === 'course' && event.action === 'delete')) access.delete(event.courseId)
      later(async () => {
        // every course the user may see (its co-author list changes: see above)
        if (courseId === null && !(await maySee(event.courseId))) return
        if (courseId !== null && event.action === 'set-co-authors' && !(await stillAllowed())) return
        send('change', await live.describe(event))
        if (event.entity === 'course' && event.action === 'delete') end()
      })
    })
    if (closed) return off()
    unsubscribe = off

    res.write('retry: 3000\n\n')
    send('hello', { you: actor.id, courseId, editing: scope.editing })
    if (courseId !== null)
      later(async () => {
        await live.here(courseId, entry)
        presence()
      })
    refresh = setInterval(() => {
      if (writable()) res.write(': still here\n\n')
      if (courseId !== null)
        later(async () => {
          if (await stillAllowed()) await live.here(courseId, entry)
        })
    }, PRESENCE_REFRESH_MS)
    slog.debug('live stream opened')
  }

  return {
    router,
    close() {
      for (const res of open) res.end()
    },
  }
}
