// Delivery rule: a lesson (one content) is sent with a header naming where it
// sits in its course, localized (`content-position`) in the student's language
// (the admin panel's preview: the panel's). It counts against the message limits.
import type { Content, CourseTree } from '../types'
import { type Block, para, text } from './rich-text'

/** Where a lesson sits in its course, 1-based (the variables of the bots' `content-position` message). */
export interface LessonPosition {
  module: number
  modules: number
  moduleTitle: string
  index: number
  total: number
}

export function lessonPosition(tree: Pick<CourseTree, 'modules'>, content: Pick<Content, 'id' | 'moduleId'>): LessonPosition {
  const outline = tree.modules.flatMap((m) => m.contents.map((c) => c.id))
  const moduleIndex = Math.max(0, tree.modules.findIndex((m) => m.id === content.moduleId))
  return {
    module: moduleIndex + 1,
    modules: tree.modules.length,
    moduleTitle: tree.modules[moduleIndex]?.title ?? '',
    index: Math.max(0, outline.indexOf(content.id)) + 1,
    total: outline.length,
  }
}

/** The position line (italic, already localized, e.g. "Module 1/3 · What is SQL · lesson 2 of 6") and the lesson title (bold). */
export function lessonHeader(position: string, title: string): Block[] {
  return [para(text(position, ['italic']), text('\n'), text(title, ['bold']))]
}
