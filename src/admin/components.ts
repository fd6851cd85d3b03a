// The panel's React components (src/admin/components/*.tsx), registered with
// AdminJS's ComponentLoader so its bundler builds them into components.bundle.js.
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ComponentLoader } from 'adminjs'

export const COMPONENTS_DIR = fileURLToPath(new URL('./components/', import.meta.url))

const FILES = {
  Dashboard: 'dashboard.tsx',
  CourseTree: 'course-tree.tsx',
  ModulePreview: 'module-preview.tsx',
  AuditTrail: 'audit-trail.tsx',
  CoAuthors: 'co-authors.tsx',
  CourseRoles: 'course-roles.tsx',
  MarkdownEdit: 'markdown-edit.tsx',
  MarkdownShow: 'markdown-show.tsx',
  KindField: 'kind-field.tsx',
  KindSelect: 'kind-select.tsx',
  UploadEdit: 'upload-edit.tsx',
  UploadShow: 'upload-show.tsx',
  QuizOptionsEdit: 'quiz-options-edit.tsx',
  QuizAnswerEdit: 'quiz-answer-edit.tsx',
  VersionField: 'version-field.tsx',
  FixedOnEdit: 'fixed-on-edit.tsx',
  JsonShow: 'json-show.tsx',
  ConfirmAction: 'confirm-action.tsx',
  DateShow: 'date-show.tsx',
  SlugEdit: 'slug-edit.tsx',
  TitleEdit: 'title-edit.tsx',
  Announcements: 'announcements.tsx',
  ChatRoom: 'chat-room.tsx',
} as const

export type PanelComponents = { -readonly [K in keyof typeof FILES]: string }

export function registerComponents(loader: ComponentLoader): PanelComponents {
  const out = {} as PanelComponents
  for (const [name, file] of Object.entries(FILES) as Array<[keyof typeof FILES, string]>) out[name] = loader.add(name, join(COMPONENTS_DIR, file))
  // live co-authoring: lists of course records reload on a co-author's change
  loader.override('DefaultListAction', join(COMPONENTS_DIR, 'live-list.tsx'))
  // the language switch in the top bar (the Version slot); one toast at a time
  loader.override('Version', join(COMPONENTS_DIR, 'language-switch.tsx'))
  loader.override('NoticeBox', join(COMPONENTS_DIR, 'one-notice.tsx'))
  // signing out posts a form with the CSRF token (never a GET)
  loader.override('LoggedIn', join(COMPONENTS_DIR, 'logged-in.tsx'))
  return out
}
