// A course's audit entries as sentences an author reads: titles instead of
// ids, and what changed in plain words ("Reordered modules: Intro, Basics, SQL"),
// in the reader's language.
import type { CourseTree } from '../domain'
import type { Say } from './locales'

export interface AuditRow {
  action: string
  entity: string
  entityId: number | null
  details: unknown
}

/** Audit detail keys -> the panel's property names (translations' `properties`). */
const FIELD = {
  title: 'title',
  slug: 'slug',
  overview: 'overview',
  subjectId: 'subject',
  description: 'description',
  body: 'body',
  kind: 'kind',
  videoUrl: 'videoUrl',
  quizQuestion: 'quizQuestion',
  quizOptions: 'quizOptions',
  quizCorrectIndex: 'quizCorrectIndex',
  quizExplanation: 'quizExplanation',
  filePath: 'upload',
  fileName: 'upload',
} as Record<string, string>

/** Titles of the course's modules and contents, by kind and id. */
export function titlesOf(tree: CourseTree | null): { module: Map<number, string>; content: Map<number, string> } {
  const module = new Map<number, string>()
  const content = new Map<number, string>()
  for (const m of tree?.modules ?? []) {
    module.set(m.id, m.title)
    for (const c of m.contents) content.set(c.id, c.title)
  }
  return { module, content }
}

const VERBS = new Set(['create', 'update', 'delete'])

/** One audit entry as a sentence in the reader's language (`say`: locales/index.ts). */
export function describeChange(e: AuditRow, titles: ReturnType<typeof titlesOf>, say: Say): string {
  const details = (e.details && typeof e.details === 'object' ? e.details : {}) as Record<string, unknown>
  const titleOf = (entity: string, id: number | null) => {
    const known = id === null ? undefined : (entity === 'module' ? titles.module : entity === 'content' ? titles.content : undefined)?.get(id)
    const title = known ?? (typeof details.title === 'string' ? details.title : undefined)
    return title ? say('messages.history.quoted', { title }) : id === null ? '' : say('messages.history.gone')
  }
  const fieldsOf = (keys: string[]) => [...new Set(keys.map((k) => say(`properties.${FIELD[k] ?? k}`)))].join(', ')
  if (e.action === 'publish') return say('messages.history.publish')
  if (e.action === 'unpublish') return say('messages.history.unpublish')
  if (e.action === 'set-co-authors') return say('messages.history.coAuthors')
  if (e.action === 'reorder') {
    const order = Array.isArray(details.order) ? (details.order as number[]) : []
    const names = order.map((id) => (e.entity === 'module' ? titles.module : titles.content).get(id) ?? '…').join(', ')
    if (e.entity === 'module') return say('messages.history.reorderModules', { names })
    return say('messages.history.reorderContents', { names, module: e.entityId === null ? '' : titleOf('module', e.entityId) })
  }
  if (e.entity === 'course') {
    if (e.action === 'create') return say('messages.history.courseCreated')
    const keys = Object.keys(details)
    return keys.length ? say('messages.history.courseEdited', { fields: fieldsOf(keys) }) : say('messages.history.courseChanged')
  }
  const verb = VERBS.has(e.action) ? e.action : 'update'
  const what = say(`messages.history.${verb}`, { entity: say(`messages.history.entity.${e.entity}`), title: titleOf(e.entity, e.entityId) }).trim()
  if (e.action !== 'update') return what
  const keys = Object.keys(details).filter((k) => k !== 'title' || e.entity !== 'content')
  return keys.length ? `${what} (${fieldsOf(keys)})` : what
}
