// The `admin` role: the author panel (AdminJS) on ADMIN_PORT under /admin.
import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import { resolve } from 'node:path'
import type { AppContext } from '../context'
import type { AdapterClient } from './panel'
import type { RunningRole } from '../roles/types'

export interface RunningAdmin extends RunningRole {
  port: number
  /** Milliseconds from the call to listening (bundle check or build included). */
  startupMs: number
  /** Whether the components bundle was built at this start (false: reused). */
  bundleBuilt: boolean
}

/**
 * AdminJS reads these when its modules load, so they are set before the first
 * import of adminjs. ADMIN_JS_TMP_DIR: where the components bundle is built
 * (default DATA_DIR/adminjs; the image sets its own). ADMIN_JS_SKIP_BUNDLE:
 * the role builds the bundle itself (bundle.ts), once, with a content hash.
 */
function prepareAdminJsEnvironment(ctx: AppContext) {
  process.env.ADMIN_JS_TMP_DIR ||= resolve(ctx.config.dataDir, 'adminjs')
  process.env.ADMIN_JS_SKIP_BUNDLE = 'true'
}

export interface AdminRoleDeps {
  /** The client the AdminJS adapter reads records with (panel.ts AdapterClient): the composition root's Prisma client. */
  records: AdapterClient
}

export async function startAdminRole(ctx: AppContext, deps: AdminRoleDeps, opts: { port?: number; host?: string } = {}): Promise<RunningAdmin> {
  const started = performance.now()
  prepareAdminJsEnvironment(ctx)
  const [{ createPanel }, { createAdminApp }, { ensureComponentsBundle }, { COMPONENTS_DIR }] = await Promise.all([
    import('./panel'),
    import('./app'),
    import('./bundle'),
    import('./components'),
  ])
  const log = ctx.logger.child({ role: 'admin' })
  const admin = createPanel(ctx, deps.records)
  // the components also import the preview renderer and the domain's delivery rules it uses
  const rendering = [
    new URL('./preview-html.ts', import.meta.url).pathname,
    new URL('../domain/delivery/', import.meta.url).pathname,
    new URL('../domain/uploads.ts', import.meta.url).pathname,
    new URL('../domain/slug.ts', import.meta.url).pathname,
  ]
  const bundle = await ensureComponentsBundle(admin, [COMPONENTS_DIR, ...rendering])
  log.info({ built: bundle.built, ms: bundle.ms }, bundle.built ? 'admin components bundled' : 'admin components bundle reused')
  const app = await createAdminApp(ctx, admin, bundle)

  const sockets = new Set<Socket>()
  const server: Server = await new Promise((ok, fail) => {
    const s = app.listen(opts.port ?? ctx.config.adminPort, opts.host ?? '0.0.0.0', () => ok(s))
    s.once('error', fail)
  })
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? ctx.config.adminPort)
  const startupMs = Math.round(performance.now() - started)
  log.info({ port, startupMs }, 'admin panel listening')

  const { closePanelRelay } = await import('./room-relay')
  return {
    name: 'admin',
    port,
    startupMs,
    bundleBuilt: bundle.built,
    async stop() {
      await new Promise<void>((done) => {
        server.close(() => done())
        app.locals.closeLiveStreams?.() // open event streams would hold close() open
        // idle keep-alive connections would hold close() open
        ;(server as Server & { closeIdleConnections?: () => void }).closeIdleConnections?.()
        setTimeout(() => {
          for (const socket of sockets) socket.destroy()
        }, 2000).unref()
      })
      await closePanelRelay(ctx)
    },
  }
}
