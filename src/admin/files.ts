// Uploads from the content form (image, file, video) and serving stored files
// back to signed-in authors. Limits and accepted types come from the domain
// (src/domain/uploads.ts); files are kept by ctx.files under DATA_DIR/uploads.
import { createReadStream } from 'node:fs'
import { open, stat } from 'node:fs/promises'
import type { NextFunction, Request, Response } from 'express'
import type { AppContext } from '../context'
import type { ContentKind } from '../domain'
import { SNIFF_BYTES, assertUploadAllowed, isImageType, type StoredFile, uploadType } from '../domain/uploads'
import { actorOf, panelUser } from './panel-user'

/** What express-formidable (formidable 1.x) leaves in the payload for a file field. */
export interface UploadedFile {
  path: string
  name: string
  type: string
  size: number
}

export function isUploadedFile(v: unknown): v is UploadedFile {
  return typeof v === 'object' && v !== null && typeof (v as UploadedFile).path === 'string' && typeof (v as UploadedFile).size === 'number'
}

async function head(path: string, n = SNIFF_BYTES): Promise<Uint8Array> {
  const fh = await open(path, 'r')
  try {
    const buf = new Uint8Array(n)
    const { bytesRead } = await fh.read(buf, 0, n, 0)
    return buf.subarray(0, bytesRead)
  } finally {
    await fh.close()
  }
}

/**
 * Checks an upload against the domain's limits for the content kind and keeps
 * it. An image or a video must really be one: its first bytes decide its type,
 * not the name or the browser's claim.
 */
export async function storeUpload(ctx: AppContext, kind: ContentKind, file: UploadedFile): Promise<StoredFile> {
  const claimed = (file.type || 'application/octet-stream').split(';')[0]!.trim().toLowerCase()
  const mimeType = file.size > 0 ? uploadType(kind, claimed, await head(file.path)) : claimed
  assertUploadAllowed(kind, { name: file.name, mimeType, size: file.size })
  const data = new Uint8Array(await Bun.file(file.path).arrayBuffer())
  return ctx.files.save(data, file.name || 'file', mimeType)
}

/**
 * GET <root>/files/content/:id — the stored file of a content, for staff who
 * may edit its course (the same rule as the API's authoring checks).
 */
export function serveContentFile(ctx: AppContext) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const user = panelUser(req.session?.adminUser)
      if (!user) return res.status(401).type('text/plain').send('Sign in first')
      const id = Number.parseInt(String(req.params.id), 10)
      if (!Number.isInteger(id) || id <= 0) return res.status(404).type('text/plain').send('Not found')
      const content = await ctx.domain.authoring.storedFileOf(actorOf(user), id)
      if (!content) return res.status(404).type('text/plain').send('Not found')
      const abs = ctx.files.resolve(content.path)
      const info = abs ? await stat(abs).catch(() => null) : null
      if (!abs || !info?.isFile()) return res.status(404).type('text/plain').send('The stored file is missing')
      const mime = content.mimeType ?? 'application/octet-stream'
      const inline = isImageType(mime)
      res.set({
        'Content-Type': mime,
        'Content-Length': String(info.size),
        'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(content.name ?? 'file')}`,
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; img-src 'self'; sandbox",
        'Cache-Control': 'private, max-age=300',
      })
      createReadStream(abs).on('error', next).pipe(res)
    } catch (err) {
      next(err)
    }
  }
}

export const contentFileUrl = (rootPath: string, contentId: number | string) => `${rootPath}/files/content/${contentId}`
