// The AdminJS instance: resources (one file each under resources/), the
// metrics dashboard, branding and labels. Imported only after role.ts has set
// ADMIN_JS_TMP_DIR, which AdminJS reads when it loads.
import AdminJS, { ComponentLoader, type ResourceWithOptions } from 'adminjs'
import type { AppContext } from '../context'
import dmmf from '../generated/dmmf.json'
import { registerComponents } from './components'
import { dashboardHandler } from './dashboard'
import { buildResources } from './resources'
import { type Datamodel, ScopedResource } from './scoped-resource'

export const ROOT_PATH = '/admin'

/** The full data model (Prisma 7's runtime DMMF is stripped of ids, relations and enums). */
const datamodel = (dmmf as unknown as { datamodel: Datamodel }).datamodel

/** Every date/time column shown in the panel's one format (components/dates.ts). */
function withDateFormat(r: ResourceWithOptions, DateShow: string): ResourceWithOptions {
  const properties = { ...(r.options.properties ?? {}) }
  for (const p of (r.resource as ScopedResource).properties()) {
    if (p.type() !== 'datetime') continue
    const own = properties[p.path()] ?? {}
    properties[p.path()] = { ...own, components: { list: DateShow, show: DateShow, ...own.components } }
  }
  return { ...r, options: { ...r.options, properties } }
}

/**
 * The database client the AdminJS adapter (@adminjs/prisma, under
 * ScopedResource) lists and finds records with: the project's Prisma client,
 * handed in by the composition root (main.ts). Nothing else in the panel
 * reads or writes the database: its own reads and writes are domain calls.
 */
export type AdapterClient = object

// Resources are handed to AdminJS as ready instances; no database adapter is registered.
export function createPanel(ctx: AppContext, records: AdapterClient): AdminJS {
  const componentLoader = new ComponentLoader()
  const components = registerComponents(componentLoader)
  const log = ctx.logger.child({ role: 'admin' })
  const resources = buildResources({
    ctx,
    log,
    rootPath: ROOT_PATH,
    components,
    model: (name, scope, more) => new ScopedResource({ model: name, client: records, datamodel, scope, ...more }),
  }).map((r) => withDateFormat(r, components.DateShow))
  return new AdminJS({
    rootPath: ROOT_PATH,
    loginPath: `${ROOT_PATH}/login`,
    logoutPath: `${ROOT_PATH}/logout`,
    componentLoader,
    resources,
    dashboard: { handler: dashboardHandler(ctx), component: components.Dashboard },
    branding: {
      companyName: 'TaskMetrics',
      withMadeWithLove: false,
      logo: false,
      favicon: undefined,
    },
    settings: { defaultPerPage: 20 },
    locale: {
      language: 'en',
      availableLanguages: ['en'],
      localeDetection: false,
      translations: {
        en: {
          actions: {
            tree: 'Course tree',
            publish: 'Publish',
            unpublish: 'Unpublish',
            history: 'History',
            coAuthors: 'Co-authors',
            moveUp: 'Move up',
            moveDown: 'Move down',
            preview: 'Preview as student',
            addCourse: 'Add a course',
          },
          labels: {
            Subject: 'Subjects',
            Course: 'Courses',
            Module: 'Modules',
            Content: 'Contents',
            AuditEntry: 'Audit trail',
            User: 'Users',
            Announcement: 'Announcements',
            ChatRoom: 'Chat rooms',
          },
          properties: {
            expectedVersion: 'Course version',
            upload: 'File',
            videoUrl: 'Video URL',
            quizQuestion: 'Question',
            quizOptions: 'Options',
            quizOptionsText: 'Options (one per line)',
            quizCorrectIndex: 'Right answer',
            quizExplanation: 'Explanation (shown after answering)',
            entityId: 'Entity id',
            at: 'When',
            position: '#',
            opensDaysAfterEnrolment: 'Opens … days after enrolment',
            opensOnDate: 'Opens on (date)',
          },
          // AdminJS's own wording, in the panel's words (no field ids, no {{placeholders}}, no "AdminJS")
          components: {
            Login: {
              welcomeHeader: 'TaskMetrics',
              welcomeMessage: 'The author panel: build courses, preview them as students get them in Telegram and Discord, and watch how they learn.',
              properties: { email: 'Email', password: 'Password' },
              loginButton: 'Sign in',
            },
          },
          buttons: { login: 'Sign in', logout: 'Sign out', confirmRemovalMany: 'Delete {{count}} item', confirmRemovalMany_plural: 'Delete {{count}} items' },
          messages: {
            loginWelcome: 'Author panel',
            welcomeOnBoard_title: 'TaskMetrics author panel',
            invalidCredentials: 'Wrong email or password',
            successfullyCreated: 'Created',
            successfullyUpdated: 'Saved',
            successfullyDeleted: 'Deleted',
            thereWereValidationErrors: 'Some fields need a look: see the messages under them.',
            forbiddenError: 'You may not do this here.',
            anyForbiddenError: 'You may not do this here.',
            error404Resource: 'There is no such list in the panel.',
            error404Action: 'This action is not available here.',
            error404Record: 'This item does not exist, or it is not one of yours.',
            errorFetchingRecords: 'The list could not be loaded. Try again in a moment.',
            errorFetchingRecord: 'This item could not be loaded. Try again in a moment.',
            seeConsoleForMore: 'If it keeps happening, tell an admin.',
            bulkDeleteError: 'Those items could not be deleted. Try again in a moment.',
            noRecordsInResource: 'Nothing here yet.',
            noRecords: 'Nothing here yet.',
            confirmDelete: 'Delete this for good?',
            noActionComponent: 'This action has no page.',
          },
        },
      },
    },
  })
}
