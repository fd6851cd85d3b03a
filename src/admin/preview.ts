// "Preview as student": a module's contents as the chat messages the Telegram
// bot sends, message by message: a lesson header and the text split at the
// same limits (a long text is several messages), a photo, document or video
// with the first part as its caption, a quiz after its intro. Markdown goes
// through the domain's delivery rules and is rendered to safe browser HTML.
import type { AppContext } from '../context'
import { NotFoundError } from '../domain'
import { lessonHeader, type LessonPosition, lessonPosition } from '../domain/delivery/lesson'
import { TELEGRAM_PROFILE } from '../domain/delivery/profile'
import { quizForm } from '../domain/delivery/quiz'
import { type Block, markdownToBlocks, safeLink } from '../domain/delivery/rich-text'
import type { Content, ContentKind } from '../domain/types'
import { contentFileUrl } from './files'
import { previewMessages } from './preview-html'

/** One content: the messages it is sent as, in order (media, texts, quiz). */
export interface PreviewContent {
  id: number
  kind: ContentKind
  title: string
  /** The uploaded file, for a photo, document or video sent as a media message. */
  file: { url: string; name: string; mimeType: string; size: number; isImage: boolean } | null
  /** The media message's caption (HTML), for IMAGE, FILE and uploaded VIDEO contents. */
  caption: string | null
  /** Text messages (HTML) sent after the media message, or the whole lesson for the other kinds. */
  texts: string[]
  /** The link a video-link lesson's last message shows a preview of. */
  videoUrl: string | null
  quiz: { question: string; options: string[]; correctIndex: number | null; explanation: string | null; /** false: sent with answer buttons (too long for a poll) */ asPoll: boolean } | null
}

export interface ModulePreview {
  course: { id: number; title: string }
  module: { id: number; title: string; description: string; order: number }
  contents: PreviewContent[]
}

/** The bots' `content-position` line, as the panel's (English) preview shows it. */
export const positionLine = (p: LessonPosition) => `Module ${p.module}/${p.modules} · ${p.moduleTitle} · lesson ${p.index} of ${p.total}`

const WATCH_VIDEO = '▶️ Watch the video'

/** Whether the bot sends this content as a media message (with a caption). */
const isMedia = (c: Pick<Content, 'kind' | 'filePath'>) => c.kind === 'IMAGE' || c.kind === 'FILE' || (c.kind === 'VIDEO' && c.filePath !== null)

/** The messages one content is sent as, after its header (the lesson's position line). */
export function contentMessages(c: Content, position: string): Pick<PreviewContent, 'caption' | 'texts' | 'videoUrl'> {
  const blocks: Block[] = [...lessonHeader(position, c.title), ...markdownToBlocks(c.body ?? '')]
  if (isMedia(c)) {
    const [caption, ...texts] = previewMessages(blocks, { caption: true })
    return { caption: caption ?? null, texts, videoUrl: null }
  }
  const videoUrl = c.kind === 'VIDEO' ? (safeLink(c.videoUrl) ?? null) : null
  if (videoUrl) blocks.push({ type: 'text', spans: [{ text: WATCH_VIDEO, marks: [], href: videoUrl }] })
  return { caption: null, texts: previewMessages(blocks), videoUrl }
}

export async function modulePreview(ctx: AppContext, moduleId: number, rootPath: string): Promise<ModulePreview> {
  const module = await ctx.ports.courses.findModule(moduleId)
  if (!module) throw new NotFoundError('Module')
  const [tree, contents] = await Promise.all([ctx.ports.courses.loadTree(module.courseId), ctx.ports.courses.listContents(moduleId)])
  const modules = tree?.modules ?? []
  return {
    course: { id: module.courseId, title: tree?.title ?? '' },
    module: { id: module.id, title: module.title, description: module.description, order: module.order },
    contents: contents.map((c) => ({
      id: c.id,
      kind: c.kind,
      title: c.title,
      file: c.filePath
        ? {
            url: contentFileUrl(rootPath, c.id),
            name: c.fileName ?? 'file',
            mimeType: c.mimeType ?? 'application/octet-stream',
            size: c.fileSize ?? 0,
            isImage: /^image\/(png|jpeg|gif|webp)$/.test(c.mimeType ?? ''),
          }
        : null,
      ...contentMessages(c, positionLine(lessonPosition({ modules }, c))),
      quiz:
        c.kind === 'QUIZ'
          ? { question: c.quizQuestion ?? '', options: c.quizOptions, correctIndex: c.quizCorrectIndex, explanation: c.quizExplanation, asPoll: quizForm(c, TELEGRAM_PROFILE) === 'poll' }
          : null,
    })),
  }
}
