// Live co-authoring ports: what happened to a course (published after each
// committed change) and who has it open (presence). src/infra implements
// both on Redis; the panel relays them to browsers.

/**
 * What a change touched. Presence changes travel on the same channel, and so
 * does a delivery's progress (entity 'delivery', entityId the delivery: a
 * recipient was sent, found unreachable or failed; it was listed or cancelled).
 */
export type CourseEntity = 'course' | 'module' | 'content'

export interface CourseEvent {
  courseId: number
  entity: CourseEntity | 'presence' | 'delivery'
  /** The changed record; null for a reorder (many records) or a presence change. */
  entityId: number | null
  /** The audit action: create, update, delete, reorder, publish, ...; 'presence' for presence. */
  action: string
  actorId: number | null
  /** The course version after the change (null: presence, or a deleted course). */
  version: number | null
}

export interface CourseEvents {
  /** Best effort: the change is committed already, so a failure is logged, never thrown. */
  publish(event: CourseEvent): Promise<void>
  /**
   * Every course's events, from every process. Resolves, once the subscription
   * is active, to the unsubscribe function.
   */
  subscribe(listener: (event: CourseEvent) => void): Promise<() => void>
}

/** An open panel page of a course: who (and which browser tab), and the record it edits. */
export interface PresenceEntry {
  userId: number
  tab: string
  editing: { entity: CourseEntity; id: number } | null
}

export interface PresenceRegistry {
  /**
   * Records (or refreshes) an entry for `ttlMs` and drops expired ones; true
   * when who is present, or what they edit, changed.
   */
  touch(courseId: number, entry: PresenceEntry, ttlMs: number): Promise<boolean>
  /** True when the entry was there. */
  leave(courseId: number, userId: number, tab: string): Promise<boolean>
  /** The live entries (expired ones left out). */
  list(courseId: number): Promise<PresenceEntry[]>
}

export const noCourseEvents: CourseEvents = {
  publish: async () => {},
  subscribe: async () => () => {},
}
