// Sends a content's stored file as a photo, document or video. The first send
// uploads it; the file_id Telegram returns is cached per content (PlatformFile)
// and reused for everyone after, until the content gets a new file.
import { access } from 'node:fs/promises'
import { basename } from 'node:path'
import { GrammyError, InputFile } from 'grammy'
import type { InlineKeyboardMarkup, Message } from 'grammy/types'
import type { Content } from '../../../domain'
import type { BotContext } from '../context'

export type MediaKind = 'photo' | 'document' | 'video'

export interface MediaExtra {
  caption?: string
  reply_markup?: InlineKeyboardMarkup
}

/** The stored file is gone from disk (or its path is invalid). */
export class MissingFileError extends Error {
  constructor(readonly contentId: number) {
    super(`the file of content ${contentId} is missing`)
  }
}

export async function sendMedia(ctx: BotContext, chatId: number, content: Content, kind: MediaKind, extra: MediaExtra): Promise<Message> {
  const { domain } = ctx.deps
  const options = { ...extra, ...(extra.caption ? { parse_mode: 'HTML' as const } : {}) }
  const cached = await domain.platformFiles.cachedId(content, 'TELEGRAM')
  if (cached) {
    try {
      return await send(ctx, chatId, kind, cached, options)
    } catch (err) {
      if (!isUnusableFileId(err)) throw err
      ctx.log.warn({ contentId: content.id, description: (err as GrammyError).description }, 'cached file_id refused; uploading again')
      await domain.platformFiles.forget(content.id, 'TELEGRAM')
    }
  }
  const path = content.filePath ? ctx.deps.files.resolve(content.filePath) : null
  if (!path || !(await exists(path))) throw new MissingFileError(content.id)
  const message = await send(ctx, chatId, kind, new InputFile(path, content.fileName ?? basename(path)), options)
  const fileId = fileIdOf(message, kind)
  if (fileId) await domain.platformFiles.remember(content, 'TELEGRAM', fileId)
  return message
}

function send(ctx: BotContext, chatId: number, kind: MediaKind, file: string | InputFile, options: MediaExtra & { parse_mode?: 'HTML' }): Promise<Message> {
  switch (kind) {
    case 'photo':
      return ctx.api.sendPhoto(chatId, file, options)
    case 'document':
      return ctx.api.sendDocument(chatId, file, options)
    case 'video':
      return ctx.api.sendVideo(chatId, file, { ...options, supports_streaming: true })
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
