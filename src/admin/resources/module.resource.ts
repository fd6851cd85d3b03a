// Modules of a course, in order. Create/edit/delete/reorder go through
// domain.authoring; an author only sees modules of their own courses.
import type { ActionContext, ActionRequest, CurrentAdmin, RecordActionResponse } from 'adminjs'
import { attempt, echoable, expectedVersion, reload, requireId, success, text } from '../action-kit'
import { NAV } from '../navigation'
import { actorOf, courseScope, isAdmin, staffAction } from '../panel-user'
import { modulePreview } from '../preview'
import { type Direction, moved } from './reorder'
import type { PanelDeps, ResourceFactory } from './types'

export const moduleScope = (currentAdmin: CurrentAdmin | undefined) => (isAdmin(currentAdmin) ? {} : { course: courseScope(currentAdmin) })

export const moduleListUrl = (rootPath: string, courseId: number | string) =>
  `${rootPath}/resources/Module?filters.course=${courseId}&sortBy=order&direction=asc`

export const moduleResource: ResourceFactory = (deps: PanelDeps) => {
  const { ctx, log, components: C, rootPath } = deps
  const authoring = ctx.domain.authoring
  const prisma = ctx.db.prisma
  const fail = (payload?: Record<string, unknown>) => ({ log, fields: { courseId: 'course' }, submitted: echoable(payload) })
  const moduleOf = (context: ActionContext) => ({ id: Number(context.record!.id()), courseId: Number(context.record!.params.course) })
  const recordJson = (context: ActionContext) => context.record!.toJSON(context.currentAdmin)
  // (the course tree page links a module's contents, "add content" and its preview)
  const treeUrl = (context: ActionContext, courseId: number) => context.h.recordActionUrl({ resourceId: 'Course', recordId: String(courseId), actionName: 'tree' })

  const move = (direction: Direction) => async (request: ActionRequest, _res: unknown, context: ActionContext) =>
    attempt(context, { log }, async () => {
      const { id, courseId } = moduleOf(context)
      const ids = (await prisma.module.findMany({ where: { courseId }, orderBy: [{ order: 'asc' }, { id: 'asc' }], select: { id: true } })).map((m) => m.id)
      const order = moved(ids, id, direction)
      const version = expectedVersion(request.payload) ?? expectedVersion(request.query)
      if (order) await authoring.reorderModules(actorOf(context.currentAdmin), courseId, order, { expectedVersion: version })
      return {
        record: await reload(context, id),
        redirectUrl: moduleListUrl(rootPath, courseId),
        notice: success(order ? `Module moved ${direction}` : `The module is already ${direction === 'up' ? 'first' : 'last'}`),
      }
    })

  return {
    resource: deps.model('Module', moduleScope),
    options: {
      id: 'Module',
      navigation: NAV.courses,
      titleProperty: 'title',
      sort: { sortBy: 'order', direction: 'asc' },
      listProperties: ['order', 'title', 'course'],
      showProperties: ['id', 'course', 'title', 'description', 'order'],
      editProperties: ['course', 'title', 'description', 'expectedVersion'],
      filterProperties: ['course', 'title'],
      properties: {
        course: { components: { edit: C.FixedOnEdit } },
        description: { type: 'textarea', isRequired: false, props: { rows: 3 } },
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
              const courseId = requireId(p.course, 'courseId', 'course')
              const module = await authoring.createModule(
                actorOf(context.currentAdmin),
                courseId,
                { title: text(p.title).trim(), description: text(p.description) },
                { expectedVersion: expectedVersion(p) },
              )
              return {
                record: await reload(context, module.id),
                redirectUrl: treeUrl(context, courseId),
                notice: success(`Module "${module.title}" added`),
              }
            }),
        },
        edit: {
          isAccessible: staffAction,
          handler: async (request: ActionRequest, _res: unknown, context: ActionContext) => {
            const { id, courseId } = moduleOf(context)
            if (request.method === 'get') {
              const course = await prisma.course.findUnique({ where: { id: courseId }, select: { version: true } })
              const json = recordJson(context)
              return { record: { ...json, params: { ...json.params, expectedVersion: course?.version } } }
            }
            return attempt(context, fail(request.payload), async () => {
              const p = request.payload ?? {}
              const module = await authoring.updateModule(
                actorOf(context.currentAdmin),
                id,
                { title: text(p.title).trim(), description: text(p.description) },
                { expectedVersion: expectedVersion(p) },
              )
              return {
                record: await reload(context, id),
                redirectUrl: treeUrl(context, courseId),
                notice: success(`Module "${module.title}" saved`),
              }
            })
          },
        },
        delete: {
          isAccessible: staffAction,
          handler: async (request: ActionRequest, _res: unknown, context: ActionContext) => {
            if (request.method === 'get') return { record: recordJson(context) }
            return attempt(context, { log }, async () => {
              const { id, courseId } = moduleOf(context)
              await authoring.deleteModule(actorOf(context.currentAdmin), id)
              return { record: recordJson(context), redirectUrl: treeUrl(context, courseId), notice: success('Module deleted') }
            })
          },
        },
        bulkDelete: { isAccessible: false, isVisible: false },
        moveUp: { actionType: 'record', icon: 'ArrowUp', component: false, isAccessible: staffAction, handler: move('up') },
        moveDown: { actionType: 'record', icon: 'ArrowDown', component: false, isAccessible: staffAction, handler: move('down') },
        preview: {
          actionType: 'record',
          icon: 'Smartphone',
          component: C.ModulePreview,
          hideActionHeader: true,
          isAccessible: staffAction,
          handler: async (_request: ActionRequest, _res: unknown, context: ActionContext) =>
            ({ record: recordJson(context), preview: await modulePreview(ctx, moduleOf(context).id, rootPath) }) as RecordActionResponse,
        },
      },
    },
  }
}
