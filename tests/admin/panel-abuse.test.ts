// The panel against abuse over plain HTTP: bodies nobody signed in for,
// guessing campaigns against a staff email, forged or malformed addresses,
// links that would change something, staff emails and password hashes in what
// an author receives, and uploads that are not what they claim.
import { once } from 'node:events'
import { readdirSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import { openTestContext } from '../fixtures/context'
import { actor, makeCourse, text } from '../fixtures/factories'
import { PASSWORD, PanelClient, type TestPanel, makeStaffUser, panelForFile, startPanel } from './support'

let ctx: AppContext
let panel: TestPanel
panelForFile((opened) => ({ ctx, panel } = opened))

let addressSeq = 0
const client = () => new PanelClient(panel.url, { 'x-forwarded-for': `203.0.113.${++addressSeq % 250}` })
async function signedIn(email: string) {
  const c = client()
  expect((await c.login(email, PASSWORD)).status).toBe(302)
  return c
}

const uploadTemp = () => join(ctx.config.dataDir, 'upload-tmp')
const filesIn = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('upload_'))
async function until(check: () => boolean | Promise<boolean>, what: string) {
  for (let i = 0; !(await check()); i++) {
    if (i > 2000) throw new Error(`never: ${what}`)
    await Bun.sleep(10)
  }
}

/**
 * A raw multipart POST that announces `total` bytes and sends only the first
 * `sent`; resolves with the status line's code once the server answers.
 */
async function partialPost(path: string, total: number, sent: number, headers: Record<string, string> = {}) {
  const socket = connect(panel.port, '127.0.0.1')
  await once(socket, 'connect')
  let answer = ''
  socket.on('data', (d) => (answer += d.toString('latin1')))
  socket.on('error', () => {})
  const head = [
    `POST ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${panel.port}`,
    'Content-Type: multipart/form-data; boundary=XyZ',
    `Content-Length: ${total}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    '',
    '',
  ].join('\r\n')
  const part = '--XyZ\r\nContent-Disposition: form-data; name="upload"; filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n'
  socket.write(head + part)
  socket.write(new Uint8Array(sent))
  return {
    socket,
    answered: async () => {
      await until(() => /^HTTP\/1\.1 \d{3}/.test(answer) || socket.destroyed, 'an answer')
      return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0), answer }
    },
  }
}

describe('bodies', () => {
  it('answers a 50 MB multipart post without a session before reading it, and keeps nothing', async () => {
    const before = new Set(filesIn(tmpdir()))
    for (const path of ['/admin/api/resources/Content/actions/new', '/admin/resources/Content/actions/new', '/admin/login']) {
      const post = await partialPost(path, 50 * 1024 * 1024, 64 * 1024)
      const { status, answer } = await post.answered()
      expect([302, 401, 400], path).toContain(status)
      expect(answer, path).toMatch(/connection: close/i)
      post.socket.destroy()
    }
    expect(filesIn(uploadTemp())).toEqual([])
    expect(filesIn(tmpdir()).filter((f) => !before.has(f))).toEqual([])
  })

  it('removes the temporary file of an upload that breaks off, and keeps files off other forms', async () => {
    const alice = await makeStaffUser(ctx, 'alice@example.test')
    const course = await makeCourse(ctx, alice, { slug: 'c' })
    const a = await signedIn('alice@example.test')
    // a file sent to a form that takes none is dropped unread
    const res = await a.post('/admin/api/resources/Module/actions/new', { course: course.id, title: 'With a file', upload: new File([new Uint8Array(1024 * 1024)], 'x.bin') })
    expect(res.notice.type).toBe('success')
    expect(filesIn(uploadTemp())).toEqual([])
    // signed in but without the page's CSRF token: refused before the body is read
    const forged = await partialPost('/admin/api/resources/Content/actions/new', 20 * 1024 * 1024, 64 * 1024, { cookie: a.cookieHeader })
    expect((await forged.answered()).status).toBe(403)
    forged.socket.destroy()
    expect(filesIn(uploadTemp())).toEqual([])
    // an upload that stops half-way: its temporary file goes when the connection does
    const post = await partialPost('/admin/api/resources/Content/actions/new', 20 * 1024 * 1024, 2 * 1024 * 1024, { cookie: a.cookieHeader, 'X-XSRF-TOKEN': a.csrfToken! })
    await until(() => filesIn(uploadTemp()).length === 1, 'the upload being written')
    post.socket.destroy()
    await until(() => filesIn(uploadTemp()).length === 0, 'the temporary file removed')
  })
})

describe('signing in under a guessing campaign', () => {
  it('30 wrong passwords from many addresses lock unknown browsers out, never a browser that signed in before', { timeout: 120_000 }, async () => {
    await makeStaffUser(ctx, 'author@example.test')
    const known = client()
    expect((await known.login('author@example.test', PASSWORD)).status).toBe(302)
    expect(known.cookieHeader).toContain('tm_device=')
    for (let i = 0; i < 30; i++) await client().login('author@example.test', `guess ${i}`)
    const stranger = await client().login('author@example.test', PASSWORD)
    expect(stranger.status).toBe(400)
    expect(await stranger.text()).toContain('Too many failed sign-ins')
    // the known browser, even from a new address
    const back = new PanelClient(panel.url, { 'x-forwarded-for': '192.0.2.77', cookie: known.cookieHeader })
    expect((await back.login('author@example.test', PASSWORD)).status).toBe(302)
    // a device cookie of another email does not count
    await makeStaffUser(ctx, 'other@example.test')
    const other = client()
    expect((await other.login('other@example.test', PASSWORD)).status).toBe(302)
    const borrowed = new PanelClient(panel.url, { 'x-forwarded-for': '192.0.2.78', cookie: other.cookieHeader })
    expect((await borrowed.login('author@example.test', PASSWORD)).status).toBe(400)
  })

  it('believes X-Forwarded-For only from the configured proxies', async () => {
    const direct = await openTestContext({ TRUSTED_PROXIES: 'none' })
    const directPanel = await startPanel(direct)
    try {
      await makeStaffUser(direct, 'author@example.test')
      // every guess claims another address; all of them come from 127.0.0.1
      for (let i = 0; i < 5; i++) await new PanelClient(directPanel.url, { 'x-forwarded-for': `198.51.100.${i}` }).login('author@example.test', `guess ${i}`)
      const res = await new PanelClient(directPanel.url, { 'x-forwarded-for': '198.51.100.200' }).login('author@example.test', PASSWORD)
      expect(res.status).toBe(400)
    } finally {
      await directPanel.stop()
      await direct.close()
    }
  })
})

describe('addresses', () => {
  it('answers every malformed query or address with a 4xx', async () => {
    const alice = await makeStaffUser(ctx, 'alice@example.test')
    const course = await makeCourse(ctx, alice, { slug: 'c' })
    const a = await signedIn('alice@example.test')
    const cases: Array<[string, number]> = [
      ['/admin/api/resources/Course/actions/list?page=-5', 400],
      ['/admin/api/resources/Course/actions/list?page=abc', 400],
      ['/admin/api/resources/Course/actions/list?perPage=0', 400],
      ['/admin/api/resources/Course/actions/list?direction=sideways', 400],
      ['/admin/api/resources/Course/actions/list?filters.version=99999999999999999999', 400],
      ['/admin/api/resources/Module/actions/list?filters.course=99999999999999999999', 400],
      ['/admin/api/resources/Module/actions/list?filters.course=abc', 400],
      ['/admin/api/resources/Course/actions/list?filters.constructor=1', 400],
      ['/admin/api/resources/Course/actions/list?filters.__proto__=1', 400],
      ['/admin/api/resources/Course/actions/list?filters.published=maybe', 400],
      ['/admin/api/resources/Content/actions/list?filters.kind=NOPE', 400],
      ['/admin/api/resources/AuditEntry/actions/list?filters.at~~from=not-a-date', 400],
      ['/admin/api/resources/AuditEntry/actions/list?filters.details=x', 400],
      ['/admin/api/resources/Course/actions/__proto__', 404],
      ['/admin/api/resources/Course/actions/constructor', 404],
      ['/admin/api/resources/Nope/actions/list', 404],
      ['/admin/api/resources/__proto__/actions/list', 404],
      [`/admin/api/resources/Course/records/${course.id}/list`, 404],
      [`/admin/api/resources/Course/records/${course.id}/__proto__`, 404],
      [`/admin/api/resources/Course/bulk/bulkDelete?recordIds=${course.id}`, 403],
      ['/admin/api/resources/Course/bulk/bulkDelete', 403],
      ['/admin/resources/Course/actions/__proto__', 404],
      ['/admin/resources/Nope', 404],
      ['/admin/api/resources/User/actions/search/b?searchProperty=email', 400],
      ['/admin/api/resources/User/actions/search/?filters.email=bob', 400],
    ]
    for (const [path, status] of cases) {
      const res = await a.request(path)
      expect(res.status, path).toBe(status)
      const body = await res.text()
      expect(body, path).not.toMatch(/prisma|stack|TypeError|\{\{/i)
    }
    // well-formed ones still work
    expect((await a.json('/admin/api/resources/Course/actions/list?filters.title=c&page=1&perPage=10')).meta.total).toBe(1)
    expect((await a.json(`/admin/api/resources/Module/actions/list?filters.course=${course.id}`)).meta.total).toBe(1)
    expect(await ctx.ports.courses.findCourseById(course.id)).toBeTruthy()
  })

  it('changes nothing on a GET of a state-changing action, from the API or a page', async () => {
    const alice = await makeStaffUser(ctx, 'alice@example.test')
    const course = await makeCourse(ctx, alice, { slug: 'c', modules: [{ title: 'A', contents: [text('a1'), text('a2')] }, { title: 'B', contents: [text('b')] }] })
    const a = await signedIn('alice@example.test')
    const [mA, mB] = course.moduleIds as [number, number]
    for (const path of [
      `/admin/api/resources/Course/records/${course.id}/unpublish`,
      `/admin/api/resources/Module/records/${mB}/moveUp`,
      `/admin/api/resources/Module/records/${mA}/moveDown`,
      `/admin/api/resources/Content/records/${course.contentIds[0]}/moveDown`,
      `/admin/api/resources/Course/records/${course.id}/delete`,
      `/admin/resources/Course/records/${course.id}/unpublish`,
      `/admin/resources/Module/records/${mB}/moveUp`,
    ]) {
      const res = await a.request(path, { headers: { 'sec-fetch-site': 'same-origin' } })
      expect(res.status, path).toBe(200)
    }
    const after = (await ctx.ports.courses.loadTree(course.id))!
    expect(after.published).toBe(true)
    expect(after.version).toBe(course.version)
    expect(after.modules.map((m) => m.title)).toEqual(['A', 'B'])
    // a POST from the panel does it
    expect((await a.post(`/admin/api/resources/Course/records/${course.id}/unpublish`, {})).notice.type).toBe('success')
    expect((await ctx.ports.courses.findCourseById(course.id))!.published).toBe(false)
  })
})

describe('what an author receives', () => {
  it("never another user's email or any password hash in record params", async () => {
    const alice = await makeStaffUser(ctx, 'alice@example.test', 'AUTHOR', 'Alice')
    const bob = await makeStaffUser(ctx, 'bob@example.test', 'AUTHOR', 'Bob Builder')
    await makeStaffUser(ctx, 'root@example.test', 'ADMIN', 'Root')
    const shared = await makeCourse(ctx, bob, { slug: 'shared' })
    await ctx.domain.authoring.setCoAuthors(actor(bob), shared.id, [alice.id])
    const mine = await makeCourse(ctx, alice, { slug: 'mine' })
    const a = await signedIn('alice@example.test')
    const bodies: string[] = []
    const read = async (path: string) => {
      const res = await a.request(path)
      expect(res.status, path).toBe(200)
      bodies.push(await res.text())
    }
    for (const path of [
      '/admin/api/resources/Course/actions/list',
      `/admin/api/resources/Course/records/${shared.id}/show`,
      `/admin/api/resources/Course/records/${shared.id}/history`,
      `/admin/api/resources/Course/records/${shared.id}/coAuthors`,
      `/admin/api/resources/Course/records/${mine.id}/coAuthors`,
      '/admin/api/resources/Module/actions/list',
      '/admin/api/resources/Content/actions/list?perPage=100',
      `/admin/api/resources/Content/records/${shared.contentIds[0]}/show`,
      '/admin/api/resources/AuditEntry/actions/list?perPage=100',
      `/admin/api/resources/AuditEntry/actions/list?filters.actor=${bob.id}`,
      '/admin/api/resources/User/actions/search/',
      '/admin/api/resources/User/actions/search/Bob',
      '/admin/api/dashboard',
    ])
      await read(path)
    const all = bodies.join('\n')
    expect(all).not.toContain('bob@example.test')
    expect(all).not.toContain('root@example.test')
    expect(all).not.toMatch(/\$argon2|passwordHash/)
    // names instead
    expect(all).toContain('Bob Builder')
    // admins still see the emails
    const root = await signedIn('root@example.test')
    const users = await root.json('/admin/api/resources/User/actions/list')
    expect(users.records.map((r: any) => r.params.email).sort()).toEqual(['alice@example.test', 'bob@example.test', 'root@example.test'])
    expect(JSON.stringify(users)).not.toMatch(/\$argon2|passwordHash/)
  })
})

describe('uploads', () => {
  it('accepts a video only when its bytes are one', async () => {
    const alice = await makeStaffUser(ctx, 'alice@example.test')
    const course = await makeCourse(ctx, alice, { slug: 'c' })
    const a = await signedIn('alice@example.test')
    const module = course.moduleIds[0]!
    const html = await a.post('/admin/api/resources/Content/actions/new', { module, kind: 'VIDEO', title: 'V', upload: new File(['<html><script>alert(1)</script>'], 'clip.mp4', { type: 'video/mp4' }) })
    expect(html.record.errors.upload.message).toMatch(/not an MP4, WebM or QuickTime video/)
    const mp4 = new Uint8Array(4096)
    mp4.set([0, 0, 0, 0x20, ...new TextEncoder().encode('ftypisom')])
    const ok = await a.post('/admin/api/resources/Content/actions/new', { module, kind: 'VIDEO', title: 'V', upload: new File([mp4], 'clip.mp4', { type: 'application/octet-stream' }) })
    expect(ok.notice.type).toBe('success')
    const saved = await ctx.db.prisma.content.findFirstOrThrow({ where: { moduleId: module, kind: 'VIDEO' } })
    expect(saved.mimeType).toBe('video/mp4')
  })
})
