// Modules of a course, in order. Create/edit/delete/reorder go through
// domain.authoring; an author only sees modules of their own courses. A
// module's drip schedule (days after enrolment, or a date) is two fields; the
// domain checks them (release-schedule.ts).
import type { ActionContext, ActionRequest, CurrentAdmin, RecordActionResponse } from 'adminjs'
import { ValidationError } from '../../domain'
import type { ModuleInput } from '../../domain/inputs'
import { MAX_DAYS_AFTER_ENROLMENT } from '../../domain/release-schedule'
import { changed, deleteHandler, echoable, expectedVersion, positionProperty, recordFormHandler, recordJson, requireId, staffReads, submitHandler, text, versionProperty } from '../action-kit'
import { NAV } from '../navigation'
import { languageOf, sayTo } from '../locales'
import { actorOf, courseScope, isAdmin, staffAction } from '../panel-user'
import { modulePreview } from '../preview'
import { moveActions, reorderAction } from './reorder'
import type { PanelDeps, ResourceFactory } from './types'

export const moduleScope = (currentAdmin: CurrentAdmin | undefined) => (isAdmin(currentAdmin) ? {} : { course: courseScope(currentAdmin) })

export const moduleListUrl = (rootPath: string, courseId: number | string) =>
  `${rootPath}/resources/Module?filters.course=${courseId}&sortBy=order&direction=asc`

export const moduleResource: ResourceFactory = (deps: PanelDeps) => {
  const { ctx, log, components: C, rootPath } = deps
  const authoring = ctx.domain.authoring
  const fail = (payload?: Record<string, unknown>) => ({ log, fields: { courseId: 'course' }, submitted: echoable(payload) })
  const moduleOf = (context: ActionContext) => ({ id: Number(context.record!.id()), courseId: Number(context.record!.params.course) })
  // (the course tree page links a module's contents, "add content" and its preview)
  const treeUrl = (context: ActionContext, courseId: number) => context.h.recordActionUrl({ resourceId: 'Course', recordId: String(courseId), actionName: 'tree' })

  return {
    // a module is named with its course wherever it is picked or shown ("Course › Module"); its place counts from 1
    resource: deps.model('Module', moduleScope, {
      include: { course: { select: { title: true } } },
      present: (row, params) => ({
        ...params,
        label: `${(row.course as { title: string }).title} › ${row.title}`,
        position: Number(row.order) + 1,
        // a calendar date, shown and edited as written (AdminJS's date picker would shift it by the browser's UTC offset)
        opensOnDate: row.opensOnDate instanceof Date ? row.opensOnDate.toISOString().slice(0, 10) : '',
      }),
      virtualFilters: {
        label: (value) => ({ OR: [{ title: { contains: value, mode: 'insensitive' } }, { course: { title: { contains: value, mode: 'insensitive' } } }] }),
      },
    }),
    options: {
      id: 'Module',
      navigation: NAV.courses,
      titleProperty: 'label',
      sort: { sortBy: 'order', direction: 'asc' },
      listProperties: ['position', 'title', 'course'],
      showProperties: ['id', 'course', 'title', 'description', 'position', 'opensDaysAfterEnrolment', 'opensOnDate'],
      editProperties: ['course', 'title', 'description', 'opensDaysAfterEnrolment', 'opensOnDate', 'expectedVersion'],
      filterProperties: ['course', 'title'],
      properties: {
        course: { components: { edit: C.FixedOnEdit } },
        description: { type: 'textarea', isRequired: false, props: { rows: 3 } },
        order: { isVisible: false },
        opensDaysAfterEnrolment: {
          type: 'number' as const,
          description: 'opensDaysAfterEnrolmentHint',
        },
        opensOnDate: {
          type: 'string' as const,
          description: 'opensOnDateHint',
        },
        position: positionProperty,
        label: { type: 'string' as const, isVisible: false },
        expectedVersion: versionProperty(C.VersionField),
      },
      actions: {
        ...staffReads(),
        new: {
          isAccessible: staffAction,
          handler: submitHandler(fail, async (p, context) => {
            const courseId = requireId(p.course, 'courseId', 'chooseCourse')
            const module = await authoring.createModule(actorOf(context.currentAdmin), courseId, { title: text(p.title).trim(), description: text(p.description), ...scheduleOf(p) })
            return changed(context, module.id, treeUrl(context, courseId), sayTo(context.currentAdmin)('messages.moduleAdded', { title: module.title }))
          }),
        },
        edit: {
          isAccessible: staffAction,
          handler: recordFormHandler({
            failure: fail,
            formParams: (context) => ({ expectedVersion: context.record!.params.version }),
            save: async (p, context) => {
              const { id, courseId } = moduleOf(context)
              const module = await authoring.updateModule(
                actorOf(context.currentAdmin),
                id,
                { title: text(p.title).trim(), description: text(p.description), ...scheduleOf(p) },
                { expectedVersion: expectedVersion(p) },
              )
              return changed(context, id, treeUrl(context, courseId), sayTo(context.currentAdmin)('messages.moduleSaved', { title: module.title }))
            },
          }),
        },
        delete: {
          isAccessible: staffAction,
          handler: deleteHandler(log, async (context) => {
            const { id, courseId } = moduleOf(context)
            await authoring.deleteModule(actorOf(context.currentAdmin), id)
            return { redirectUrl: treeUrl(context, courseId), message: sayTo(context.currentAdmin)('messages.moduleDeleted') }
          }),
        },
        bulkDelete: { isAccessible: false, isVisible: false },
        ...moveActions({
          confirmComponent: C.ConfirmAction,
          log,
          parent: 'course',
          siblings: (courseId) => authoring.moduleOrder(courseId),
          reorder: (actor, courseId, order, guard) => authoring.reorderModules(actor, courseId, order, guard),
          listUrl: (courseId) => moduleListUrl(rootPath, courseId),
        }),
        // drag-and-drop of the module's contents in the course tree
        reorder: reorderAction({ items: 'Contents', log, reorder: (actor, id, order, guard) => authoring.reorderContents(actor, id, order, guard) }),
        preview: {
          actionType: 'record',
          icon: 'Smartphone',
          component: C.ModulePreview,
          hideActionHeader: true,
          isAccessible: staffAction,
          handler: async (_request: ActionRequest, _res: unknown, context: ActionContext) =>
            ({ record: recordJson(context), preview: await modulePreview(authoring, moduleOf(context).id, rootPath, languageOf(context.currentAdmin)) }) as RecordActionResponse,
        },
      },
    },
  }
}

/** The schedule fields of the form (empty: no rule; not sent: unchanged); the domain checks the rest. */
function scheduleOf(p: Record<string, unknown>): Pick<ModuleInput, 'opensDaysAfterEnrolment' | 'opensOnDate'> {
  const out: Pick<ModuleInput, 'opensDaysAfterEnrolment' | 'opensOnDate'> = {}
  if (p.opensDaysAfterEnrolment !== undefined) {
    const days = text(p.opensDaysAfterEnrolment).trim()
    if (days && !/^\d+$/.test(days)) throw new ValidationError(`Days after enrolment must be a whole number from 0 to ${MAX_DAYS_AFTER_ENROLMENT}`, { field: 'opensDaysAfterEnrolment', reason: 'opensDays', max: MAX_DAYS_AFTER_ENROLMENT })
    out.opensDaysAfterEnrolment = days ? Number(days) : null
  }
  if (p.opensOnDate !== undefined) out.opensOnDate = text(p.opensOnDate).trim() || null
  return out
}
