// Courses. Lists and record look-ups are limited to the user's courses by the
// resource's scope; every change goes through domain.authoring (same rules,
// version bump, cache invalidation and audit as the API).
import type { ActionContext, ActionRequest, RecordActionResponse } from 'adminjs'
import { type User, ValidationError } from '../../domain'
import { attempt, changed, failure, confirmedAction, deleteHandler, echoable, expectedVersion, recordFormHandler, recordJson, reload, requireId, setRefusalStatus, staffReads, submitHandler, success, text, versionProperty } from '../action-kit'
import { describeChange, titlesOf } from '../history'
import { NAV } from '../navigation'
import { sayTo } from '../locales'
import { actorOf, courseScope, isAdmin, panelUser, staffAction } from '../panel-user'
import { reorderAction } from './reorder'
import type { PanelDeps, ResourceFactory } from './types'

const FIELDS = { subjectId: 'subject' }

/** The reminder period as typed: empty is none, absent is unchanged; anything else goes to the domain's check (a whole number of days). */
const reminderDays = (v: unknown): number | null | undefined => {
  if (v === undefined) return undefined
  const raw = text(v).trim()
  return raw === '' ? null : Number(raw)
}

export const courseResource: ResourceFactory = (deps: PanelDeps) => {
  const { ctx, log, components: C } = deps
  const authoring = ctx.domain.authoring
  const courseRoles = ctx.domain.courseRoles
  const fail = (payload?: Record<string, unknown>) => ({ log, fields: FIELDS, submitted: echoable(payload) })
  const courseId = (context: ActionContext) => Number(context.record!.id())
  const treeUrl = (context: ActionContext, id: number | string) => context.h.recordActionUrl({ resourceId: 'Course', recordId: String(id), actionName: 'tree' })

  /** GET of a record action with a component: the record plus the component's data. */
  const withRecord = async (context: ActionContext, extra: Record<string, unknown>): Promise<RecordActionResponse> =>
    ({ record: recordJson(context), ...extra }) as RecordActionResponse

  const setPublished = (request: ActionRequest, context: ActionContext, published: boolean) =>
    attempt(context, { log }, async () => {
      const course = await authoring.setPublished(actorOf(context.currentAdmin), courseId(context), published, { expectedVersion: expectedVersion(request.payload) })
      const message = sayTo(context.currentAdmin)(published ? 'messages.coursePublished' : 'messages.courseUnpublished', { title: course.title })
      return { record: await reload(context, course.id), redirectUrl: treeUrl(context, course.id), notice: success(message) }
    })

  return {
    resource: deps.model('Course', courseScope),
    options: {
      id: 'Course',
      navigation: NAV.courses,
      titleProperty: 'title',
      sort: { sortBy: 'updatedAt', direction: 'desc' },
      listProperties: ['title', 'subject', 'published', 'owner', 'version', 'updatedAt'],
      showProperties: ['id', 'title', 'slug', 'subject', 'overview', 'remindAfterDays', 'published', 'owner', 'version', 'createdAt', 'updatedAt'],
      editProperties: ['title', 'slug', 'subject', 'overview', 'remindAfterDays', 'expectedVersion'],
      filterProperties: ['title', 'slug', 'subject', 'published', 'owner'],
      properties: {
        overview: { type: 'textarea', isRequired: false, props: { rows: 5 } },
        // the slug follows the title as it is typed
        title: { components: { edit: C.TitleEdit } },
        slug: { isRequired: false, components: { edit: C.SlugEdit } },
        // (descriptions are message keys: AdminJS translates them)
        remindAfterDays: { type: 'number', description: 'remindAfterDaysHint' },
        published: { isDisabled: true },
        expectedVersion: versionProperty(C.VersionField),
      },
      actions: {
        ...staffReads(),
        new: {
          isAccessible: staffAction,
          handler: submitHandler(fail, async (p, context) => {
            const course = await authoring.createCourse(actorOf(context.currentAdmin), {
              subjectId: requireId(p.subject, 'subjectId', 'chooseSubject'),
              title: text(p.title).trim(),
              slug: text(p.slug).trim(),
              overview: text(p.overview),
              remindAfterDays: reminderDays(p.remindAfterDays),
            })
            return changed(context, course.id, treeUrl(context, course.id), sayTo(context.currentAdmin)('messages.courseCreated', { title: course.title }))
          }),
        },
        edit: {
          isAccessible: staffAction,
          handler: recordFormHandler({
            failure: fail,
            formParams: (context) => ({ expectedVersion: context.record!.params.settingsVersion }),
            save: async (p, context) => {
              const id = courseId(context)
              const course = await authoring.updateCourse(
                actorOf(context.currentAdmin),
                id,
                {
                  subjectId: requireId(p.subject, 'subjectId', 'chooseSubject'),
                  title: text(p.title).trim(),
                  slug: text(p.slug).trim(),
                  overview: text(p.overview),
                  remindAfterDays: reminderDays(p.remindAfterDays),
                },
                { expectedVersion: expectedVersion(p) },
              )
              const shown = context.h.recordActionUrl({ resourceId: 'Course', recordId: String(id), actionName: 'show' })
              return changed(context, id, shown, sayTo(context.currentAdmin)('messages.courseSaved', { title: course.title }))
            },
          }),
        },
        delete: {
          isAccessible: staffAction,
          handler: deleteHandler(log, async (context) => {
            await authoring.deleteCourse(actorOf(context.currentAdmin), courseId(context))
            return { redirectUrl: context.h.resourceUrl({ resourceId: 'Course' }), message: sayTo(context.currentAdmin)('messages.courseDeleted') }
          }),
        },
        bulkDelete: { isAccessible: false, isVisible: false },

        tree: {
          actionType: 'record',
          icon: 'List',
          component: C.CourseTree,
          hideActionHeader: true,
          isAccessible: staffAction,
          handler: async (_request: ActionRequest, _res: unknown, context: ActionContext) => {
            const tree = await authoring.courseTree(courseId(context))
            return withRecord(context, { tree })
          },
        },
        // drag-and-drop of the modules in the course tree
        reorder: reorderAction({ items: 'Modules', log, reorder: (actor, id, order, guard) => authoring.reorderModules(actor, id, order, guard) }),
        publish: confirmedAction({
          component: C.ConfirmAction,
          icon: 'Eye',
          confirm: 'confirmPublish',
          isVisible: ({ record }: ActionContext) => !record?.params.published,
          run: (request, _res, context) => setPublished(request, context, true),
        }),
        unpublish: confirmedAction({
          component: C.ConfirmAction,
          icon: 'EyeOff',
          confirm: 'confirmUnpublish',
          isVisible: ({ record }: ActionContext) => !!record?.params.published,
          run: (request, _res, context) => setPublished(request, context, false),
        }),
        history: {
          actionType: 'record',
          icon: 'Clock',
          component: C.AuditTrail,
          isAccessible: staffAction,
          handler: async (_request: ActionRequest, _res: unknown, context: ActionContext) => {
            const entries = await authoring.history(courseId(context))
            const titles = titlesOf(await authoring.courseTree(courseId(context)))
            const say = sayTo(context.currentAdmin)
            return withRecord(context, {
              entries: entries.map((e) => ({
                id: e.id,
                at: e.at.toISOString(),
                summary: describeChange(e, titles, say),
                actor: e.actor ? (e.actor.name ?? (isAdmin(context.currentAdmin) ? e.actor.email : null) ?? say('messages.history.user', { id: e.actor.id })) : say('messages.history.system'),
                // staff emails are for admins
                actorEmail: isAdmin(context.currentAdmin) ? (e.actor?.email ?? null) : null,
                action: e.action,
                entity: e.entity,
                entityId: e.entityId,
                details: e.details,
              })),
            })
          },
        },
        discordRole: {
          actionType: 'record',
          icon: 'Link',
          component: C.CourseRoles,
          isAccessible: staffAction,
          // the record is found unscoped: every path below asks the domain first (403 for another author)
          custom: { accessInDomain: true },
          // GET: the course's Discord role bindings; POST: bind (guildId, roleId) or unbind (guildId, unbind=1)
          handler: async (request: ActionRequest, response: unknown, context: ActionContext) => {
            const id = courseId(context)
            const actor = actorOf(context.currentAdmin)
            const p = request.payload ?? {}
            try {
              if (request.method === 'get') return await withRecord(context, { bindings: await courseRoles.bindingsOf(actor, id) })
              const guildId = text(p.guildId).trim()
              const say = sayTo(context.currentAdmin)
              let message: string
              if (text(p.unbind) === '1') {
                const removed = await courseRoles.unbind(actor, id, guildId)
                message = say(removed ? 'messages.roleUnbound' : 'messages.roleWasNotBound', { guildId })
              } else {
                const b = await courseRoles.bind(actor, id, guildId, text(p.roleId).trim())
                message = say('messages.roleBound', { roleId: b.roleId, guildId: b.guildId })
              }
              return { record: await reload(context, id), bindings: await courseRoles.bindingsOf(actor, id), notice: success(message) } as RecordActionResponse
            } catch (err) {
              setRefusalStatus(response, err)
              // the domain checks access before the ids: only a validation error comes from someone who may see the course
              const seen = err instanceof ValidationError ? context : ({ ...context, record: undefined } as ActionContext)
              return failure(seen, err, { log, submitted: { guildId: text(p.guildId), roleId: text(p.roleId) } })
            }
          },
        },
        coAuthors: {
          actionType: 'record',
          icon: 'Users',
          component: C.CoAuthors,
          isAccessible: staffAction,
          handler: async (request: ActionRequest, _res: unknown, context: ActionContext) => {
            const id = courseId(context)
            const user = panelUser(context.currentAdmin)!
            const load = async () => {
              const authors = await authoring.authorsOf(id)
              // who may change the list types emails, so sees them; the other co-authors see names
              const canChange = isAdmin(context.currentAdmin) || authors?.owner?.id === user.id
              const say = sayTo(context.currentAdmin)
              const named = (u: User) => u.profile?.displayName ?? (canChange ? u.email : null) ?? say('messages.history.user', { id: u.id })
              return {
                owner: authors?.owner ? named(authors.owner) : '—',
                canChange,
                coAuthors: (authors?.coAuthors ?? []).map((u) => ({ id: u.id, email: canChange ? u.email : null, name: named(u) })),
              }
            }
            if (request.method === 'get') return withRecord(context, { coAuthors: await load() })
            return attempt(context, { log }, async () => {
              const emails = [...new Set(text(request.payload?.emails).split(/[\s,;]+/).map((e) => e.trim().toLowerCase()).filter(Boolean))]
              const users = await authoring.staffByEmails(emails)
              const missing = emails.filter((e) => !users.some((u) => u.email === e))
              if (missing.length) throw new ValidationError(`no author or admin has the email ${missing.join(', ')}`, { field: 'emails', reason: 'unknownEmails', emails: missing.join(', ') })
              await authoring.setCoAuthors(actorOf(context.currentAdmin), id, users.map((u) => u.id))
              return { record: await reload(context, id), coAuthors: await load(), notice: success(sayTo(context.currentAdmin)('messages.coAuthorsSaved')) } as RecordActionResponse
            })
          },
        },
      },
    },
  }
}
