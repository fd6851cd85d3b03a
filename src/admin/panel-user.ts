// Who is signed in to the panel. AdminJS keeps this object in the session as
// `currentAdmin` and hands it to every action; it is also sent to the browser,
// so it holds nothing secret.
import type { CurrentAdmin } from 'adminjs'
import type { Actor } from '../domain'
import { isStaffRole } from '../domain/access'

export interface PanelUser {
  id: number
  email: string
  role: 'AUTHOR' | 'ADMIN'
  /** Display name shown in the top bar. */
  title: string
  /** The panel's language: the profile's locale (refreshed on every request). */
  locale?: 'ru' | 'en'
}

/** What AdminJS hands around as `currentAdmin` (its type says string ids; ours are numbers). */
type AnyAdmin = CurrentAdmin | PanelUser | null | undefined

export function panelUser(currentAdmin: AnyAdmin): PanelUser | null {
  if (!currentAdmin) return null
  const u = currentAdmin as Partial<PanelUser>
  if (typeof u.id !== 'number' || !isStaffRole(u.role)) return null
  return u as PanelUser
}

export const isAdmin = (currentAdmin: AnyAdmin): boolean => panelUser(currentAdmin)?.role === 'ADMIN'

export const isStaff = (currentAdmin: AnyAdmin): boolean => panelUser(currentAdmin) !== null

/** The domain actor for the signed-in user. Throws when nobody is (the router never lets that happen). */
export function actorOf(currentAdmin: AnyAdmin): Actor {
  const u = panelUser(currentAdmin)
  if (!u) throw new Error('no signed-in panel user')
  return { id: u.id, role: u.role }
}

/**
 * Prisma `where` for the courses a panel user may see: the rule of
 * domain/access.ts (mayEditCourse) expressed as a query, so lists can be filtered.
 */
export function courseScope(currentAdmin: AnyAdmin): Record<string, unknown> {
  const u = panelUser(currentAdmin)
  if (!u) return { id: -1 }
  if (u.role === 'ADMIN') return {}
  return { OR: [{ ownerId: u.id }, { coAuthors: { some: { userId: u.id } } }] }
}

/** For AdminJS `isAccessible`: any signed-in author or admin. */
export const staffAction = (context: { currentAdmin?: AnyAdmin }): boolean => isStaff(context.currentAdmin)

/** For AdminJS `isAccessible`: admins only. */
export const adminAction = (context: { currentAdmin?: AnyAdmin }): boolean => isAdmin(context.currentAdmin)
