// One place that turns errors into HTTP answers: domain error codes to statuses,
// Elysia's validation and parse errors to clear 4xx, anything else to a 500
// that reveals nothing.
import type { DomainErrorCode } from '../domain'
import { DomainError } from '../domain'

export const STATUS_BY_CODE: Record<DomainErrorCode, number> = {
  not_found: 404,
  forbidden: 403,
  unauthenticated: 401,
  invalid: 422,
  conflict: 409,
  not_enrolled: 403,
  not_published: 404,
  stale: 409,
  expired: 410,
  unreachable: 409,
  module_locked: 403,
}

export interface ErrorBody {
  error: string
  message: string
  details?: unknown
}

/** One field's problem, in words a user can act on. */
export interface FieldError {
  path: string
  message: string
}

/** At most this many fields are named in one answer (a hostile body may have thousands). */
export const MAX_FIELD_ERRORS = 10

export function domainErrorResponse(err: DomainError): { status: number; body: ErrorBody } {
  // the domain names one field (`details.field`); every answer names them as `details.fields`
  let details = err.details
  if (details && typeof details.field === 'string') {
    const { field, ...rest } = details
    details = { ...rest, fields: [{ path: field as string, message: err.message }] }
  }
  return { status: STATUS_BY_CODE[err.code], body: { error: err.code, message: err.message, ...(details ? { details } : {}) } }
}

interface SchemaIssue {
  path?: string
  message?: string
  summary?: string
  schema?: { error?: unknown; type?: unknown; minimum?: number; maximum?: number; maxLength?: number; pattern?: string; anyOf?: unknown[] }
}

/** TypeBox's wording ("Expected integer", "Property 'id' should be one of: ...") turned into user words. */
function inUserWords(issue: SchemaIssue): string {
  const schema = issue.schema ?? {}
  if (typeof schema.error === 'string') return schema.error
  const raw = issue.message ?? issue.summary ?? ''
  if (/required property/i.test(raw)) return 'is required'
  if (/unexpected property/i.test(raw)) return 'is not a known field'
  switch (schema.type) {
    case 'integer':
      return schema.minimum !== undefined && schema.maximum !== undefined ? `must be a whole number from ${schema.minimum} to ${schema.maximum}` : 'must be a whole number'
    case 'number':
      return 'must be a number'
    case 'boolean':
      return 'must be true or false'
    case 'object':
      return 'must be a JSON object'
    case 'array':
      return 'must be a list'
    case 'string':
      if (schema.maxLength !== undefined && /length/i.test(raw)) return `must be at most ${schema.maxLength} characters`
      return schema.pattern ? 'is not in the expected format' : 'must be text'
  }
  return 'is not valid'
}

/** Elysia/TypeBox validation errors as one answer: a readable message and `fields` in user words. */
export function describeValidation(err: { all?: SchemaIssue[]; type?: string }): { message: string; fields: FieldError[] } {
  const seen = new Set<string>()
  const fields: FieldError[] = []
  for (const e of err.all ?? []) {
    const path = (e.path ?? '').replace(/^\//, '').replace(/\//g, '.') || (err.type ?? 'body')
    // a union reports each branch; one line per field is enough
    if (seen.has(path)) continue
    seen.add(path)
    fields.push({ path, message: inUserWords(e) })
    if (fields.length >= MAX_FIELD_ERRORS) break
  }
  return { message: fields[0] ? sentence(fields[0]) : 'The request is not valid', fields }
}

/** "id must be …" stays as it is; "is required" becomes "quizAnswer is required". */
export const sentence = (f: FieldError) => (f.message.startsWith(`${f.path} `) ? f.message : `${f.path} ${f.message}`)
