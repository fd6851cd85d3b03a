// Cached platform file ids per content (PlatformFile table).
import type { PlatformFileRepository } from '../../domain/ports'
import type { Platform } from '../../domain/types'
import type { Prisma } from '../database'

export class PrismaPlatformFileRepository implements PlatformFileRepository {
  constructor(private readonly db: Prisma) {}

  find(contentId: number, platform: Platform) {
    return this.db.platformFile.findUnique({
      where: { contentId_platform: { contentId, platform } },
      select: { fileId: true, filePath: true },
    })
  }

  async save(entry: { contentId: number; platform: Platform; fileId: string; filePath: string }) {
    const data = { fileId: entry.fileId, filePath: entry.filePath }
    try {
      await this.db.platformFile.upsert({
        where: { contentId_platform: { contentId: entry.contentId, platform: entry.platform } },
        update: data,
        create: { ...data, contentId: entry.contentId, platform: entry.platform },
      })
    } catch (err) {
      const code = (err as { code?: string }).code
      // P2003: the content was deleted meanwhile; P2002: a concurrent first save won
      if (code !== 'P2003' && code !== 'P2002') throw err
    }
  }

  async remove(contentId: number, platform: Platform) {
    await this.db.platformFile.deleteMany({ where: { contentId, platform } })
  }
}
