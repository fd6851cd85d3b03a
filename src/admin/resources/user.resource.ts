// Staff and students, read-only and for admins. Authors never open this
// resource; it lends staff names to the audit trail and course owners. Emails
// are shown to admins only (an author sees their own): everyone else is a name.
// Accounts are created and reset with `bun scripts/cli.ts user create ...`.
import type { CurrentAdmin } from 'adminjs'
import { STAFF_ROLES } from '../../domain/access'
import { noWrites } from '../action-kit'
import { NAV } from '../navigation'
import { adminAction, isAdmin, isStaff, panelUser, staffAction } from '../panel-user'
import type { PanelDeps, ResourceFactory } from './types'

/** Admins see everyone; an author can only resolve staff (for names in lists). */
export const userScope = (currentAdmin: CurrentAdmin | undefined) =>
  isAdmin(currentAdmin) ? {} : isStaff(currentAdmin) ? { role: { in: [...STAFF_ROLES] } } : { id: -1 }

/** The user's display name, as every staff member may see it. */
const nameOf = (row: Record<string, unknown>) => (row.profile as { displayName?: string } | null)?.displayName || `User ${row.id}`

export const userResource: ResourceFactory = (deps: PanelDeps) => ({
  resource: deps.model('User', userScope, {
    secret: ['passwordHash'],
    include: { profile: { select: { displayName: true } } },
    present: (row, params, currentAdmin) => {
      const own = panelUser(currentAdmin)?.id === row.id
      return { ...params, name: nameOf(row), email: isAdmin(currentAdmin) || own ? params.email : null }
    },
    virtualFilters: { name: (value) => ({ profile: { displayName: { contains: value, mode: 'insensitive' } } }) },
  }),
  options: {
    id: 'User',
    navigation: NAV.people,
    titleProperty: 'name',
    sort: { sortBy: 'id', direction: 'asc' },
    listProperties: ['id', 'name', 'email', 'role', 'createdAt'],
    showProperties: ['id', 'name', 'email', 'role', 'createdAt', 'updatedAt'],
    // (no email filter: authors may search staff, and a filter would reveal emails)
    filterProperties: ['name', 'role'],
    properties: {
      name: { type: 'string' as const, isSortable: false },
    },
    actions: {
      list: { isAccessible: adminAction },
      show: { isAccessible: adminAction },
      // authors may look staff up (the audit trail's "actor" filter); the scope limits them to staff
      search: { isAccessible: staffAction },
      ...noWrites(),
    },
  },
})
