// Staff and students, read-only and for admins. Authors never open this
// resource; it lends staff emails to the audit trail and course owners.
// Accounts are created and reset with `bun scripts/cli.ts user create ...`.
import type { CurrentAdmin } from 'adminjs'
import { noWrites } from '../action-kit'
import { NAV } from '../navigation'
import { adminAction, isAdmin, isStaff, staffAction } from '../panel-user'
import type { PanelDeps, ResourceFactory } from './types'

/** Admins see everyone; an author can only resolve staff (for names in lists). */
export const userScope = (currentAdmin: CurrentAdmin | undefined) =>
  isAdmin(currentAdmin) ? {} : isStaff(currentAdmin) ? { role: { in: ['AUTHOR', 'ADMIN'] } } : { id: -1 }

export const userResource: ResourceFactory = (deps: PanelDeps) => ({
  resource: deps.model('User', userScope, ['passwordHash']),
  options: {
    id: 'User',
    navigation: NAV.people,
    titleProperty: 'email',
    sort: { sortBy: 'id', direction: 'asc' },
    listProperties: ['id', 'email', 'role', 'createdAt'],
    showProperties: ['id', 'email', 'role', 'createdAt', 'updatedAt'],
    filterProperties: ['email', 'role'],
    actions: {
      list: { isAccessible: adminAction },
      show: { isAccessible: adminAction },
      // authors may look staff up (the audit trail's "actor" filter); the scope limits them to staff
      search: { isAccessible: staffAction },
      ...noWrites(),
    },
  },
})
