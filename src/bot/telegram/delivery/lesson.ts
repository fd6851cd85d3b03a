// A lesson (one content) with where it sits in its course, for the header and
// the navigation buttons. Access is checked by the domain (enrolled students
// of published courses, and the course's authors).
import type { Content, Course, CourseTree } from '../../../domain'
import { lessonHeader as headerBlocks, type LessonPosition, lessonPosition } from '../../../domain/delivery/lesson'
import type { Block } from '../../../domain/delivery/rich-text'
import type { BotContext } from '../context'

export interface Lesson {
  course: Course
  content: Content
  tree: CourseTree
  position: LessonPosition
}

export async function loadLesson(ctx: BotContext, contentId: number): Promise<Lesson> {
  const { actor } = await ctx.student()
  const { course, content } = await ctx.deps.domain.catalog.getContent(contentId, actor)
  const tree = await ctx.deps.domain.catalog.getCourseTree(course.slug, actor)
  return { course, content, tree, position: lessonPosition(tree, content) }
}

export const isFirst = (l: Lesson) => l.position.index === 1
export const isLast = (l: Lesson) => l.position.index >= l.position.total

/** "Module 1/3 · What is SQL · lesson 2 of 6" (italic) and the lesson title (bold). */
export function lessonHeader(ctx: BotContext, l: Lesson): Block[] {
  return headerBlocks(ctx.t('content-position', { ...l.position }), l.content.title)
}

/** Where messages for this update go: the chat, or the user's private chat (poll answers have no chat). */
export function chatIdOf(ctx: BotContext): number {
  const id = ctx.chat?.id ?? ctx.sender?.id
  if (id === undefined) throw new Error('update has neither chat nor user')
  return id
}
