// Uploaded files under DATA_DIR/uploads, named by random id (never by the uploader's name).
import { randomUUID } from 'node:crypto'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { extname, join, resolve, sep } from 'node:path'
import type { FileStorage, StoredFile } from '../domain/uploads'

export class DiskFileStorage implements FileStorage {
  readonly root: string

  constructor(dataDir: string) {
    this.root = resolve(dataDir, 'uploads')
  }

  async save(data: Uint8Array, name: string, mimeType: string): Promise<StoredFile> {
    const now = new Date()
    const folder = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}`
    const ext = extname(name).toLowerCase().replace(/[^.a-z0-9]/g, '').slice(0, 10)
    const path = `${folder}/${randomUUID()}${ext}`
    await mkdir(join(this.root, folder), { recursive: true })
    await writeFile(join(this.root, path), data)
    return { path, name: cleanName(name), mimeType, size: data.byteLength }
  }

  async read(path: string): Promise<Uint8Array> {
    const abs = this.resolve(path)
    if (!abs) throw new Error('not a stored file')
    return readFile(abs)
  }

  resolve(path: string): string | null {
    if (!/^[\w./-]+$/.test(path)) return null
    const abs = resolve(this.root, path)
    return abs.startsWith(this.root + sep) ? abs : null
  }

  async remove(path: string): Promise<void> {
    const abs = this.resolve(path)
    if (abs) await rm(abs, { force: true })
  }
}

/** A display name safe to show and to send as a document's file name. */
function cleanName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'file'
  return base.replace(/[\u0000-\u001f<>:"|?*]/g, '_').slice(0, 120) || 'file'
}
