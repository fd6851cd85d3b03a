// Actions of the panel's per-course pages (announcements, chat room): the
// record is a course, found without the row scope, and every path asks the
// domain first, so another author gets the domain's refusal (403/404) and
// nothing of the course. A page's data comes with GET; a change is a POST only
// (a GET of a change's address changes nothing and answers 405).
import type { ActionContext, ActionRequest, ActionResponse, ResourceOptions, ResourceWithOptions } from 'adminjs'
import { ValidationError } from '../../domain'
import type { Logger } from '../../infra/logger'
import { failure, noWrites, recordJson, setRefusalStatus, staffReads, text } from '../action-kit'
import { sayTo } from '../locales'
import { NAV } from '../navigation'
import { courseScope, staffAction } from '../panel-user'
import type { PanelDeps } from './types'

export interface CoursePageCall {
  request: ActionRequest
  context: ActionContext
  courseId: number
  payload: Record<string, unknown>
}

/** The page's data, as the domain gives it to this user (a refusal is thrown). */
export type CoursePageLoad = (call: CoursePageCall) => Promise<Record<string, unknown>>

export interface CoursePageData {
  /** Throws the domain's refusal when the user may not use the page (asked before any input is read). */
  check(call: CoursePageCall): Promise<unknown>
  load: CoursePageLoad
}

async function answer(log: Logger, response: unknown, call: CoursePageCall, run: () => Promise<Record<string, unknown>>): Promise<ActionResponse> {
  try {
    return { record: recordJson(call.context), ...(await run()) } as ActionResponse
  } catch (err) {
    setRefusalStatus(response, err)
    // the domain checks access before the input: only a validation error comes from someone who may see the course
    const seen = err instanceof ValidationError ? call.context : ({ ...call.context, record: undefined } as ActionContext)
    return failure(seen, err, { log })
  }
}

const callOf = (request: ActionRequest, context: ActionContext): CoursePageCall => ({
  request,
  context,
  courseId: Number(context.record!.id()),
  payload: request.payload ?? {},
})

/** The page itself (the resource's `show`): GET answers `load`. */
export function coursePage(log: Logger, component: string, page: CoursePageData) {
  return {
    actionType: 'record' as const,
    component,
    showInDrawer: false,
    // (the component titles the page with the course)
    hideActionHeader: true,
    isAccessible: staffAction,
    custom: { accessInDomain: true },
    handler: (request: ActionRequest, response: unknown, context: ActionContext) => {
      const call = callOf(request, context)
      return answer(log, response, call, () => page.load(call))
    },
  }
}

/**
 * A change made on the page (the page's buttons POST it with the panel's
 * protections): `run` does it and says what was done; the answer carries the
 * page's data as it is now (`load`) and the notice.
 */
export function coursePageChange(log: Logger, page: CoursePageData, run: (call: CoursePageCall) => Promise<string>) {
  return {
    actionType: 'record' as const,
    isAccessible: staffAction,
    isVisible: false,
    custom: { accessInDomain: true },
    handler: async (request: ActionRequest, response: unknown, context: ActionContext): Promise<ActionResponse> => {
      if (request.method !== 'post') {
        ;(response as { status?: (code: number) => unknown }).status?.(405)
        return { notice: { type: 'error', message: sayTo(context.currentAdmin)('messages.changeNeedsPost') } } as ActionResponse
      }
      const call = callOf(request, context)
      return answer(log, response, call, async () => {
        await page.check(call)
        const message = await run(call)
        return { ...(await page.load(call)), notice: { type: 'success', message } }
      })
    },
  }
}

/** A positive whole number from the page's form (an id), or a ValidationError naming the field. */
export function idField(payload: Record<string, unknown>, field: string): number {
  const raw = text(payload[field]).trim()
  if (!/^[1-9]\d{0,9}$/.test(raw)) throw new ValidationError(`${field} must be an id`, { field, reason: 'notAnId' })
  return Number(raw)
}

/**
 * A Community resource whose records are the user's courses (the row scope:
 * an author's own, an admin's all), read-only, each opening its page (`show`,
 * from coursePage) with the page's changes beside it.
 */
export function coursePagesResource(deps: PanelDeps, id: string, actions: NonNullable<ResourceOptions['actions']>): ResourceWithOptions {
  return {
    resource: deps.model('Course', courseScope),
    options: {
      id,
      navigation: NAV.community,
      titleProperty: 'title',
      sort: { sortBy: 'updatedAt', direction: 'desc' },
      listProperties: ['title', 'published', 'updatedAt'],
      filterProperties: ['title'],
      actions: { ...staffReads(), ...noWrites(), ...actions },
    },
  }
}
