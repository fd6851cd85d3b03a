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
}

export interface ErrorBody {
  error: string
  message: string
  details?: unknown
}

export function domainErrorResponse(err: DomainError): { status: number; body: ErrorBody } {
  return { status: STATUS_BY_CODE[err.code], body: { error: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } }
}

/** A readable one-line summary of an Elysia/TypeBox validation error. */
export function describeValidation(err: { all?: Array<{ path?: string; message?: string; summary?: string }>; type?: string }): { message: string; fields: Array<{ path: string; message: string }> } {
  const fields = (err.all ?? []).map((e) => ({
    path: (e.path ?? '').replace(/^\//, '').replace(/\//g, '.') || (err.type ?? 'body'),
    message: e.summary ?? e.message ?? 'is invalid',
  }))
  const first = fields[0]
  return { message: first ? `${err.type ?? 'request'}: ${first.path}: ${first.message}` : 'the request is not valid', fields }
}
