import { badRequest } from './errors'

/** A file part received in a multipart/form-data request. */
export interface UploadedFile {
  /** Form field name of the part (for grammY: the random id used in `attach://<id>`). */
  field: string
  filename: string
  contentType: string
  bytes: Uint8Array
}

export interface ParsedBody {
  fields: Record<string, unknown>
  files: Map<string, UploadedFile>
}

/**
 * Decodes a Bot API request body. JSON, application/x-www-form-urlencoded and
 * multipart/form-data are accepted, like the real server. The multipart parser
 * is hand-written because grammY emits header lines without spaces and
 * unquoted filenames, which some stricter parsers reject.
 */
export function parseBody(contentType: string | undefined, body: Buffer): ParsedBody {
  const files = new Map<string, UploadedFile>()
  const ct = (contentType ?? '').toLowerCase()
  if (body.length === 0) return { fields: {}, files }
  if (ct.startsWith('application/json')) {
    try {
      const value: unknown = JSON.parse(body.toString('utf8'))
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        return { fields: value as Record<string, unknown>, files }
      }
    } catch {
      // fall through
    }
    throw badRequest('invalid JSON in request body')
  }
  if (ct.startsWith('multipart/form-data')) return parseMultipart(contentType ?? '', body)
  // urlencoded (also the fallback, as Telegram is lenient about the header)
  const fields: Record<string, unknown> = {}
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) fields[k] = v
  return { fields, files }
}

function parseMultipart(contentType: string, body: Buffer): ParsedBody {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)
  const boundary = match?.[1] ?? match?.[2]
  if (!boundary) throw badRequest('multipart boundary is missing')
  const fields: Record<string, unknown> = {}
  const files = new Map<string, UploadedFile>()
  const delimiter = Buffer.from(`--${boundary}`)
  let pos = body.indexOf(delimiter)
  while (pos !== -1) {
    let start = pos + delimiter.length
    if (body[start] === 0x2d && body[start + 1] === 0x2d) break // closing "--"
    if (body[start] === 0x0d && body[start + 1] === 0x0a) start += 2
    const next = body.indexOf(delimiter, start)
    if (next === -1) break
    let end = next
    if (body[end - 2] === 0x0d && body[end - 1] === 0x0a) end -= 2
    readPart(body.subarray(start, end), fields, files)
    pos = next
  }
  return { fields, files }
}

function readPart(part: Buffer, fields: Record<string, unknown>, files: Map<string, UploadedFile>) {
  const headerEnd = part.indexOf('\r\n\r\n')
  if (headerEnd === -1) return
  const headers = new Map<string, string>()
  for (const line of part.subarray(0, headerEnd).toString('utf8').split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  const disposition = headers.get('content-disposition') ?? ''
  const name = attribute(disposition, 'name')
  if (name === undefined) return
  const content = part.subarray(headerEnd + 4)
  const filename = attribute(disposition, 'filename')
  if (filename === undefined) {
    fields[name] = content.toString('utf8')
  } else {
    files.set(name, {
      field: name,
      filename,
      contentType: headers.get('content-type') ?? 'application/octet-stream',
      bytes: new Uint8Array(content),
    })
  }
}

/** Reads `name="x"` or `name=x` from a Content-Disposition value. */
function attribute(header: string, key: string): string | undefined {
  const re = new RegExp(`(?:^|;)\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i')
  const m = re.exec(header)
  if (!m) return undefined
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? '').trim()
}
