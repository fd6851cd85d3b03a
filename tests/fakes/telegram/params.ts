import { badRequest } from './errors'
import type { UploadedFile } from './multipart'

/** Fields that hold JSON objects/arrays; multipart and urlencoded clients send them as JSON strings. */
const JSON_FIELDS = new Set([
  'reply_markup', 'entities', 'caption_entities', 'reply_parameters', 'link_preview_options',
  'options', 'commands', 'scope', 'allowed_updates', 'media', 'menu_button', 'results',
  'message_ids', 'explanation_entities', 'question_entities', 'rights', 'permissions',
])

/** Decodes JSON-string fields in place (grammY JSON-encodes nested objects in multipart bodies). */
export function normalizeParams(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string' && JSON_FIELDS.has(key) && /^\s*[[{]/.test(value)) {
      try {
        out[key] = JSON.parse(value)
        continue
      } catch {
        throw badRequest(`can't parse ${key} JSON object`)
      }
    }
    out[key] = value
  }
  return out
}

/** Typed, Telegram-style access to request parameters (strings are coerced like the real server). */
export class Params {
  constructor(
    readonly values: Record<string, unknown>,
    readonly files: Map<string, UploadedFile> = new Map(),
  ) {}

  has(name: string): boolean {
    const v = this.values[name]
    return v !== undefined && v !== null && v !== ''
  }

  str(name: string): string | undefined {
    const v = this.values[name]
    if (v === undefined || v === null) return undefined
    return typeof v === 'string' ? v : String(v)
  }

  reqStr(name: string, missing = `${name} is empty`): string {
    const v = this.str(name)
    if (v === undefined || v === '') throw badRequest(missing)
    return v
  }

  int(name: string): number | undefined {
    const v = this.values[name]
    if (v === undefined || v === null || v === '') return undefined
    const n = typeof v === 'number' ? v : Number(v)
    if (!Number.isInteger(n)) throw badRequest(`field "${name}" must be an integer`)
    return n
  }

  reqInt(name: string, missing = `${name} is empty`): number {
    const n = this.int(name)
    if (n === undefined) throw badRequest(missing)
    return n
  }

  bool(name: string): boolean {
    const v = this.values[name]
    return v === true || v === 'true' || v === '1' || v === 1
  }

  obj<T>(name: string): T | undefined {
    const v = this.values[name]
    if (v === undefined || v === null || v === '') return undefined
    if (typeof v === 'string') {
      try {
        return JSON.parse(v) as T
      } catch {
        throw badRequest(`can't parse ${name} JSON object`)
      }
    }
    return v as T
  }

  /** Raw value: a string (file_id / URL / attach://), an uploaded file, or undefined. */
  fileRef(name: string): string | UploadedFile | undefined {
    const direct = this.files.get(name)
    if (direct) return direct
    return this.str(name)
  }
}
