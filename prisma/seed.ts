// Seeds the first admin (ADMIN_EMAIL / ADMIN_PASSWORD) and a published demo
// course that uses every content kind. Idempotent: run it as often as you like.
//   bun prisma/seed.ts            admin + demo course
//   bun prisma/seed.ts --no-demo  admin only (production)
import { readFileSync } from 'node:fs'
import type { AppContext } from '../src/context'
import type { Actor, ContentInput } from '../src/domain'

const asset = (name: string) => new Uint8Array(readFileSync(new URL(`./seed-assets/${name}`, import.meta.url)))

export const DEMO_COURSE_SLUG = 'intro-to-sql'

export async function seed(ctx: AppContext, opts: { demo?: boolean } = {}): Promise<{ adminCreated: boolean; courseCreated: boolean }> {
  const { domain, config, ports, logger } = ctx
  // emails are stored lower-cased: look up the same way, or every run would reset the admin
  let admin = await ports.users.findByEmail(config.admin.email.trim().toLowerCase())
  const adminCreated = !admin
  if (!admin) {
    const { user } = await domain.accounts.upsertStaff({ email: config.admin.email, password: config.admin.password, role: 'ADMIN', displayName: 'Admin' })
    admin = { ...user, passwordHash: null }
    logger.info({ email: config.admin.email }, 'seed: admin created')
  }
  const actor: Actor = { id: admin.id, role: 'ADMIN' }
  if (opts.demo === false) return { adminCreated, courseCreated: false }

  const subject =
    (await ports.courses.findSubjectBySlug('databases')) ??
    (await domain.authoring.createSubject(actor, { title: 'Databases', slug: 'databases' }))

  if (await ports.courses.findCourseBySlug(DEMO_COURSE_SLUG)) return { adminCreated, courseCreated: false }

  const course = await domain.authoring.createCourse(actor, {
    subjectId: subject.id,
    title: 'Introduction to SQL',
    slug: DEMO_COURSE_SLUG,
    overview: 'Read, filter and join data with SQL in three short modules. Every lesson arrives as a message; finish with a quiz.',
  })

  const image = await ctx.files.save(asset('select-diagram.png'), 'select-diagram.png', 'image/png')
  const sheet = await ctx.files.save(asset('sql-cheatsheet.md'), 'sql-cheatsheet.md', 'text/markdown')
  const modules: Array<{ title: string; description: string; contents: ContentInput[] }> = [
    {
      title: 'What is SQL',
      description: 'Tables, rows and the SELECT statement.',
      contents: [
        {
          kind: 'TEXT',
          title: 'Tables and rows',
          body: 'A **table** holds rows of the same shape. SQL asks questions of tables:\n\n```sql\nSELECT title FROM courses;\n```\n\nEach column has a *type*: text, number, date and so on.',
        },
        { kind: 'IMAGE', title: 'How SELECT reads a table', body: 'SELECT picks columns, WHERE picks rows.', filePath: image.path, fileName: image.name, mimeType: image.mimeType, fileSize: image.size },
        { kind: 'VIDEO', title: 'SQL in 100 seconds', body: 'A short overview before we go on.', videoUrl: 'https://www.youtube.com/watch?v=zsjvFFKOm3c' },
      ],
    },
    {
      title: 'Filtering and sorting',
      description: 'WHERE, ORDER BY and LIMIT.',
      contents: [
        {
          kind: 'TEXT',
          title: 'WHERE and ORDER BY',
          body: 'Filter rows with `WHERE` and sort them with `ORDER BY`:\n\n```sql\nSELECT title FROM courses\nWHERE published\nORDER BY created_at DESC\nLIMIT 5;\n```\n\nComparisons like `<` and `>=` work on numbers and dates alike.',
        },
        { kind: 'FILE', title: 'Cheat sheet', body: 'Keep this next to you while practising.', filePath: sheet.path, fileName: sheet.name, mimeType: sheet.mimeType, fileSize: sheet.size },
      ],
    },
    {
      title: 'Check yourself',
      description: 'A short quiz.',
      contents: [
        {
          kind: 'QUIZ',
          title: 'Sorting results',
          quizQuestion: 'Which clause sorts the rows of a result?',
          quizOptions: ['WHERE', 'ORDER BY', 'GROUP BY', 'LIMIT'],
          quizCorrectIndex: 1,
          quizExplanation: 'ORDER BY sorts; WHERE filters, GROUP BY groups and LIMIT cuts the result short.',
        },
      ],
    },
  ]
  for (const m of modules) {
    const module = await domain.authoring.createModule(actor, course.id, { title: m.title, description: m.description })
    for (const content of m.contents) await domain.authoring.createContent(actor, module.id, content)
  }
  await domain.authoring.setPublished(actor, course.id, true)
  logger.info({ course: DEMO_COURSE_SLUG }, 'seed: demo course created')
  return { adminCreated, courseCreated: true }
}

if (import.meta.main) {
  const { loadConfig } = await import('../src/config')
  const { createLogger } = await import('../src/infra/logger')
  const { openContext } = await import('../src/context')
  const config = loadConfig()
  const logger = createLogger({ level: config.logLevel, pretty: false })
  const ctx = await openContext(config, logger, { migrate: true })
  try {
    const result = await seed(ctx, { demo: !process.argv.includes('--no-demo') })
    console.log(JSON.stringify(result))
  } finally {
    await ctx.close()
  }
}
