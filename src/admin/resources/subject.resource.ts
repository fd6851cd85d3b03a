// Subjects: the shared taxonomy above courses. Authors add subjects; only an
// admin renames or removes one (the domain's rule).
import type { ActionContext, ActionRequest } from 'adminjs'
import { NAV } from '../navigation'
import { actorOf, adminAction, staffAction } from '../panel-user'
import { attempt, echoable, reload, requireId, success, text } from '../action-kit'
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
        slug: { description: 'Lowercase letters, digits and dashes, e.g. databases' },
      },
      actions: {
        list: { isAccessible: staffAction },
        show: { isAccessible: staffAction },
        search: { isAccessible: staffAction },
        new: {
          isAccessible: staffAction,
          handler: async (request: ActionRequest, _res: unknown, context: ActionContext) =>
            attempt(context, fail(request.payload), async () => {
              const subject = await authoring.createSubject(actorOf(context.currentAdmin), {
                title: text(request.payload?.title).trim(),
                slug: text(request.payload?.slug).trim(),
              })
              return {
                record: await reload(context, subject.id),
                redirectUrl: context.h.resourceUrl({ resourceId: 'Subject' }),
                notice: success(`Subject "${subject.title}" created`),
              }
            }),
        },
        edit: {
          isAccessible: adminAction,
          handler: async (request: ActionRequest, _res: unknown, context: ActionContext) => {
            const record = context.record!
            if (request.method === 'get') return { record: record.toJSON(context.currentAdmin) }
            return attempt(context, fail(request.payload), async () => {
              const id = requireId(record.id(), 'id', 'subject')
              const subject = await authoring.updateSubject(actorOf(context.currentAdmin), id, {
                title: text(request.payload?.title).trim(),
                slug: text(request.payload?.slug).trim(),
              })
              return {
                record: await reload(context, id),
                redirectUrl: context.h.recordActionUrl({ resourceId: 'Subject', recordId: String(id), actionName: 'show' }),
                notice: success(`Subject "${subject.title}" saved`),
              }
            })
          },
        },
        delete: {
          isAccessible: adminAction,
          handler: async (request: ActionRequest, _res: unknown, context: ActionContext) => {
            const record = context.record!
            if (request.method === 'get') return { record: record.toJSON(context.currentAdmin) }
            return attempt(context, { log }, async () => {
              await authoring.deleteSubject(actorOf(context.currentAdmin), Number(record.id()))
              return {
                record: record.toJSON(context.currentAdmin),
                redirectUrl: context.h.resourceUrl({ resourceId: 'Subject' }),
                notice: success('Subject deleted'),
              }
            })
          },
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
