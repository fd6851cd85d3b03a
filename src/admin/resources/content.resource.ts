// Contents of a module: text (Markdown), image, file, video and quiz, each with
// the fields its kind needs. Uploads are checked against the domain's limits
// and kept by ctx.files; every change goes through domain.authoring.
import type { ActionContext, ActionRequest, CurrentAdmin } from 'adminjs'
import { type ContentInput, type ContentKind, ValidationError } from '../../domain'
import { CONTENT_KINDS } from '../../domain/types'
import type { StoredFile } from '../../domain/uploads'
import { UPLOAD_RULES } from '../../domain/uploads'
import { QUIZ_MAX_OPTIONS } from '../../domain/rules'
import { attempt, echoable, expectedVersion, reload, requireId, success, text } from '../action-kit'
import { isUploadedFile, storeUpload } from '../files'
import { NAV } from '../navigation'
import { actorOf, courseScope, isAdmin, staffAction } from '../panel-user'
import { type Direction, moved } from './reorder'
import type { PanelDeps, ResourceFactory } from './types'

const FIELDS = { file: 'upload', quizOptions: 'quizOptionsText', moduleId: 'module' }
const MEDIA: ContentKind[] = ['IMAGE', 'FILE', 'VIDEO']
const MB = 1024 * 1024

export const contentScope = (currentAdmin: CurrentAdmin | undefined) =>
  isAdmin(currentAdmin) ? {} : { module: { course: courseScope(currentAdmin) } }

/** Upload limits shown next to the file input (from the domain's rules). */
export const uploadHints = Object.fromEntries(
  Object.entries(UPLOAD_RULES).map(([kind, rule]) => [
    kind,
    {
      maxMb: rule.maxBytes / MB,
      accept: kind === 'IMAGE' ? 'image/png,image/jpeg,image/gif,image/webp' : kind === 'VIDEO' ? 'video/mp4,video/webm,video/quicktime' : '',
    },
  ]),
)

function kindOf(v: unknown): ContentKind {
  const kind = (text(v).trim() || 'TEXT') as ContentKind
  if (!CONTENT_KINDS.includes(kind)) throw new ValidationError('choose a kind of content', { field: 'kind' })
  return kind
}

const lines = (v: unknown) => text(v).split(/\r?\n/).map((s) => s.trim()).filter(Boolean)

function answerIndex(v: unknown): number | null {
  const n = Number.parseInt(text(v), 10)
  return Number.isInteger(n) ? n : null
}

/** The domain input for a submitted form: only the fields of its kind; the others are cleared. */
function inputFor(kind: ContentKind, p: Record<string, unknown>, upload: StoredFile | null, clearMissing: boolean): Partial<ContentInput> {
  const input: Partial<ContentInput> = { kind, title: text(p.title).trim() }
  input.body = kind === 'QUIZ' ? '' : text(p.body)
  if (MEDIA.includes(kind)) {
    if (upload) Object.assign(input, { filePath: upload.path, fileName: upload.name, mimeType: upload.mimeType, fileSize: upload.size })
  } else if (clearMissing) {
    Object.assign(input, { filePath: null, fileName: null, mimeType: null, fileSize: null })
  }
  if (kind === 'VIDEO') input.videoUrl = text(p.videoUrl).trim() || null
  else if (clearMissing) input.videoUrl = null
  if (kind === 'QUIZ') {
    const options = lines(p.quizOptionsText)
    if (options.length > QUIZ_MAX_OPTIONS) throw new ValidationError(`a quiz takes at most ${QUIZ_MAX_OPTIONS} options`, { field: 'quizOptions' })
    Object.assign(input, {
      quizQuestion: text(p.quizQuestion).trim(),
      quizOptions: options,
      quizCorrectIndex: answerIndex(p.quizCorrectIndex),
      quizExplanation: text(p.quizExplanation).trim() || null,
    })
  } else if (clearMissing) {
    Object.assign(input, { quizQuestion: null, quizOptions: [], quizCorrectIndex: null, quizExplanation: null })
  }
  return input
}

export const contentResource: ResourceFactory = (deps: PanelDeps) => {
  const { ctx, log, components: C, rootPath } = deps
  const authoring = ctx.domain.authoring
  const prisma = ctx.db.prisma
  const fail = (payload?: Record<string, unknown>) => ({ log, fields: FIELDS, submitted: echoable(payload) })
  const recordJson = (context: ActionContext) => context.record!.toJSON(context.currentAdmin)
  const contentOf = (context: ActionContext) => ({ id: Number(context.record!.id()), moduleId: Number(context.record!.params.module) })
  const courseIdOf = async (moduleId: number) => (await prisma.module.findUnique({ where: { id: moduleId }, select: { courseId: true } }))?.courseId
  const treeUrl = (context: ActionContext, courseId: number | undefined) =>
    courseId ? context.h.recordActionUrl({ resourceId: 'Course', recordId: String(courseId), actionName: 'tree' }) : context.h.resourceUrl({ resourceId: 'Content' })

  /** Keeps the upload (if any) for the action; removes it again when the action fails. */
  async function withUpload<T>(kind: ContentKind, p: Record<string, unknown>, run: (upload: StoredFile | null) => Promise<T>): Promise<T> {
    const file = p.upload
    const upload = MEDIA.includes(kind) && isUploadedFile(file) && file.size > 0 ? await storeUpload(ctx, kind, file) : null
    try {
      return await run(upload)
    } catch (err) {
      if (upload) await ctx.files.remove(upload.path).catch(() => {})
      throw err
    }
  }

  const move = (direction: Direction) => async (request: ActionRequest, _res: unknown, context: ActionContext) =>
    attempt(context, { log }, async () => {
      const { id, moduleId } = contentOf(context)
      const ids = (await prisma.content.findMany({ where: { moduleId }, orderBy: [{ order: 'asc' }, { id: 'asc' }], select: { id: true } })).map((c) => c.id)
      const order = moved(ids, id, direction)
      const version = expectedVersion(request.payload) ?? expectedVersion(request.query)
      if (order) await authoring.reorderContents(actorOf(context.currentAdmin), moduleId, order, { expectedVersion: version })
      return {
        record: await reload(context, id),
        redirectUrl: `${rootPath}/resources/Content?filters.module=${moduleId}&sortBy=order&direction=asc`,
        notice: success(order ? `Content moved ${direction}` : `The content is already ${direction === 'up' ? 'first' : 'last'}`),
      }
    })

  const kindOnly = (kinds: ContentKind[], extra: Record<string, unknown> = {}) => ({
    components: { edit: C.KindField, show: C.KindField },
    custom: { kinds, ...extra },
  })

  return {
    resource: deps.model('Content', contentScope),
    options: {
      id: 'Content',
      navigation: NAV.courses,
      titleProperty: 'title',
      sort: { sortBy: 'order', direction: 'asc' },
      listProperties: ['order', 'kind', 'title', 'module'],
      showProperties: ['id', 'module', 'kind', 'title', 'body', 'upload', 'videoUrl', 'quizQuestion', 'quizOptions', 'quizCorrectIndex', 'quizExplanation', 'order', 'owner', 'updatedAt'],
      editProperties: ['module', 'kind', 'title', 'body', 'upload', 'videoUrl', 'quizQuestion', 'quizOptionsText', 'quizCorrectIndex', 'quizExplanation', 'expectedVersion'],
      filterProperties: ['module', 'kind', 'title'],
      properties: {
        module: { components: { edit: C.FixedOnEdit } },
        kind: { components: { edit: C.KindSelect } },
        body: { type: 'textarea', components: { edit: C.MarkdownEdit, show: C.MarkdownShow } },
        upload: {
          type: 'string',
          isVisible: { list: false, filter: false, show: true, edit: true },
          components: { edit: C.UploadEdit, show: C.UploadShow },
          custom: { kinds: MEDIA, hints: uploadHints, fileUrl: `${rootPath}/files/content/` },
        },
        videoUrl: { ...kindOnly(['VIDEO']), description: 'A link to the video (YouTube, Vimeo, ...). Or upload the file above.' },
        quizQuestion: { type: 'textarea', ...kindOnly(['QUIZ']) },
        quizOptions: { ...kindOnly(['QUIZ']), isVisible: { list: false, filter: false, show: true, edit: false } },
        quizOptionsText: {
          type: 'textarea',
          isVisible: { list: false, filter: false, show: false, edit: true },
          components: { edit: C.QuizOptionsEdit },
          custom: { kinds: ['QUIZ'], max: QUIZ_MAX_OPTIONS },
        },
        quizCorrectIndex: { type: 'number', components: { edit: C.QuizAnswerEdit, show: C.KindField }, custom: { kinds: ['QUIZ'] } },
        quizExplanation: { type: 'textarea', ...kindOnly(['QUIZ']) },
        order: { isVisible: { list: true, show: true, edit: false, filter: false } },
        expectedVersion: {
          type: 'number',
          isVisible: { list: false, show: false, filter: false, edit: true },
          components: { edit: C.VersionField },
        },
      },
      actions: {
        list: { isAccessible: staffAction },
        show: { isAccessible: staffAction },
        search: { isAccessible: staffAction },
        new: {
          isAccessible: staffAction,
          handler: async (request: ActionRequest, _res: unknown, context: ActionContext) =>
            attempt(context, fail(request.payload), async () => {
              const p = request.payload ?? {}
              const moduleId = requireId(p.module, 'moduleId', 'module')
              const kind = kindOf(p.kind)
              const content = await withUpload(kind, p, (upload) =>
                authoring.createContent(actorOf(context.currentAdmin), moduleId, inputFor(kind, p, upload, false) as ContentInput, {
                  expectedVersion: expectedVersion(p),
                }),
              )
              return {
                record: await reload(context, content.id),
                redirectUrl: treeUrl(context, await courseIdOf(moduleId)),
                notice: success(`${kind.charAt(0)}${kind.slice(1).toLowerCase()} content "${content.title}" added`),
              }
            }),
        },
        edit: {
          isAccessible: staffAction,
          handler: async (request: ActionRequest, _res: unknown, context: ActionContext) => {
            const { id, moduleId } = contentOf(context)
            if (request.method === 'get') {
              const course = await prisma.module.findUnique({ where: { id: moduleId }, select: { course: { select: { version: true } } } })
              const json = recordJson(context)
              const options = (context.record!.get('quizOptions') as string[] | undefined) ?? []
              return { record: { ...json, params: { ...json.params, expectedVersion: course?.course.version, quizOptionsText: options.join('\n') } } }
            }
            return attempt(context, fail(request.payload), async () => {
              const p = request.payload ?? {}
              const kind = kindOf(p.kind)
              const before = await prisma.content.findUnique({ where: { id }, select: { filePath: true } })
              const content = await withUpload(kind, p, (upload) =>
                authoring.updateContent(actorOf(context.currentAdmin), id, inputFor(kind, p, upload, true), { expectedVersion: expectedVersion(p) }),
              )
              if (before?.filePath && before.filePath !== content.filePath) await ctx.files.remove(before.filePath).catch(() => {})
              return {
                record: await reload(context, id),
                redirectUrl: context.h.recordActionUrl({ resourceId: 'Content', recordId: String(id), actionName: 'show' }),
                notice: success(`Content "${content.title}" saved`),
              }
            })
          },
        },
        delete: {
          isAccessible: staffAction,
          handler: async (request: ActionRequest, _res: unknown, context: ActionContext) => {
            if (request.method === 'get') return { record: recordJson(context) }
            return attempt(context, { log }, async () => {
              const { id, moduleId } = contentOf(context)
              const filePath = context.record!.params.filePath as string | null | undefined
              await authoring.deleteContent(actorOf(context.currentAdmin), id)
              if (filePath) await ctx.files.remove(filePath).catch(() => {})
              return { record: recordJson(context), redirectUrl: treeUrl(context, await courseIdOf(moduleId)), notice: success('Content deleted') }
            })
          },
        },
        bulkDelete: { isAccessible: false, isVisible: false },
        moveUp: { actionType: 'record', icon: 'ArrowUp', component: false, isAccessible: staffAction, handler: move('up') },
        moveDown: { actionType: 'record', icon: 'ArrowDown', component: false, isAccessible: staffAction, handler: move('down') },
      },
    },
  }
}
