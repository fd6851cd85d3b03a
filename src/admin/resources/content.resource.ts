// Contents of a module: text (Markdown), image, file, video and quiz, each with
// the fields its kind needs. Uploads are checked against the domain's limits
// and kept by ctx.files; every change goes through domain.authoring.
import type { ActionContext, CurrentAdmin } from 'adminjs'
import { type ContentInput, type ContentKind, ValidationError } from '../../domain'
import { CONTENT_KINDS } from '../../domain/types'
import type { StoredFile } from '../../domain/uploads'
import { IMAGE_TYPES, UPLOAD_RULES, VIDEO_TYPES } from '../../domain/uploads'
import { QUIZ_MAX_OPTIONS } from '../../domain/rules'
import { changed, deleteHandler, echoable, expectedVersion, positionProperty, recordFormHandler, requireId, staffReads, submitHandler, text, versionProperty } from '../action-kit'
import { isUploadedFile, storeUpload } from '../files'
import { NAV } from '../navigation'
import { sayTo } from '../locales'
import { actorOf, courseScope, isAdmin, staffAction } from '../panel-user'
import { moveActions } from './reorder'
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
      accept: kind === 'IMAGE' ? IMAGE_TYPES.join(',') : kind === 'VIDEO' ? VIDEO_TYPES.join(',') : '',
    },
  ]),
)

function kindOf(v: unknown): ContentKind {
  const kind = (text(v).trim() || 'TEXT') as ContentKind
  if (!CONTENT_KINDS.includes(kind)) throw new ValidationError('choose a kind of content', { field: 'kind', reason: 'chooseKind' })
  return kind
}

const lines = (v: unknown) => text(v).split(/\r?\n/).map((s) => s.trim()).filter(Boolean)

function answerIndex(v: unknown): number | null {
  const n = Number.parseInt(text(v), 10)
  return Number.isInteger(n) ? n : null
}

/** The domain input for a submitted form: only the fields of its kind; the others are cleared. */
function inputFor(kind: ContentKind, p: Record<string, unknown>, upload: StoredFile | null, clearMissing: boolean): Partial<ContentInput> {
  // a quiz's question is typed once: the domain names the quiz by it (withQuizTitle)
  const input: Partial<ContentInput> = { kind, title: kind === 'QUIZ' ? '' : text(p.title).trim() }
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
  const fail = (payload?: Record<string, unknown>) => ({ log, fields: FIELDS, submitted: echoable(payload) })
  const contentOf = (context: ActionContext) => ({ id: Number(context.record!.id()), moduleId: Number(context.record!.params.module) })
  const courseIdOf = async (moduleId: number) => (await authoring.courseIdOfModule(moduleId)) ?? undefined
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

  const kindOnly = (kinds: ContentKind[], extra: Record<string, unknown> = {}) => ({
    components: { edit: C.KindField, show: C.KindField },
    custom: { kinds, ...extra },
  })

  return {
    // (its module is shown as "Course › Module"; its place counts from 1)
    resource: deps.model('Content', contentScope, { present: (row, params) => ({ ...params, position: Number(row.order) + 1 }) }),
    options: {
      id: 'Content',
      navigation: NAV.courses,
      titleProperty: 'title',
      sort: { sortBy: 'order', direction: 'asc' },
      listProperties: ['position', 'kind', 'title', 'module'],
      showProperties: ['id', 'module', 'kind', 'title', 'body', 'upload', 'videoUrl', 'quizQuestion', 'quizOptions', 'quizCorrectIndex', 'quizExplanation', 'position', 'owner', 'updatedAt'],
      editProperties: ['module', 'kind', 'title', 'body', 'upload', 'videoUrl', 'quizQuestion', 'quizOptionsText', 'quizCorrectIndex', 'quizExplanation', 'expectedVersion'],
      filterProperties: ['module', 'kind', 'title'],
      properties: {
        module: { components: { edit: C.FixedOnEdit } },
        // (values shown as labels.kind.<VALUE>)
        kind: { components: { edit: C.KindSelect }, availableValues: CONTENT_KINDS.map((value) => ({ value, label: value })) },
        body: { type: 'textarea', components: { edit: C.MarkdownEdit, show: C.MarkdownShow } },
        upload: {
          type: 'string',
          isVisible: { list: false, filter: false, show: true, edit: true },
          components: { edit: C.UploadEdit, show: C.UploadShow },
          custom: { kinds: MEDIA, hints: uploadHints, fileUrl: `${rootPath}/files/content/` },
        },
        // (descriptions are message keys: AdminJS translates them)
        title: { components: { edit: C.KindField }, custom: { kinds: CONTENT_KINDS.filter((k) => k !== 'QUIZ') } },
        videoUrl: { ...kindOnly(['VIDEO']), description: 'videoUrlHint' },
        quizQuestion: { type: 'textarea', ...kindOnly(['QUIZ']), description: 'quizQuestionHint' },
        quizOptions: { ...kindOnly(['QUIZ']), isVisible: { list: false, filter: false, show: true, edit: false } },
        quizOptionsText: {
          type: 'textarea',
          isVisible: { list: false, filter: false, show: false, edit: true },
          components: { edit: C.QuizOptionsEdit },
          custom: { kinds: ['QUIZ'], max: QUIZ_MAX_OPTIONS },
        },
        quizCorrectIndex: { type: 'number', components: { edit: C.QuizAnswerEdit, show: C.KindField }, custom: { kinds: ['QUIZ'] } },
        quizExplanation: { type: 'textarea', ...kindOnly(['QUIZ']) },
        order: { isVisible: false },
        position: positionProperty,
        expectedVersion: versionProperty(C.VersionField),
      },
      actions: {
        ...staffReads(),
        new: {
          isAccessible: staffAction,
          handler: submitHandler(fail, async (p, context) => {
            const moduleId = requireId(p.module, 'moduleId', 'chooseModule')
            const kind = kindOf(p.kind)
            const content = await withUpload(kind, p, (upload) =>
              authoring.createContent(actorOf(context.currentAdmin), moduleId, inputFor(kind, p, upload, false) as ContentInput),
            )
            const say = sayTo(context.currentAdmin)
            const message = say('messages.contentAdded', { kind: say(`labels.kind.${kind}`), title: content.title })
            return changed(context, content.id, treeUrl(context, await courseIdOf(moduleId)), message)
          }),
        },
        edit: {
          isAccessible: staffAction,
          handler: recordFormHandler({
            failure: fail,
            formParams: (context) => {
              const options = (context.record!.get('quizOptions') as string[] | undefined) ?? []
              return { expectedVersion: context.record!.params.version, quizOptionsText: options.join('\n') }
            },
            save: async (p, context) => {
              const { id } = contentOf(context)
              const kind = kindOf(p.kind)
              // the domain removes a replaced file once the new one is saved
              const content = await withUpload(kind, p, (upload) =>
                authoring.updateContent(actorOf(context.currentAdmin), id, inputFor(kind, p, upload, true), { expectedVersion: expectedVersion(p) }),
              )
              const shown = context.h.recordActionUrl({ resourceId: 'Content', recordId: String(id), actionName: 'show' })
              return changed(context, id, shown, sayTo(context.currentAdmin)('messages.contentSaved', { title: content.title }))
            },
          }),
        },
        delete: {
          isAccessible: staffAction,
          handler: deleteHandler(log, async (context) => {
            const { id, moduleId } = contentOf(context)
            await authoring.deleteContent(actorOf(context.currentAdmin), id) // removes its stored file too
            return { redirectUrl: treeUrl(context, await courseIdOf(moduleId)), message: sayTo(context.currentAdmin)('messages.contentDeleted') }
          }),
        },
        bulkDelete: { isAccessible: false, isVisible: false },
        ...moveActions({
          confirmComponent: C.ConfirmAction,
          log,
          parent: 'module',
          siblings: (moduleId) => authoring.contentOrder(moduleId),
          reorder: (actor, moduleId, order, guard) => authoring.reorderContents(actor, moduleId, order, guard),
          listUrl: (moduleId) => `${rootPath}/resources/Content?filters.module=${moduleId}&sortBy=order&direction=asc`,
        }),
      },
    },
  }
}
