// The AdminJS instance: resources (one file each under resources/), the
// metrics dashboard, branding and labels. Imported only after role.ts has set
// ADMIN_JS_TMP_DIR, which AdminJS reads when it loads.
import AdminJS, { ComponentLoader } from 'adminjs'
import type { AppContext } from '../context'
import dmmf from '../generated/dmmf.json'
import { registerComponents } from './components'
import { dashboardHandler } from './dashboard'
import { buildResources } from './resources'
import { type Datamodel, ScopedResource } from './scoped-resource'

export const ROOT_PATH = '/admin'

/** The full data model (Prisma 7's runtime DMMF is stripped of ids, relations and enums). */
const datamodel = (dmmf as unknown as { datamodel: Datamodel }).datamodel

// Resources are handed to AdminJS as ready instances; no database adapter is registered.
export function createPanel(ctx: AppContext): AdminJS {
  const componentLoader = new ComponentLoader()
  const components = registerComponents(componentLoader)
  const log = ctx.logger.child({ role: 'admin' })
  const resources = buildResources({
    ctx,
    log,
    rootPath: ROOT_PATH,
    components,
    model: (name, scope, more) => new ScopedResource({ model: name, client: ctx.db.prisma, datamodel, scope, ...more }),
  })
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
          },
          messages: {
            loginWelcome: 'Author panel',
            welcomeOnBoard_title: 'TaskMetrics author panel',
            invalidCredentials: 'Wrong email or password',
          },
        },
      },
    },
  })
}
