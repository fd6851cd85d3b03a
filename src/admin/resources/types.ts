// What every resource definition receives. A resource is one file in this
// folder exporting a factory `(deps) => ResourceWithOptions`; index.ts lists them.
import type { ResourceWithOptions } from 'adminjs'
import type { AppContext } from '../../context'
import type { Logger } from '../../infra/logger'
import type { PanelComponents } from '../components'
import type { RowScope, ScopedResource, ScopedResourceOptions } from '../scoped-resource'

export interface PanelDeps {
  ctx: AppContext
  log: Logger
  /** Where the panel is mounted ('/admin'). */
  rootPath: string
  components: PanelComponents
  /** A Prisma-backed AdminJS resource for a model, with a per-user row scope (and secret columns, per-viewer params). */
  model(name: string, scope: RowScope, more?: Pick<ScopedResourceOptions, 'secret' | 'include' | 'present' | 'virtualFilters'>): ScopedResource
}

export type ResourceFactory = (deps: PanelDeps) => ResourceWithOptions
