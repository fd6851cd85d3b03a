// Panel addresses and query strings are checked before AdminJS sees them: an
// unknown resource or action, an action of the wrong kind for its route, one the
// user may not run, a page or page size that is no positive number, or a filter
// on something the list does not offer gets a 4xx with a plain message, instead
// of reaching AdminJS or Prisma (where it ended as a 500).
import type AdminJS from 'adminjs'
import type { CurrentAdmin } from 'adminjs'
import { sayTo } from './locales'
import type { NextFunction, Request, Response } from 'express'

/** A query the panel cannot answer (HTTP 400); thrown here and by the resources' filters. */
export class BadQueryError extends Error {
  readonly status = 400
}

const ROUTE = /^\/(api\/)?resources\/([^/]+)(?:\/(actions|bulk)\/([^/]+)(?:\/.*)?|\/records\/[^/]+\/([^/]+))?\/?$/
const MAX_PAGE = 100_000
const MAX_PER_PAGE = 500

type Decorated = ReturnType<ReturnType<AdminJS['findResource']>['decorate']>

function findDecorated(admin: AdminJS, id: string): Decorated | null {
  try {
    return admin.findResource(decodeURIComponent(id)).decorate()
  } catch {
    return null
  }
}

const positive = (raw: unknown, max: number) => typeof raw === 'string' && /^\d{1,9}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= max

/** The reason a query is refused, or null when it is fine. */
function queryProblem(decorated: Decorated, query: Record<string, unknown>): string | null {
  if (query.page !== undefined && !positive(query.page, MAX_PAGE)) return `page must be a whole number from 1 to ${MAX_PAGE}`
  if (query.perPage !== undefined && !positive(query.perPage, MAX_PER_PAGE)) return `perPage must be a whole number from 1 to ${MAX_PER_PAGE}`
  if (query.direction !== undefined && query.direction !== 'asc' && query.direction !== 'desc') return 'direction must be asc or desc'
  // a search looks in the records' titles only (another column would make it an oracle, e.g. on staff emails)
  if (query.searchProperty !== undefined && query.searchProperty !== decorated.titleProperty().name()) return 'a search looks in titles only'
  const filterable = new Set(decorated.getProperties({ where: 'filter' }).map((p) => p.propertyPath))
  for (const key of Object.keys(query)) {
    if (!key.startsWith('filters.')) continue
    const [path, bound, ...rest] = key.slice('filters.'.length).split('~~')
    if (!filterable.has(path!) || rest.length || (bound !== undefined && bound !== 'from' && bound !== 'to')) return `this list cannot be filtered by "${path}"`
  }
  return null
}

export function checkPanelQuery(admin: AdminJS) {
  return (req: Request, res: Response, next: NextFunction) => {
    const m = ROUTE.exec(req.path)
    // (signed out: AdminJS sends the browser to the sign-in page)
    if (!m || !req.session?.adminUser) return next()
    const [, api, resourceId, group, groupAction, recordAction] = m
    const refuse = (status: number, message: string) =>
      api ? res.status(status).json({ notice: { type: 'error', message } }) : res.status(status).type('text/plain').send(message)
    const say = sayTo(req.session.adminUser)
    const decorated = findDecorated(admin, resourceId!)
    if (!decorated) return refuse(404, say('messages.error404Resource'))
    const name = groupAction ?? recordAction
    if (name !== undefined) {
      const action = Object.hasOwn(decorated.actions, name) ? decorated.actions[name] : undefined
      const ofRoute = group === 'actions' ? action?.isResourceType() : group === 'bulk' ? action?.isBulkType() : action?.isRecordType()
      if (!action || !ofRoute) return refuse(404, say('messages.error404Action'))
      if (!action.isAccessible(req.session?.adminUser as CurrentAdmin | undefined)) return refuse(403, say('messages.forbiddenError'))
    }
    const problem = queryProblem(decorated, req.query as Record<string, unknown>)
    if (problem) return refuse(400, say('messages.badAddress', { problem }))
    next()
  }
}
