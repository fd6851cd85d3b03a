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

/** Limits follow what Telegram accepts from a bot (photos 10 MB, other files 50 MB). */
export const UPLOAD_RULES: Record<Extract<ContentKind, 'IMAGE' | 'FILE' | 'VIDEO'>, { maxBytes: number; mimeTypes: RegExp }> = {
  IMAGE: { maxBytes: 10 * MB, mimeTypes: /^image\/(png|jpeg|gif|webp)$/ },
  VIDEO: { maxBytes: 50 * MB, mimeTypes: /^video\/(mp4|webm|quicktime)$/ },
  FILE: {
    maxBytes: 50 * MB,
    mimeTypes: /^(application\/(pdf|zip|json|msword|vnd\.openxmlformats-officedocument\.[\w.]+|vnd\.oasis\.opendocument\.[\w.]+|octet-stream)|text\/(plain|markdown|csv)|image\/(png|jpeg|gif|webp))$/,
  },
}

export function assertUploadAllowed(kind: ContentKind, file: { name: string; mimeType: string; size: number }): void {
  if (kind !== 'IMAGE' && kind !== 'FILE' && kind !== 'VIDEO') throw new ValidationError(`a ${kind.toLowerCase()} content takes no file`, { field: 'file' })
  const rule = UPLOAD_RULES[kind]
  if (file.size === 0) throw new ValidationError('the file is empty', { field: 'file' })
  if (file.size > rule.maxBytes)
    throw new ValidationError(`the file is too large (${(file.size / MB).toFixed(1)} MB; at most ${rule.maxBytes / MB} MB)`, { field: 'file' })
  const mime = file.mimeType.split(';')[0]!.trim().toLowerCase()
  if (!rule.mimeTypes.test(mime)) throw new ValidationError(`files of type ${mime || 'unknown'} are not accepted for ${kind.toLowerCase()} contents`, { field: 'file' })
}
