// Child process of publish-crash.test.ts: publishes and unpublishes one course
// as fast as it can, forever, through the domain (as the panel and the API do).
// The test kills it with SIGKILL at some point of that stream.
import { loadConfig } from '../../src/config'
import { openContext } from '../../src/context'
import { createLogger } from '../../src/infra/logger'

const courseId = Number(process.argv[2])
const actor = { id: Number(process.argv[3]), role: 'AUTHOR' as const }
const ctx = await openContext(loadConfig(), createLogger({ level: 'silent', pretty: false }), { redisKeyPrefix: process.env.TEST_REDIS_PREFIX })
let published = (await ctx.ports.courses.findCourseById(courseId))!.published
for (let i = 0; ; i++) {
  published = !published
  await ctx.domain.authoring.setPublished(actor, courseId, published)
  if (i === 0) console.log('toggling')
}
