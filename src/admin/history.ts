// A course's audit entries as sentences an author reads: titles instead of
// ids, and what changed in plain words ("Moved modules: Intro, Basics, SQL").
import type { CourseTree } from '../domain'

export interface AuditRow {
  action: string
  entity: string
  entityId: number | null
  details: unknown
}

const ENTITY = { course: 'the course', module: 'module', content: 'content', subject: 'subject' } as Record<string, string>
const VERB = { create: 'Added', update: 'Edited', delete: 'Deleted', reorder: 'Reordered' } as Record<string, string>
const FIELD = {
  title: 'title',
  slug: 'link name',
  overview: 'overview',
  subjectId: 'subject',
  description: 'description',
  body: 'text',
  kind: 'kind',
  videoUrl: 'video link',
  quizQuestion: 'question',
  quizOptions: 'options',
  quizCorrectIndex: 'right answer',
  quizExplanation: 'explanation',
  filePath: 'file',
  fileName: 'file',
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

const quoted = (title: string) => `“${title}”`

export function describeChange(e: AuditRow, titles: ReturnType<typeof titlesOf>): string {
  const details = (e.details && typeof e.details === 'object' ? e.details : {}) as Record<string, unknown>
  const titleOf = (entity: string, id: number | null) => {
    const known = id === null ? undefined : (entity === 'module' ? titles.module : entity === 'content' ? titles.content : undefined)?.get(id)
    const title = known ?? (typeof details.title === 'string' ? details.title : undefined)
    return title ? quoted(title) : id === null ? '' : `(no longer in the course)`
  }
  if (e.action === 'publish') return 'Published the course'
  if (e.action === 'unpublish') return 'Unpublished the course'
  if (e.action === 'set-co-authors') return 'Changed the co-authors'
  if (e.action === 'reorder') {
    const order = Array.isArray(details.order) ? (details.order as number[]) : []
    const names = order.map((id) => (e.entity === 'module' ? titles.module : titles.content).get(id) ?? '…')
    const where = e.entity === 'content' && e.entityId !== null ? ` in ${titleOf('module', e.entityId)}` : ''
    return `Reordered ${e.entity === 'module' ? 'modules' : 'contents'}${where}: ${names.join(', ')}`
  }
  const verb = VERB[e.action] ?? e.action
  if (e.entity === 'course') {
    if (e.action === 'create') return 'Created the course'
    const fields = Object.keys(details).map((k) => FIELD[k] ?? k)
    return fields.length ? `Edited the course (${[...new Set(fields)].join(', ')})` : `${verb} the course`
  }
  const what = `${verb} ${ENTITY[e.entity] ?? e.entity} ${titleOf(e.entity, e.entityId)}`.trim()
  if (e.action !== 'update') return what
  const fields = [...new Set(Object.keys(details).filter((k) => k !== 'title' || e.entity !== 'content').map((k) => FIELD[k] ?? k))]
  return fields.length ? `${what} (${fields.join(', ')})` : what
}
