// Subjects: the shared taxonomy above courses. Authors add subjects; only an
// admin renames or removes one (the domain's rule).
import type { ActionContext, ActionRequest } from 'adminjs'
import { NAV } from '../navigation'
import { sayTo } from '../locales'
import { actorOf, adminAction, staffAction } from '../panel-user'
import { changed, deleteHandler, echoable, recordFormHandler, requireId, staffReads, submitHandler, text } from '../action-kit'
import type { PanelDeps, ResourceFactory } from './types'

export const subjectResource: ResourceFactory = (deps: PanelDeps) => {
  const { ctx, log } = deps
  const authoring = ctx.domain.authoring
  const fail = (payload?: Record<string, unknown>) => ({ log, submitted: echoable(payload) })

  return {
    resource: deps.model('Subject', () => ({})),
    options: {
      id: 'Subject',
      navigation: NAV.courses,
      titleProperty: 'title',
      sort: { sortBy: 'title', direction: 'asc' },
      listProperties: ['title', 'slug'],
      showProperties: ['id', 'title', 'slug'],
      editProperties: ['title', 'slug'],
      filterProperties: ['title', 'slug'],
      properties: {
        title: { components: { edit: deps.components.TitleEdit } },
        slug: { components: { edit: deps.components.SlugEdit }, custom: { hint: 'SlugEdit.subjectHint' } },
      },
      actions: {
        ...staffReads(),
        new: {
          isAccessible: staffAction,
          handler: submitHandler(fail, async (p, context) => {
            const subject = await authoring.createSubject(actorOf(context.currentAdmin), { title: text(p.title).trim(), slug: text(p.slug).trim() })
            return changed(context, subject.id, context.h.resourceUrl({ resourceId: 'Subject' }), sayTo(context.currentAdmin)('messages.subjectCreated', { title: subject.title }))
          }),
        },
        edit: {
          isAccessible: adminAction,
          handler: recordFormHandler({
            failure: fail,
            save: async (p, context) => {
              const id = requireId(context.record!.id(), 'id', 'chooseSubject')
              const subject = await authoring.updateSubject(actorOf(context.currentAdmin), id, { title: text(p.title).trim(), slug: text(p.slug).trim() })
              const shown = context.h.recordActionUrl({ resourceId: 'Subject', recordId: String(id), actionName: 'show' })
              return changed(context, id, shown, sayTo(context.currentAdmin)('messages.subjectSaved', { title: subject.title }))
            },
          }),
        },
        delete: {
          isAccessible: adminAction,
          handler: deleteHandler(log, async (context) => {
            await authoring.deleteSubject(actorOf(context.currentAdmin), Number(context.record!.id()))
            return { redirectUrl: context.h.resourceUrl({ resourceId: 'Subject' }), message: sayTo(context.currentAdmin)('messages.subjectDeleted') }
          }),
        },
        bulkDelete: { isAccessible: false, isVisible: false },
        addCourse: {
          actionType: 'record',
          icon: 'Plus',
          component: false,
          isAccessible: staffAction,
          handler: async (_request: ActionRequest, _res: unknown, context: ActionContext) => ({
            record: context.record!.toJSON(context.currentAdmin),
            redirectUrl: context.h.resourceActionUrl({ resourceId: 'Course', actionName: 'new', search: `?subject=${context.record!.id()}` }),
          }),
        },
      },
    },
  }
}
