// An announcement (author Markdown, optionally with an image) as a platform's
// message plan, through the same splitter as lessons and notices.
import { fitToProfile, type DraftPart } from './plan-builder'
import { type MessagePlan, NO_CONTENT } from './plan'
import type { PlatformProfile } from './profile'
import { markdownToBlocks } from './rich-text'

export function announcementPlan(body: string, imagePath: string | null, profile: PlatformProfile): MessagePlan {
  const blocks = markdownToBlocks(body)
  const parts: DraftPart[] = imagePath
    ? [
        {
          type: 'media',
          media: { contentId: NO_CONTENT, kind: 'photo', filePath: imagePath, fileName: imagePath.split('/').pop() ?? 'image', mimeType: null, fileSize: null },
          blocks,
          missing: [],
        },
      ]
    : [{ type: 'text', blocks }]
  return { platform: profile.platform, messages: fitToProfile({ parts, buttons: [] }, profile) }
}
