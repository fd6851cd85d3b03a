import type { Message } from 'grammy/types'
import type { FileKind, StoredFile } from '../files'
import type { UploadedFile } from '../multipart'
import type { MethodContext } from './context'

/**
 * Resolves the input file of a send* call (upload, file_id or URL) and returns
 * a function that stores it and produces the message fields. Storing is
 * deferred so a rate-limited call leaves no trace.
 */
export async function resolveMedia(
  ctx: MethodContext,
  kind: FileKind,
  ref: string | UploadedFile | undefined,
  extra: Record<string, unknown> = {},
): Promise<() => Partial<Message>> {
  const r = await ctx.state.files.resolve(kind, ref, ctx.params.files, ctx.urlPolicy)
  if ('file' in r) return () => fieldsFor(r.file)
  return () => {
    const store = ctx.state.files
    if (kind === 'photo') return { photo: store.addPhoto(r.bytes) }
    const fileName = r.upload?.filename ?? (r.fromUrl ? decodeURIComponent(new URL(r.fromUrl).pathname.split('/').pop() || 'file') : undefined)
    const file = store.add(kind, r.bytes, {
      file_name: kind === 'voice' || kind === 'sticker' || kind === 'video_note' ? undefined : fileName,
      mime_type: r.upload && r.upload.contentType !== 'application/octet-stream' ? r.upload.contentType : undefined,
    })
    file.media = buildMedia(kind, file, extra)
    return fieldsFor(file)
  }
}

function fieldsFor(file: StoredFile): Partial<Message> {
  if (file.kind === 'photo') return { photo: file.photo ?? [] }
  const media = file.media ?? { file_id: file.file_id, file_unique_id: file.file_unique_id, file_size: file.bytes.length }
  // Telegram sends animations with a `document` copy for old clients
  return (file.kind === 'animation' ? { animation: media, document: media } : { [file.kind]: media }) as Partial<Message>
}

function buildMedia(kind: FileKind, f: StoredFile, extra: Record<string, unknown>): Record<string, unknown> {
  const num = (k: string, d: number) => (extra[k] !== undefined && extra[k] !== '' ? Number(extra[k]) : d)
  const base = { file_id: f.file_id, file_unique_id: f.file_unique_id }
  const named = {
    ...(f.file_name ? { file_name: f.file_name } : {}),
    ...(f.mime_type ? { mime_type: f.mime_type } : {}),
    file_size: f.bytes.length,
  }
  switch (kind) {
    case 'video':
    case 'animation':
      return { ...base, width: num('width', 1280), height: num('height', 720), duration: num('duration', 1), ...named }
    case 'audio':
      return {
        ...base, duration: num('duration', 1), ...(extra.performer ? { performer: String(extra.performer) } : {}),
        ...(extra.title ? { title: String(extra.title) } : {}), ...named,
      }
    case 'voice':
      return { ...base, duration: num('duration', 1), mime_type: f.mime_type ?? 'audio/ogg', file_size: f.bytes.length }
    case 'video_note':
      return { ...base, length: num('length', 240), duration: num('duration', 1), file_size: f.bytes.length }
    case 'sticker':
      return {
        ...base, type: 'regular', width: 512, height: 512, is_animated: false, is_video: false,
        ...(extra.emoji ? { emoji: String(extra.emoji) } : {}), file_size: f.bytes.length,
      }
    default:
      return { ...base, ...named }
  }
}
