// Who may see and change what: the one place these rules are written. Used by
// the domain services, the API, the bots and the author panel.
import { ForbiddenError } from './errors'
import type { Actor, Role } from './types'

/** The roles that sign in to the author panel and author courses. */
export const STAFF_ROLES: readonly Role[] = ['AUTHOR', 'ADMIN']

export const isStaffRole = (role: string | null | undefined): role is 'AUTHOR' | 'ADMIN' => role === 'AUTHOR' || role === 'ADMIN'

export const isAdmin = (actor: Pick<Actor, 'role'>): boolean => actor.role === 'ADMIN'

/** Throws unless the actor is an author or an admin. */
export function requireStaff(actor: Pick<Actor, 'role'>, message = 'Only authors and admins can do this'): void {
  if (!isStaffRole(actor.role)) throw new ForbiddenError(message)
}

/** Whether the actor may edit a course (and see it unpublished): an admin, or one of its authors. */
export function mayEditCourse(actor: Actor, course: { ownerId: number; coAuthorIds: readonly number[] }): boolean {
  return isAdmin(actor) || (actor.role === 'AUTHOR' && (course.ownerId === actor.id || course.coAuthorIds.includes(actor.id)))
}

/** The same rule when the authorship is asked of the database (`isAuthor`). */
export async function mayEditCourseById(actor: Actor, isAuthor: () => Promise<boolean>): Promise<boolean> {
  return isAdmin(actor) || (actor.role === 'AUTHOR' && (await isAuthor()))
}
