// Public catalogue: subjects, published courses, a course's outline; module
// contents and files for enrolled students and the course's authors.
import { Elysia } from 'elysia'
import { actorOf, authPlugin, signedInFirst } from '../auth'
import type { ApiDeps } from '../context'
import { contentJson, courseJson, treeJson } from '../serializers'
import { CourseListQuery, CourseSummary, CourseTree, IdParam, ModuleContents, SlugParam, Subject } from './model'
import { t } from 'elysia'

export function catalogRoutes(deps: ApiDeps) {
  const { catalog } = deps.domain
  return new Elysia({ name: 'catalog', prefix: '/api' })
    .use(authPlugin(deps))
    .get('/subjects', () => catalog.listSubjects(), {
      response: t.Array(Subject),
      detail: { summary: 'Subjects that have published courses', tags: ['catalog'] },
    })
    .get('/courses', async ({ query }) => (await catalog.listCourses({ subjectSlug: query.subject })).map(courseJson), {
      query: CourseListQuery,
      response: t.Array(CourseSummary),
      detail: { summary: 'Published courses, optionally of one subject', tags: ['catalog'] },
    })
    .get('/courses/:slug', async ({ params, optionalUser }) => {
      const user = await optionalUser()
      const viewer = user ? actorOf(user) : undefined
      const tree = await catalog.getCourseTree(params.slug, viewer)
      return treeJson(tree, await catalog.moduleLocks(tree, viewer))
    }, {
      params: SlugParam,
      response: CourseTree,
      detail: { summary: "A published course's outline: modules and content titles; with a token, which modules are still locked for you and when they open", tags: ['catalog'] },
    })
    .get(
      '/modules/:id',
      async ({ params, requireUser }) => {
        const user = await requireUser()
        const { course, module, contents } = await catalog.getModuleContents(params.id, actorOf(user))
        return {
          course: { slug: course.slug, title: course.title },
          module: { id: module.id, title: module.title, description: module.description, order: module.order },
          contents: contents.map(contentJson),
        }
      },
      {
        params: IdParam,
        transform: signedInFirst,
        response: ModuleContents,
        detail: {
          summary: "A module's contents (enrolled students and the course's authors); 403 module_locked with details.opensAt while its drip schedule keeps it closed",
          tags: ['catalog'],
          security: [{ bearer: [] }],
        },
      },
    )
    .get(
      '/contents/:id/file',
      async ({ params, requireUser, set }) => {
        const user = await requireUser()
        const { content } = await catalog.getContent(params.id, actorOf(user))
        const path = content.filePath && deps.files.resolve(content.filePath)
        const file = path ? Bun.file(path) : null
        // a stored file missing from disk (lost volume) is a 404, not a failed stream
        if (!file || !(await file.exists())) {
          set.status = 404
          return { error: 'not_found', message: 'This content has no file' }
        }
        set.headers['content-type'] = content.mimeType ?? 'application/octet-stream'
        set.headers['content-disposition'] = `attachment; filename*=UTF-8''${encodeURIComponent(content.fileName ?? 'file')}`
        set.headers['x-content-type-options'] = 'nosniff'
        return file
      },
      { params: IdParam, transform: signedInFirst, detail: { summary: "A content's stored file", tags: ['catalog'], security: [{ bearer: [] }] } },
    )
}
