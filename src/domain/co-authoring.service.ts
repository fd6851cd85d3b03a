// Live co-authoring: who has a course open (and what they edit), and what a
// co-author just changed, as the people allowed to see the course may see it
// (ids, titles, display names: never emails). Access is AuthoringService's:
// owner, co-authors and admins.
import type { AuthoringService } from './authoring.service'
import type { CourseEntity, CourseEvent, CourseEvents, PresenceEntry, PresenceRegistry } from './course-events'
import { NotFoundError, ValidationError } from './errors'
import type { Clock, CourseRepository, UserRepository } from './ports'
import type { Actor } from './types'

/** An open page refreshes its presence this often; an entry lives three periods. */
export const PRESENCE_REFRESH_MS = 15_000
export const PRESENCE_TTL_MS = 3 * PRESENCE_REFRESH_MS
/** A display name is looked up once per this long (every live event names its author; a rename shows after it). */
export const NAME_CACHE_MS = 60_000
const NAME_CACHE_SIZE = 1000

export interface CoAuthoringDeps {
  courses: CourseRepository
  users: UserRepository
  presence: PresenceRegistry
  courseEvents: CourseEvents
  authoring: Pick<AuthoringService, 'canEdit' | 'editableCourse'>
  clock: Clock
}

export interface EditTarget {
  entity: CourseEntity
  id: number
}

export interface PresentAuthor {
  userId: number
  name: string
  /** What they have open in an edit form (null: the course's pages). */
  editing: (EditTarget & { title: string }) | null
}

/** A change as a browser receives it. */
export interface LiveChange {
  courseId: number
  entity: CourseEntity
  entityId: number | null
  action: string
  version: number | null
  actor: { id: number; name: string } | null
}

const ENTITIES: readonly CourseEntity[] = ['course', 'module', 'content']

/** "module:12" -> { entity: 'module', id: 12 }; anything else is a ValidationError. */
export function parseEditTarget(raw: string): EditTarget {
  const m = /^(course|module|content):([1-9]\d{0,9})$/.exec(raw)
  if (!m || !ENTITIES.includes(m[1] as CourseEntity)) throw new ValidationError('editing must look like module:12', { field: 'editing' })
  return { entity: m[1] as CourseEntity, id: Number(m[2]) }
}

export class CoAuthoringService {
  private readonly names = new Map<number, { name: Promise<string>; at: number }>()

  constructor(private readonly deps: CoAuthoringDeps) {}

  /** The course a target belongs to (NotFound when it does not exist). */
  async courseOf(target: EditTarget): Promise<number> {
    if (target.entity === 'course') return target.id
    if (target.entity === 'module') {
      const module = await this.deps.courses.findModule(target.id)
      if (!module) throw new NotFoundError('Module')
      return module.courseId
    }
    const content = await this.deps.courses.findContent(target.id)
    const module = content && (await this.deps.courses.findModule(content.moduleId))
    if (!module) throw new NotFoundError('Content')
    return module.courseId
  }

  /** Throws NotFound/Forbidden unless the actor may follow the course live. */
  async open(actor: Actor, courseId: number): Promise<{ id: number; title: string }> {
    const course = await this.deps.authoring.editableCourse(actor, courseId)
    return { id: course.id, title: course.title }
  }

  canSee(actor: Actor, courseId: number): Promise<boolean> {
    return this.deps.authoring.canEdit(actor, courseId)
  }

  /** Records an open page (call again every PRESENCE_REFRESH_MS); announces a change of who is there. */
  async here(courseId: number, entry: PresenceEntry): Promise<void> {
    if (await this.deps.presence.touch(courseId, entry, PRESENCE_TTL_MS)) await this.announce(courseId, entry.userId)
  }

  async left(courseId: number, userId: number, tab: string): Promise<void> {
    if (await this.deps.presence.leave(courseId, userId, tab)) await this.announce(courseId, userId)
  }

  /** Who has the course open: one line per person and record (several tabs on the same thing count once). */
  async whoIsHere(courseId: number): Promise<PresentAuthor[]> {
    const entries = await this.deps.presence.list(courseId)
    const seen = new Map<string, PresentAuthor>()
    for (const e of entries) {
      const key = `${e.userId}|${e.editing ? `${e.editing.entity}:${e.editing.id}` : ''}`
      if (seen.has(key)) continue
      seen.set(key, { userId: e.userId, name: await this.nameOf(e.userId), editing: e.editing && { ...e.editing, title: await this.titleOf(e.editing) } })
    }
    // a person on an edit form is not listed again as merely looking at the course
    const editing = new Set([...seen.values()].filter((p) => p.editing).map((p) => p.userId))
    return [...seen.values()].filter((p) => p.editing || !editing.has(p.userId)).sort((a, b) => a.name.localeCompare(b.name) || a.userId - b.userId)
  }

  /** A change event as the panel shows it (the actor's display name resolved). */
  async describe(event: CourseEvent): Promise<LiveChange | null> {
    if (event.entity === 'presence' || event.entity === 'delivery') return null
    const { courseId, entity, entityId, action, version, actorId } = event
    return { courseId, entity, entityId, action, version, actor: actorId === null ? null : { id: actorId, name: await this.nameOf(actorId) } }
  }

  /** Resolves, once events flow, to the unsubscribe function. */
  subscribe(listener: (event: CourseEvent) => void): Promise<() => void> {
    return this.deps.courseEvents.subscribe(listener)
  }

  private announce(courseId: number, actorId: number) {
    return this.deps.courseEvents.publish({ courseId, entity: 'presence', entityId: null, action: 'presence', actorId, version: null })
  }

  /** A display name, never an email (looked up at most once per NAME_CACHE_MS). */
  private nameOf(userId: number): Promise<string> {
    const now = this.deps.clock.now().getTime()
    const cached = this.names.get(userId)
    if (cached && now - cached.at < NAME_CACHE_MS) return cached.name
    if (this.names.size >= NAME_CACHE_SIZE) this.names.clear()
    const name = this.deps.users.findById(userId).then((user) => user?.profile?.displayName?.trim() || `Author #${userId}`)
    this.names.set(userId, { name, at: now })
    name.catch(() => this.names.delete(userId))
    return name
  }

  private async titleOf(target: EditTarget): Promise<string> {
    const found =
      target.entity === 'course'
        ? await this.deps.courses.findCourseById(target.id)
        : target.entity === 'module'
          ? await this.deps.courses.findModule(target.id)
          : await this.deps.courses.findContent(target.id)
    return found?.title ?? ''
  }
}
