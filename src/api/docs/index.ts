// OpenAPI JSON (generated from the route schemas) and a Swagger UI served from
// the swagger-ui-dist package: no CDN.
import { openapi } from '@elysiajs/openapi'
import { Elysia } from 'elysia'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const SWAGGER_DIR = dirname(require.resolve('swagger-ui-dist/package.json'))
const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png'])

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>TaskMetrics API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/swagger-init.js"></script>
</body></html>`

const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#ui' })`

export function docsRoutes() {
  return new Elysia({ name: 'docs' })
    .use(
      openapi({
        provider: null,
        specPath: '/api/openapi.json',
        documentation: {
          info: { title: 'TaskMetrics API', version: '0.1.0', description: 'Courses, enrolment and progress. Writes need an API token (Authorization: Bearer tm_...).' },
          components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
        },
        exclude: { paths: [/^\/api\/docs/] },
      }),
    )
    .get('/api/docs', ({ set }) => {
      set.headers['content-type'] = 'text/html; charset=utf-8'
      return PAGE
    }, { detail: { hide: true } })
    .get('/api/docs/assets/swagger-init.js', ({ set }) => {
      set.headers['content-type'] = 'text/javascript'
      return INIT
    }, { detail: { hide: true } })
    .get('/api/docs/assets/:name', ({ params, set }) => {
      if (!ASSETS.has(params.name)) {
        set.status = 404
        return { error: 'not_found', message: 'No such asset' }
      }
      return Bun.file(join(SWAGGER_DIR, params.name))
    }, { detail: { hide: true } })
}
