import { randomBytes } from 'node:crypto'
import type { PhotoSize } from 'grammy/types'
import { badRequest } from './errors'
import type { UploadedFile } from './multipart'

export type FileKind = 'photo' | 'document' | 'video' | 'audio' | 'voice' | 'animation' | 'sticker' | 'video_note'

/** A file known to the simulator, downloadable via getFile + /file/bot<token>/<file_path>. */
export interface StoredFile {
  file_id: string
  file_unique_id: string
  kind: FileKind
  bytes: Uint8Array
  file_path: string
  file_name?: string
  mime_type?: string
  width?: number
  height?: number
  /** For photos: the full size set this file belongs to. */
  photo?: PhotoSize[]
  /** For other kinds: the Bot API object (Document, Video...) first returned for it. */
  media?: Record<string, unknown>
}

/** Where a file reference in a request came from. */
export type UrlPolicy = 'loopback' | 'always' | 'never'

const PREFIX: Record<FileKind, string> = {
  photo: 'AgACAgIAAxkBAA', document: 'BQACAgIAAxkBAA', video: 'BAACAgIAAxkBAA', audio: 'CQACAgIAAxkBAA',
  voice: 'AwACAgIAAxkBAA', animation: 'CgACAgIAAxkBAA', sticker: 'CAACAgIAAxkBAA', video_note: 'DQACAgIAAxkBAA',
}
const FOLDER: Record<FileKind, string> = {
  photo: 'photos', document: 'documents', video: 'videos', audio: 'music', voice: 'voice',
  animation: 'animations', sticker: 'stickers', video_note: 'video_notes',
}
const EXT: Record<FileKind, string> = {
  photo: 'jpg', document: 'dat', video: 'mp4', audio: 'mp3', voice: 'oga', animation: 'mp4', sticker: 'webp', video_note: 'mp4',
}
const MIME: Record<string, string> = {
  pdf: 'application/pdf', txt: 'text/plain', json: 'application/json', zip: 'application/zip', csv: 'text/csv',
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp',
  mp4: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm', mp3: 'audio/mpeg', ogg: 'audio/ogg', oga: 'audio/ogg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
}
const PHOTO_STEPS = [90, 320, 800]
export const MAX_DOWNLOAD = 20 * 1024 * 1024

const rand = (n: number) => randomBytes(n).toString('base64url')
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).replace('_', ' ')

/** Guesses a MIME type from a file name. */
export function mimeFor(name: string | undefined): string | undefined {
  const ext = name?.split('.').pop()?.toLowerCase()
  return ext ? MIME[ext] : undefined
}

/** Reads width/height from PNG, GIF or JPEG headers. */
export function imageSize(b: Uint8Array): { width: number; height: number } | undefined {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  if (b.length > 24 && b[0] === 0x89 && b[1] === 0x50) return { width: dv.getUint32(16), height: dv.getUint32(20) }
  if (b.length > 10 && b[0] === 0x47 && b[1] === 0x49) return { width: dv.getUint16(6, true), height: dv.getUint16(8, true) }
  if (b.length > 4 && b[0] === 0xff && b[1] === 0xd8) {
    let p = 2
    while (p + 9 < b.length && b[p] === 0xff) {
      const marker = b[p + 1]!
      const len = dv.getUint16(p + 2)
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { width: dv.getUint16(p + 7), height: dv.getUint16(p + 5) }
      }
      p += 2 + len
    }
  }
  return undefined
}

/** All files the bot and the simulated users have sent. */
export class FileStore {
  readonly byId = new Map<string, StoredFile>()
  private readonly byPath = new Map<string, StoredFile>()
  private seq = 0

  add(kind: FileKind, bytes: Uint8Array, meta: Partial<Pick<StoredFile, 'file_name' | 'mime_type' | 'width' | 'height'>> = {}): StoredFile {
    if (bytes.length === 0) throw badRequest('file must be non-empty')
    const ext = meta.file_name?.includes('.') ? meta.file_name.split('.').pop() : EXT[kind]
    const file: StoredFile = {
      file_id: PREFIX[kind] + rand(36),
      file_unique_id: 'AgAD' + rand(9),
      kind,
      bytes,
      file_path: `${FOLDER[kind]}/file_${this.seq++}.${ext}`,
      ...meta,
      mime_type: meta.mime_type ?? (kind === 'photo' ? undefined : mimeFor(meta.file_name) ?? (kind === 'document' ? 'application/octet-stream' : mimeFor(`x.${EXT[kind]}`))),
    }
    this.byId.set(file.file_id, file)
    this.byPath.set(file.file_path, file)
    return file
  }

  /** Stores a photo the way Telegram does: several sizes, the last one the largest. */
  addPhoto(bytes: Uint8Array): PhotoSize[] {
    const dims = imageSize(bytes) ?? { width: 800, height: 600 }
    const max = Math.max(dims.width, dims.height)
    const scales = [...PHOTO_STEPS.filter((s) => s < max).map((s) => s / max), Math.min(1, 2560 / max)]
    const sizes: PhotoSize[] = []
    for (const scale of scales) {
      const width = Math.max(1, Math.round(dims.width * scale))
      const height = Math.max(1, Math.round(dims.height * scale))
      const f = this.add('photo', bytes, { width, height })
      sizes.push({ file_id: f.file_id, file_unique_id: f.file_unique_id, file_size: bytes.length, width, height })
    }
    for (const s of sizes) this.byId.get(s.file_id)!.photo = sizes
    return sizes
  }

  get(fileId: string): StoredFile | undefined {
    return this.byId.get(fileId)
  }

  getByPath(path: string): StoredFile | undefined {
    return this.byPath.get(path)
  }

  /**
   * Resolves an input file of a send* call: an uploaded part (direct or
   * `attach://<name>`), an existing file_id (same file returned), or a URL.
   */
  async resolve(kind: FileKind, ref: string | UploadedFile | undefined, files: Map<string, UploadedFile>, policy: UrlPolicy): Promise<{ file: StoredFile; upload?: UploadedFile; fromUrl?: string } | { bytes: Uint8Array; upload?: UploadedFile; fromUrl?: string }> {
    if (ref === undefined || ref === '') throw badRequest(`there is no ${kind.replace('_', ' ')} in the request`)
    if (typeof ref !== 'string') return { bytes: ref.bytes, upload: ref }
    if (ref.startsWith('attach://')) {
      const upload = files.get(ref.slice('attach://'.length))
      if (!upload) throw badRequest('wrong file identifier/HTTP URL specified')
      return { bytes: upload.bytes, upload }
    }
    if (/^https?:\/\//i.test(ref)) return { bytes: await fetchUrl(ref, policy), fromUrl: ref }
    const file = this.byId.get(ref)
    if (!file) throw badRequest('wrong file identifier/HTTP URL specified')
    if (file.kind !== kind) throw badRequest(`can't use file of type ${cap(file.kind)} as ${cap(kind)}`)
    return { file }
  }
}

async function fetchUrl(url: string, policy: UrlPolicy): Promise<Uint8Array> {
  const host = new URL(url).hostname
  const loopback = host === 'localhost' || host === '::1' || host === '[::1]' || host.startsWith('127.')
  if (policy === 'never' || (policy === 'loopback' && !loopback)) {
    // offline stand-in: the content is the URL itself, so the same URL yields the same bytes
    return new TextEncoder().encode(`simulated content of ${url}`)
  }
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) })
    if (!res.ok) throw new Error(String(res.status))
    return new Uint8Array(await res.arrayBuffer())
  } catch {
    throw badRequest('failed to get HTTP URL content')
  }
}
