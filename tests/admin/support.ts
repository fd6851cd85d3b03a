// Shared by the panel's tests (tests/admin: HTTP, tests/e2e: browser): start the
// admin role on a free port, a cookie-keeping HTTP client, and course activity
// (students, enrolments, progress) for the dashboard.
import { afterAll, beforeAll, beforeEach } from 'vitest'
import type { AppContext } from '../../src/context'
import type { Platform, User } from '../../src/domain'
import type { RunningAdmin } from '../../src/admin/role'
import { openTestContext, resetData } from '../fixtures/context'

export const PASSWORD = 'correct horse battery'

export async function startPanel(ctx: AppContext): Promise<RunningAdmin & { url: string }> {
  const { startAdminRole } = await import('../../src/admin/role')
  const panel = await startAdminRole(ctx, { records: ctx.db.prisma }, { port: 0, host: '127.0.0.1' })
  return { ...panel, url: `http://127.0.0.1:${panel.port}` }
}

export type TestPanel = Awaited<ReturnType<typeof startPanel>>

/**
 * One test context and one panel for the whole test file (closed after it),
 * with the data reset before each test; `use` receives both once they are open.
 */
export function panelForFile(use: (opened: { ctx: AppContext; panel: TestPanel }) => void): void {
  let ctx: AppContext | undefined
  let panel: TestPanel | undefined
  beforeAll(async () => {
    ctx = await openTestContext()
    panel = await startPanel(ctx)
    use({ ctx, panel })
  }, 60_000)
  afterAll(async () => {
    await panel?.stop()
    await ctx?.close()
  })
  beforeEach(() => resetData(ctx!))
}

/** A staff member who signs in with PASSWORD; their panel speaks `locale` (English unless a test asks for Russian). */
export async function makeStaffUser(ctx: AppContext, email: string, role: 'AUTHOR' | 'ADMIN' = 'AUTHOR', displayName?: string, locale: 'en' | 'ru' = 'en'): Promise<User> {
  return (await ctx.domain.accounts.upsertStaff({ email, password: PASSWORD, role, displayName, locale })).user
}

/**
 * A tiny fetch client that keeps cookies, like a browser would (no redirects
 * followed), and, like the panel's pages (axios), sends the XSRF-TOKEN cookie
 * back as the X-XSRF-TOKEN header on state-changing requests (unless
 * `sendsCsrfToken` is turned off).
 */
export class PanelClient {
  private cookies = new Map<string, string>()
  sendsCsrfToken = true

  constructor(
    readonly base: string,
    private readonly headers: Record<string, string> = {},
  ) {}

  /** The session's CSRF token the panel handed out (its XSRF-TOKEN cookie). */
  get csrfToken(): string | undefined {
    return this.cookies.get('XSRF-TOKEN')
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const token = this.csrfToken
    const csrf: Record<string, string> = this.sendsCsrfToken && token && !['GET', 'HEAD'].includes((init.method ?? 'GET').toUpperCase()) ? { 'x-xsrf-token': token } : {}
    const res = await fetch(this.base + path, {
      ...init,
      redirect: 'manual',
      headers: { ...this.headers, ...csrf, ...(init.headers as Record<string, string>), ...(this.cookies.size ? { cookie: this.cookieHeader } : {}) },
    })
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const [name, ...rest] = pair!.split('=')
      const value = rest.join('=')
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name!.trim())
      else this.cookies.set(name!.trim(), value)
    }
    return res
  }

  /** POST /admin/login as the login form does; returns the response (302 to /admin on success). */
  login(email: string, password: string): Promise<Response> {
    return this.request('/admin/login', { method: 'POST', body: new URLSearchParams({ email, password }) })
  }

  async json(path: string, init: RequestInit = {}): Promise<any> {
    const res = await this.request(path, init)
    if (res.headers.get('content-type')?.includes('application/json')) return res.json()
    return { status: res.status, location: res.headers.get('location'), text: await res.text() }
  }

  /** POST form data to an AdminJS API route, as its forms do (multipart). */
  post(path: string, fields: Record<string, string | number | Blob | File | null>): Promise<any> {
    const form = new FormData()
    for (const [k, v] of Object.entries(fields)) {
      if (v === null) form.set(k, '__FORM_VALUE_NULL__')
      else if (v instanceof Blob) form.set(k, v, (v as File).name ?? 'upload')
      else form.set(k, String(v))
    }
    return this.json(path, { method: 'POST', body: form })
  }
}

let addressSeq = 0

/**
 * A client signed in as `email` (with PASSWORD), from an address of its own
 * (X-Forwarded-For from loopback is trusted), so sign-in brakes do not leak between tests.
 */
export async function signedInClient(panel: { url: string }, email: string): Promise<PanelClient> {
  const c = new PanelClient(panel.url, { 'x-forwarded-for': `198.51.100.${100 + (++addressSeq % 150)}` })
  const res = await c.login(email, PASSWORD)
  if (res.status !== 302) throw new Error(`${email} could not sign in (${res.status})`)
  return c
}

export interface ActivitySpec {
  /** Students per platform they enrol from. */
  students: Partial<Record<Platform, number>>
}

/**
 * Enrols students in a course and makes them progress unevenly, so the
 * dashboard's funnel, quiz bars and platform split have something to show:
 * students 0 and 1 complete every module, the next two one module less, and so
 * on (at least the first module); quiz answers are right for even students and
 * wrong for odd ones. The last student's activity is moved 10 days back (not
 * active this week).
 */
export async function seedActivity(ctx: AppContext, courseSlug: string, spec: ActivitySpec = { students: { TELEGRAM: 3, DISCORD: 2, WEB: 1 } }) {
  const course = (await ctx.ports.courses.findCourseBySlug(courseSlug))!
  const tree = (await ctx.ports.courses.loadTree(course.id))!
  const students: User[] = []
  let n = 0
  for (const [platform, count] of Object.entries(spec.students) as Array<[Platform, number]>) {
    for (let i = 0; i < count; i++) {
      n++
      const { user } = await ctx.domain.accounts.registerFromPlatform({ platform, externalId: `${platform.toLowerCase()}-${courseSlug}-${n}`, displayName: `Student ${n}` })
      await ctx.domain.enrolment.enrol(user.id, courseSlug, platform)
      students.push(user)
    }
  }
  const full = await Promise.all(tree.modules.map((m) => ctx.ports.courses.listContents(m.id)))
  for (const [i, student] of students.entries()) {
    const modulesDone = Math.max(1, tree.modules.length - Math.floor(i / 2))
    for (const contents of full.slice(0, modulesDone)) {
      for (const c of contents) {
        const quizAnswer = c.kind === 'QUIZ' ? (i % 2 === 0 ? c.quizCorrectIndex! : (c.quizCorrectIndex! + 1) % c.quizOptions.length) : undefined
        await ctx.domain.progress.complete({ id: student.id, role: student.role }, c.id, { quizAnswer, source: 'TELEGRAM' })
      }
    }
  }
  const last = students.at(-1)
  if (last) {
    await ctx.db.prisma.progress.updateMany({ where: { userId: last.id }, data: { completedAt: new Date(Date.now() - 10 * 24 * 3600 * 1000) } })
  }
  return { course, students }
}
