// The audit trail (who changed what, when), read-only. Authors see the entries
// of their own courses; admins see everything, including subject changes.
import type { CurrentAdmin } from 'adminjs'
import { noWrites, staffReads } from '../action-kit'
import { NAV } from '../navigation'
import { courseScope, isAdmin } from '../panel-user'
import type { PanelDeps, ResourceFactory } from './types'

export const auditScope = (currentAdmin: CurrentAdmin | undefined) => (isAdmin(currentAdmin) ? {} : { course: courseScope(currentAdmin) })

export const auditResource: ResourceFactory = (deps: PanelDeps) => ({
  resource: deps.model('AuditEntry', auditScope),
  options: {
    id: 'AuditEntry',
    navigation: NAV.activity,
    titleProperty: 'action',
    sort: { sortBy: 'at', direction: 'desc' },
    listProperties: ['at', 'actor', 'course', 'action', 'entity', 'entityId'],
    showProperties: ['id', 'at', 'actor', 'course', 'action', 'entity', 'entityId', 'details'],
    filterProperties: ['course', 'actor', 'action', 'entity', 'at'],
    properties: {
      details: { components: { show: deps.components.JsonShow } },
    },
    actions: { ...staffReads(), ...noWrites() },
  },
})
