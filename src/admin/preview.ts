// "Preview as student": a module's contents as the messages a bot sends, for
// each platform the author may pick (Telegram, Discord). It renders the very
// plan the bots send (domain/delivery/plan-builder.ts, fitted to the
// platform's profile by the one splitter, localized by the shared
// translations: the panel's locale is English for now), message by message,
// as safe browser HTML.
import { NotFoundError } from '../domain'
import type { AuthoringService } from '../domain/authoring.service'
import { lessonPosition } from '../domain/delivery/lesson'
import type { PlanMessage } from '../domain/delivery/plan'
import { buildLessonPlan, type LessonInput } from '../domain/delivery/plan-builder'
import { type MessagingPlatform, PROFILES } from '../domain/delivery/profile'
import type { Translate } from '../domain/i18n'
import type { Content, ContentKind } from '../domain/types'
import { isImageType } from '../domain/uploads'
import { translator } from '../i18n/translator'
import { contentFileUrl } from './files'
import { blocksToHtml } from './preview-html'

/** The panel's language (the translations the previews use). */
export const PANEL_LOCALE = 'en'

/** One message of a lesson as the preview shows it. */
export interface PreviewMessage {
  type: PlanMessage['type']
  /** The text (or the media's caption) as escaped HTML; null for a poll or an empty caption. */
  html: string | null
  /** The link a link message shows a preview of. */
  url: string | null
  /** A native quiz poll. */
  poll: { question: string; options: string[] } | null
  /** The buttons under the message, row by row (labels as the student sees them). */
  buttons: string[][]
}

/** One content: the messages it is sent as, in order. */
export interface PreviewContent {
  id: number
  kind: ContentKind
  title: string
  /** The uploaded file, for a photo, document or video sent as a media message. */
  file: { url: string; name: string; mimeType: string; size: number; isImage: boolean } | null
  messages: PreviewMessage[]
  /** For the author only: the right answer and how the quiz goes on this platform. */
  quiz: { options: string[]; correctIndex: number | null; explanation: string | null; form: 'poll' | 'buttons' } | null
}

export interface ModulePreview {
  course: { id: number; title: string }
  module: { id: number; title: string; description: string; order: number }
  /** The module's contents as each platform gets them. */
  platforms: Record<MessagingPlatform, PreviewContent[]>
}

export function previewMessage(m: PlanMessage): PreviewMessage {
  const blocks = m.type === 'poll' ? [] : m.type === 'media' ? m.caption : m.blocks
  return {
    type: m.type,
    html: blocks.length ? blocksToHtml(blocks) : null,
    url: m.type === 'link' ? m.url : null,
    poll: m.type === 'poll' ? { question: m.poll.question, options: m.poll.options } : null,
    buttons: m.buttons.map((row) => row.map((b) => b.label)),
  }
}

/** One lesson as a platform gets it (the bots' plan, rendered for the browser). */
export function previewContent(lesson: LessonInput, platform: MessagingPlatform, t: Translate, file: PreviewContent['file'] = null): PreviewContent {
  const c = lesson.content
  const plan = buildLessonPlan(lesson, PROFILES[platform], t)
  return {
    id: c.id,
    kind: c.kind,
    title: c.title,
    file,
    messages: plan.messages.map(previewMessage),
    quiz: plan.quiz ? { options: c.quizOptions, correctIndex: c.quizCorrectIndex, explanation: c.quizExplanation, form: plan.quiz } : null,
  }
}

function fileOf(c: Content, rootPath: string): PreviewContent['file'] {
  if (!c.filePath) return null
  return {
    url: contentFileUrl(rootPath, c.id),
    name: c.fileName ?? 'file',
    mimeType: c.mimeType ?? 'application/octet-stream',
    size: c.fileSize ?? 0,
    isImage: isImageType(c.mimeType),
  }
}

/** `locale`: the language of the bots' own words (lesson headers, buttons) in the preview: the author's. */
export async function modulePreview(authoring: Pick<AuthoringService, 'moduleForPreview'>, moduleId: number, rootPath: string, locale: string = PANEL_LOCALE): Promise<ModulePreview> {
  const found = await authoring.moduleForPreview(moduleId)
  if (!found) throw new NotFoundError('Module')
  const { module, course: tree, contents } = found
  const modules = tree?.modules ?? []
  const t = translator().forLocale(locale)
  const lessons = contents.map((content): LessonInput => {
    const position = lessonPosition({ modules }, content)
    return { content, courseId: module.courseId, position, nav: { first: position.index === 1, last: position.index >= position.total } }
  })
  const forPlatform = (platform: MessagingPlatform) => lessons.map((l) => previewContent(l, platform, t, fileOf(l.content, rootPath)))
  return {
    course: { id: module.courseId, title: tree?.title ?? '' },
    module: { id: module.id, title: module.title, description: module.description, order: module.order },
    platforms: { TELEGRAM: forPlatform('TELEGRAM'), DISCORD: forPlatform('DISCORD') },
  }
}
