// What may be uploaded for a content, and the storage port that keeps it.
import { ValidationError } from './errors'
import type { ContentKind } from './types'

export interface StoredFile {
  /** Relative to the uploads folder; what Content.filePath holds. */
  path: string
  name: string
  mimeType: string
  size: number
}

export interface FileStorage {
  save(data: Uint8Array, name: string, mimeType: string): Promise<StoredFile>
  read(path: string): Promise<Uint8Array>
  /** Absolute path on disk (for streaming), or null if the path is not a stored file. */
  resolve(path: string): string | null
  remove(path: string): Promise<void>
}

const MB = 1024 * 1024

/** The image types a content may carry (and a browser shows inline). */
export const IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp']
/** The video types a content may carry as a file. */
export const VIDEO_TYPES: readonly string[] = ['video/mp4', 'video/webm', 'video/quicktime']

export const isImageType = (mime: string | null | undefined): boolean => IMAGE_TYPES.includes((mime ?? '').toLowerCase())

const anyOf = (types: readonly string[]) => types.map((t) => t.replace(/[.+]/g, '\\$&')).join('|')

/** Limits follow what Telegram accepts from a bot (photos 10 MB, other files 50 MB). */
export const UPLOAD_RULES: Record<Extract<ContentKind, 'IMAGE' | 'FILE' | 'VIDEO'>, { maxBytes: number; mimeTypes: RegExp }> = {
  IMAGE: { maxBytes: 10 * MB, mimeTypes: new RegExp(`^(${anyOf(IMAGE_TYPES)})$`) },
  VIDEO: { maxBytes: 50 * MB, mimeTypes: new RegExp(`^(${anyOf(VIDEO_TYPES)})$`) },
  FILE: {
    maxBytes: 50 * MB,
    mimeTypes: new RegExp(
      `^(application\\/(pdf|zip|json|msword|vnd\\.openxmlformats-officedocument\\.[\\w.]+|vnd\\.oasis\\.opendocument\\.[\\w.]+|octet-stream)|text\\/(plain|markdown|csv)|${anyOf(IMAGE_TYPES)})$`,
    ),
  },
}

const ascii = (b: Uint8Array, at: number, text: string) => [...text].every((ch, i) => b[at + i] === ch.charCodeAt(0))

/** What a media file's first bytes say it is; the name and the browser's claim do not count. */
const SIGNATURES: Array<{ mime: string; test: (b: Uint8Array) => boolean }> = [
  { mime: 'image/png', test: (b) => b[0] === 0x89 && ascii(b, 1, 'PNG') },
  { mime: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/gif', test: (b) => ascii(b, 0, 'GIF8') },
  { mime: 'image/webp', test: (b) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP') },
  // ISO base media: a `ftyp` box first; the brand `qt  ` is QuickTime
  { mime: 'video/quicktime', test: (b) => ascii(b, 4, 'ftypqt  ') },
  { mime: 'video/mp4', test: (b) => ascii(b, 4, 'ftyp') },
  // EBML header (WebM, Matroska)
  { mime: 'video/webm', test: (b) => b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3 },
]

/** Bytes sniffMediaType() needs from the start of a file. */
export const SNIFF_BYTES = 16

/** The image or video type the file's first bytes show, or null. */
export function sniffMediaType(head: Uint8Array): string | null {
  return SIGNATURES.find((s) => s.test(head))?.mime ?? null
}

/** What an upload is, by its content: images and videos must be what they say; other files keep the browser's type. */
export function uploadType(kind: ContentKind, claimed: string, head: Uint8Array): string {
  const real = sniffMediaType(head)
  if (kind === 'IMAGE' || kind === 'VIDEO') {
    if (!real || !UPLOAD_RULES[kind].mimeTypes.test(real))
      throw new ValidationError(kind === 'IMAGE' ? 'this file is not a PNG, JPEG, GIF or WebP image' : 'this file is not an MP4, WebM or QuickTime video', { field: 'file', reason: kind === 'IMAGE' ? 'notImage' : 'notVideo' })
    return real
  }
  if ((claimed.startsWith('image/') || claimed.startsWith('video/')) && real !== claimed) throw new ValidationError(`this file does not look like ${claimed}`, { field: 'file', reason: 'fileMismatch' })
  return claimed
}

export function assertUploadAllowed(kind: ContentKind, file: { name: string; mimeType: string; size: number }): void {
  if (kind !== 'IMAGE' && kind !== 'FILE' && kind !== 'VIDEO') throw new ValidationError(`a ${kind.toLowerCase()} content takes no file`, { field: 'file', reason: 'takesNoFile' })
  const rule = UPLOAD_RULES[kind]
  if (file.size === 0) throw new ValidationError('the file is empty', { field: 'file', reason: 'fileEmpty' })
  if (file.size > rule.maxBytes)
    throw new ValidationError(`the file is too large (${(file.size / MB).toFixed(1)} MB; at most ${rule.maxBytes / MB} MB)`, { field: 'file', reason: 'fileTooLarge', size: (file.size / MB).toFixed(1), max: rule.maxBytes / MB })
  const mime = file.mimeType.split(';')[0]!.trim().toLowerCase()
  if (!rule.mimeTypes.test(mime)) throw new ValidationError(`files of type ${mime || 'unknown'} are not accepted for ${kind.toLowerCase()} contents`, { field: 'file', reason: 'fileType' })
}
