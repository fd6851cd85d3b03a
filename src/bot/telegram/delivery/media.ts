// Sends a content's stored file as a photo, document or video. The first send
// uploads it; the file_id Telegram returns is cached per content (PlatformFile)
// and reused for everyone after, until the content gets a new file.
import { access } from 'node:fs/promises'
import { GrammyError, InputFile, type Api } from 'grammy'
import type { InlineKeyboardMarkup, Message } from 'grammy/types'
import type { PlanMedia } from '../../../domain/delivery/plan'
import type { PlatformFilesService } from '../../../domain/platform-files.service'
import type { FileStorage } from '../../../domain/uploads'
import type { Logger } from '../../../infra/logger'

export type MediaKind = PlanMedia['kind']

export interface MediaExtra {
  caption?: string
  reply_markup?: InlineKeyboardMarkup
}

export interface MediaDeps {
  api: Api
  platformFiles: PlatformFilesService
  files: FileStorage
  logger: Logger
}

/** The stored file is gone from disk (or its path is invalid). */
export class MissingFileError extends Error {
  constructor(readonly contentId: number) {
    super(`the file of content ${contentId} is missing`)
  }
}

export async function sendMedia(deps: MediaDeps, chatId: number | string, media: PlanMedia, extra: MediaExtra): Promise<Message> {
  const { platformFiles } = deps
  const content = { id: media.contentId, filePath: media.filePath }
  const options = { ...extra, ...(extra.caption ? { parse_mode: 'HTML' as const } : {}) }
  const cached = await platformFiles.cachedId(content, 'TELEGRAM')
  if (cached) {
    try {
      return await send(deps.api, chatId, media.kind, cached, options)
    } catch (err) {
      if (!isUnusableFileId(err)) throw err
      deps.logger.warn({ contentId: media.contentId, description: (err as GrammyError).description }, 'cached file_id refused; uploading again')
      await platformFiles.forget(media.contentId, 'TELEGRAM')
    }
  }
  const path = deps.files.resolve(media.filePath)
  if (!path || !(await exists(path))) throw new MissingFileError(media.contentId)
  const message = await send(deps.api, chatId, media.kind, new InputFile(path, media.fileName), options)
  const fileId = fileIdOf(message, media.kind)
  if (fileId) await platformFiles.remember(content, 'TELEGRAM', fileId)
  return message
}

function send(api: Api, chatId: number | string, kind: MediaKind, file: string | InputFile, options: MediaExtra & { parse_mode?: 'HTML' }): Promise<Message> {
  switch (kind) {
    case 'photo':
      return api.sendPhoto(chatId, file, options)
    case 'document':
      return api.sendDocument(chatId, file, options)
    case 'video':
      return api.sendVideo(chatId, file, { ...options, supports_streaming: true })
  }
}

/** The id to reuse: the largest photo size, or the document / video itself (not a conversion). */
function fileIdOf(m: Message, kind: MediaKind): string | undefined {
  if (kind === 'photo') return m.photo?.at(-1)?.file_id
  if (kind === 'document') return m.document?.file_id
  return m.video?.file_id
}

function isUnusableFileId(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 400 && /file identifier|file_id|can't use file|wrong file/i.test(err.description)
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path)
    return true
  } catch {
    return false
  }
}
