// Small helpers shared by the resources' action handlers: reading form
// payloads, turning domain errors into AdminJS form errors, building responses,
// and the handlers every form action shares (submit, edit, delete).
import { randomUUID } from 'node:crypto'
import type { ActionContext, ActionRequest, ActionResponse, BaseRecord, RecordJSON } from 'adminjs'
import { DomainError, ValidationError } from '../domain'
import type { Logger } from '../infra/logger'
import { domainMessage, languageOf, sayTo } from './locales'
import { staffAction } from './panel-user'

/** A form value as text ('' when absent or null). */
export const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v))

/** A required id from a reference field; a clear form error when it is missing (`what`: the panel's message key, e.g. chooseCourse). */
export function requireId(v: unknown, field: string, what: 'chooseSubject' | 'chooseCourse' | 'chooseModule'): number {
  const n = typeof v === 'number' ? v : Number.parseInt(text(v), 10)
  if (!Number.isInteger(n) || n <= 0 || String(n) !== text(v).trim()) throw new ValidationError(`${what}: no id given`, { field, reason: what })
  return n
}

/** The course version the form was loaded at (hidden field), if it was sent. */
export function expectedVersion(payload: Record<string, unknown> | undefined): number | undefined {
  const raw = text(payload?.expectedVersion).trim()
  if (!raw) return undefined
  const n = Number.parseInt(raw, 10)
  return Number.isInteger(n) && n > 0 ? n : undefined
}

/** The submitted form values worth echoing back into the form (no files, no internals). */
export function echoable(payload: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(payload ?? {})) {
    if (v === undefined || (typeof v === 'object' && v !== null && !Array.isArray(v))) continue
    out[k] = v
  }
  return out
}

export interface FailureOptions {
  /** Domain field name -> AdminJS property path (e.g. subjectId -> subject). */
  fields?: Record<string, string>
  /** What the user typed, so a failed form keeps it. */
  submitted?: Record<string, unknown>
  log: Logger
}

/**
 * An AdminJS response for a failed action. Domain errors become a notice plus,
 * when they name a field, an error under that field of the form. Anything else
 * is logged with a reference and shown as a generic message: never a raw
 * database error.
 */
export function failure(context: ActionContext, err: unknown, opts: FailureOptions): ActionResponse {
  const say = sayTo(context.currentAdmin)
  let message: string
  let errors: Record<string, { message: string; type: string }> = {}
  if (err instanceof DomainError) {
    message = domainMessage(err, say, languageOf(context.currentAdmin))
    const field = typeof err.details?.field === 'string' ? err.details.field : err.code === 'stale' ? 'expectedVersion' : undefined
    if (field) errors = { [opts.fields?.[field] ?? field]: { message, type: err.code } }
  } else {
    const ref = randomUUID().slice(0, 8)
    opts.log.error({ err, ref, resource: context.resource?.id(), action: context.action?.name }, 'admin action failed')
    message = say('messages.unexpected', { ref })
  }
  const base: RecordJSON | undefined = context.record
    ? context.record.toJSON(context.currentAdmin)
    : context.resource?.build(opts.submitted ?? {}).toJSON(context.currentAdmin)
  const record = base && {
    ...base,
    params: { ...base.params, ...(opts.submitted ?? {}) },
    errors,
    baseError: { message, type: err instanceof DomainError ? err.code : 'error' },
  }
  return { record, notice: { message, type: 'error' } } as ActionResponse
}

const HTTP_STATUS: Partial<Record<string, number>> = { invalid: 400, forbidden: 403, not_found: 404, conflict: 409 }

/** For an API action answered over plain HTTP: the status of a domain refusal (400, 403, 404, 409), set on the Express response. */
export function setRefusalStatus(response: unknown, err: unknown): void {
  const status = err instanceof DomainError ? HTTP_STATUS[err.code] : undefined
  const res = response as { status?: (code: number) => unknown } | undefined
  if (status && typeof res?.status === 'function') res.status(status)
}

/** Runs a domain call for an action; a thrown error becomes a form/notice response. */
export async function attempt(context: ActionContext, opts: FailureOptions, run: () => Promise<ActionResponse>): Promise<ActionResponse> {
  try {
    return await run()
  } catch (err) {
    return failure(context, err, opts)
  }
}

/** The record reloaded after a change (through the scoped resource), as JSON. */
export async function reload(context: ActionContext, id: number | string): Promise<RecordJSON | undefined> {
  const record: BaseRecord | null = await context.resource.findOne(String(id), context)
  return record?.toJSON(context.currentAdmin)
}

export const success = (message: string) => ({ message, type: 'success' as const })

/** The action's record as JSON, as the current user may see it. */
export const recordJson = (context: ActionContext): RecordJSON => context.record!.toJSON(context.currentAdmin)

/** list, show and search for every staff member (the resource's row scope limits what each one finds). */
export const staffReads = () => ({
  list: { isAccessible: staffAction },
  show: { isAccessible: staffAction },
  search: { isAccessible: staffAction },
})

/** No new, edit or delete: a read-only resource. */
export const noWrites = () => ({
  new: { isAccessible: false, isVisible: false },
  edit: { isAccessible: false, isVisible: false },
  delete: { isAccessible: false, isVisible: false },
  bulkDelete: { isAccessible: false, isVisible: false },
})

/** The answer to a change that went through: the record as it is now, where to go next, and a notice. */
export async function changed(context: ActionContext, id: number | string, redirectUrl: string, message: string): Promise<ActionResponse> {
  return { record: await reload(context, id), redirectUrl, notice: success(message) }
}

/**
 * The property of the hidden `expectedVersion` field: the course version a form
 * was loaded at, sent back on save so a stale form is refused (see expectedVersion()).
 */
export const versionProperty = (component: string) => ({
  type: 'number' as const,
  isVisible: { list: false, show: false, filter: false, edit: true },
  components: { edit: component },
})

/** A module's or content's place among its siblings, counted from 1 (the stored order counts from 0). */
export const positionProperty = {
  type: 'number' as const,
  isSortable: false,
  isVisible: { list: true, show: true, edit: false, filter: false },
}

type Payload = Record<string, unknown>
export type ActionHandler = (request: ActionRequest, response: unknown, context: ActionContext) => Promise<ActionResponse>

/**
 * A submitted form: `save` (the domain call) runs through attempt(), so a domain
 * error shows under its field and the form keeps what was typed.
 */
export function submitHandler(failure: (payload: Payload | undefined) => FailureOptions, save: (payload: Payload, context: ActionContext) => Promise<ActionResponse>): ActionHandler {
  return (request, _response, context) => attempt(context, failure(request.payload), () => save(request.payload ?? {}, context))
}

/**
 * A record action with a form or a confirmation: GET answers the record (plus
 * `formParams`, e.g. the version the form is loaded at); a POST is submitted
 * as by submitHandler().
 */
export function recordFormHandler(opts: {
  failure: (payload: Payload | undefined) => FailureOptions
  formParams?: (context: ActionContext) => Payload | Promise<Payload>
  save: (payload: Payload, context: ActionContext) => Promise<ActionResponse>
}): ActionHandler {
  const submit = submitHandler(opts.failure, opts.save)
  return async (request, response, context) => {
    if (request.method !== 'get') return submit(request, response, context)
    const json = recordJson(context)
    return { record: opts.formParams ? { ...json, params: { ...json.params, ...(await opts.formParams(context)) } } : json }
  }
}

/**
 * A record action that changes something (publish, a move): only a POST does
 * it. A GET (its page, a link to it from anywhere) answers the record for the
 * confirmation page, `component`, which asks the question `confirm` (a key of
 * the translations' messages) and POSTs on a button named as the action.
 */
export function confirmedAction(opts: {
  component: string
  icon: string
  confirm: string
  isVisible?: (context: ActionContext) => boolean
  run: ActionHandler
}) {
  return {
    actionType: 'record' as const,
    icon: opts.icon,
    component: opts.component,
    isAccessible: staffAction,
    ...(opts.isVisible ? { isVisible: opts.isVisible } : {}),
    custom: { confirm: opts.confirm },
    handler: (async (request, response, context) =>
      request.method === 'post' ? opts.run(request, response, context) : { record: recordJson(context) }) as ActionHandler,
  }
}

/**
 * A delete action: GET answers the record (for the confirmation); a POST runs
 * `remove` (the domain call) and answers the deleted record, where to go next
 * and the notice.
 */
export function deleteHandler(log: Logger, remove: (context: ActionContext) => Promise<{ redirectUrl: string; message: string }>): ActionHandler {
  return recordFormHandler({
    failure: () => ({ log }),
    save: async (_payload, context) => {
      const { redirectUrl, message } = await remove(context)
      return { record: recordJson(context), redirectUrl, notice: success(message) }
    },
  })
}
