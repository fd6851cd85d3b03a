// Platform file ids (Telegram file_id, ...) of uploaded content files: a file is
// uploaded to a platform once and its id reused, until the content gets a new file.
// A file of no content (NO_CONTENT: an announcement's image) is never cached:
// every send uploads it, and no id is stored under content 0.
import { NO_CONTENT } from './delivery/plan'
import type { PlatformFileRepository } from './ports'
import type { Content, Platform } from './types'

export interface PlatformFilesDeps {
  platformFiles: PlatformFileRepository
}

export class PlatformFilesService {
  constructor(private readonly deps: PlatformFilesDeps) {}

  /** The cached id for the content's current file, or null (none yet, or made from an older file). */
  async cachedId(content: Pick<Content, 'id' | 'filePath'>, platform: Platform): Promise<string | null> {
    if (!content.filePath || content.id === NO_CONTENT) return null
    const entry = await this.deps.platformFiles.find(content.id, platform)
    return entry && entry.filePath === content.filePath ? entry.fileId : null
  }

  async remember(content: Pick<Content, 'id' | 'filePath'>, platform: Platform, fileId: string): Promise<void> {
    if (!content.filePath || !fileId || content.id === NO_CONTENT) return
    await this.deps.platformFiles.save({ contentId: content.id, platform, fileId, filePath: content.filePath })
  }

  /** Drops an id the platform no longer accepts. */
  async forget(contentId: number, platform: Platform): Promise<void> {
    if (contentId === NO_CONTENT) return
    await this.deps.platformFiles.remove(contentId, platform)
  }
}
