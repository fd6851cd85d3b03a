// The AdminJS instance: resources (one file each under resources/), the
// metrics dashboard, branding and the language (locales/). Imported only after role.ts has set
// ADMIN_JS_TMP_DIR, which AdminJS reads when it loads.
import AdminJS, { ComponentLoader, type CurrentAdmin, type ResourceWithOptions } from 'adminjs'
import type { AppContext } from '../context'
import dmmf from '../generated/dmmf.json'
import { registerComponents } from './components'
import { dashboardHandler } from './dashboard'
import { adminLocale, languageOf, signInLocale } from './locales'
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
    // the signed-in author's language (their profile's locale); the sign-in page picks its own in the browser
    locale: (currentAdmin?: CurrentAdmin) => (currentAdmin ? adminLocale(languageOf(currentAdmin)) : signInLocale()),
  })
}
