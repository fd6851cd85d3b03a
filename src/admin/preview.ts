// "Preview as student": a module's contents shaped like the messages the bots
// send (formatted text; a photo, document or video with a caption; a quiz with
// answer buttons). Markdown is rendered by the panel's safe renderer.
import type { AppContext } from '../context'
import { NotFoundError } from '../domain'
import { contentFileUrl } from './files'
import { renderMarkdown, safeUrl } from './markdown'

export interface PreviewMessage {
  id: number
  kind: string
  title: string
  /** Rendered Markdown (the text, or the caption of a media message). */
  html: string
  file: { url: string; name: string; mimeType: string; size: number; isImage: boolean } | null
  videoUrl: string | null
  quiz: { question: string; options: string[]; correctIndex: number | null; explanation: string | null } | null
}

export interface ModulePreview {
  course: { id: number; title: string }
  module: { id: number; title: string; description: string; order: number }
  messages: PreviewMessage[]
}

export async function modulePreview(ctx: AppContext, moduleId: number, rootPath: string): Promise<ModulePreview> {
  const module = await ctx.ports.courses.findModule(moduleId)
  if (!module) throw new NotFoundError('Module')
  const [course, contents] = await Promise.all([ctx.ports.courses.findCourseById(module.courseId), ctx.ports.courses.listContents(moduleId)])
  return {
    course: { id: module.courseId, title: course?.title ?? '' },
    module: { id: module.id, title: module.title, description: module.description, order: module.order },
    messages: contents.map((c) => ({
      id: c.id,
      kind: c.kind,
      title: c.title,
      html: renderMarkdown(c.body ?? ''),
      file: c.filePath
        ? {
            url: contentFileUrl(rootPath, c.id),
            name: c.fileName ?? 'file',
            mimeType: c.mimeType ?? 'application/octet-stream',
            size: c.fileSize ?? 0,
            isImage: /^image\/(png|jpeg|gif|webp)$/.test(c.mimeType ?? ''),
          }
        : null,
      videoUrl: safeUrl(c.videoUrl),
      quiz:
        c.kind === 'QUIZ'
          ? { question: c.quizQuestion ?? '', options: c.quizOptions, correctIndex: c.quizCorrectIndex, explanation: c.quizExplanation }
          : null,
    })),
  }
}
