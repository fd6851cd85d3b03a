// Platform file ids (Telegram file_id, ...) of uploaded content files: a file is
// uploaded to a platform once and its id reused, until the content gets a new file.
import type { PlatformFileRepository } from './ports'
import type { Content, Platform } from './types'

export interface PlatformFilesDeps {
  platformFiles: PlatformFileRepository
}

export class PlatformFilesService {
  constructor(private readonly deps: PlatformFilesDeps) {}

  /** The cached id for the content's current file, or null (none yet, or made from an older file). */
  async cachedId(content: Pick<Content, 'id' | 'filePath'>, platform: Platform): Promise<string | null> {
    if (!content.filePath) return null
    const entry = await this.deps.platformFiles.find(content.id, platform)
    return entry && entry.filePath === content.filePath ? entry.fileId : null
  }

  async remember(content: Pick<Content, 'id' | 'filePath'>, platform: Platform, fileId: string): Promise<void> {
    if (!content.filePath || !fileId) return
    await this.deps.platformFiles.save({ contentId: content.id, platform, fileId, filePath: content.filePath })
  }

  /** Drops an id the platform no longer accepts. */
  async forget(contentId: number, platform: Platform): Promise<void> {
    await this.deps.platformFiles.remove(contentId, platform)
  }
}
