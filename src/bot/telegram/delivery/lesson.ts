// A lesson (one content) with where it sits in its course, for the header and
// the navigation buttons. Access is checked by the domain (enrolled students
// of published courses, and the course's authors).
import type { Content, Course, CourseTree } from '../../../domain'
import type { Block } from '../../shared/rich-text'
import type { BotContext } from '../context'

export interface Lesson {
  course: Course
  content: Content
  tree: CourseTree
  moduleIndex: number
  moduleTitle: string
  index: number
  total: number
}

export async function loadLesson(ctx: BotContext, contentId: number): Promise<Lesson> {
  const { actor } = await ctx.student()
  const { course, content } = await ctx.deps.domain.catalog.getContent(contentId, actor)
  const tree = await ctx.deps.domain.catalog.getCourseTree(course.slug, actor)
  const outline = tree.modules.flatMap((m) => m.contents.map((c) => c.id))
  const moduleIndex = Math.max(0, tree.modules.findIndex((m) => m.id === content.moduleId))
  return {
    course,
    content,
    tree,
    moduleIndex,
    moduleTitle: tree.modules[moduleIndex]?.title ?? '',
    index: Math.max(0, outline.indexOf(content.id)),
    total: outline.length,
  }
}

export const isFirst = (l: Lesson) => l.index === 0
export const isLast = (l: Lesson) => l.index >= l.total - 1

/** "Module 1/3 · What is SQL · lesson 2 of 6" (italic) and the lesson title (bold). */
export function lessonHeader(ctx: BotContext, l: Lesson): Block[] {
  const position = ctx.t('content-position', {
    module: l.moduleIndex + 1,
    modules: l.tree.modules.length,
    moduleTitle: l.moduleTitle,
    index: l.index + 1,
    total: l.total,
  })
  return [{ type: 'text', spans: [{ text: position, marks: ['italic'] }, { text: '\n', marks: [] }, { text: l.content.title, marks: ['bold'] }] }]
}

/** Where messages for this update go: the chat, or the user's private chat (poll answers have no chat). */
export function chatIdOf(ctx: BotContext): number {
  const id = ctx.chat?.id ?? ctx.sender?.id
  if (id === undefined) throw new Error('update has neither chat nor user')
  return id
}
