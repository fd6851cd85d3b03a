// The web room over real HTTP and WebSockets (the api role on a free port, real
// PostgreSQL and Redis): sign-in by a one-time link, the page and its CSP, live
// messages between two sockets, hostile text delivered as plain text, refused
// sockets, and the history gap after a reconnect.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApi } from '../../src/api'
import { apiDeps, startApiRole } from '../../src/api/server'
import { RoomHub } from '../../src/api/rooms/hub'
import type { AppContext } from '../../src/context'
import type { User } from '../../src/domain'
import { webSignInPath } from '../../src/domain/web-sign-in.service'
import { createRelay } from '../../src/relay'
import type { RunningRole } from '../../src/roles/types'
import { openTestContext, resetData } from '../fixtures/context'
import { makeCourse, makeStaff, makeStudent } from '../fixtures/factories'
import { waitFor } from '../fixtures/wait'

let ctx: AppContext
let api: RunningRole & { port: number; hub: RoomHub }
let base: string

beforeAll(async () => {
  ctx = await openTestContext({ PORT: '0' })
  api = await startApiRole(ctx)
  base = `http://127.0.0.1:${api.port}`
})
afterAll(async () => {
  await api?.stop()
  await ctx?.close()
})
beforeEach(() => resetData(ctx))
// sockets close asynchronously: each test starts with none open
afterEach(() => waitFor(() => api.hub.size() === 0, { what: 'every socket closed' }))

async function world() {
  const author = await makeStaff(ctx)
  const course = await makeCourse(ctx, author, { slug: 'web-room', title: 'Web <b>Room</b>' })
  const ann = await makeStudent(ctx, 'Ann')
  const bob = await makeStudent(ctx, 'Bob')
  const outsider = await makeStudent(ctx, 'Olga')
  await ctx.domain.enrolment.enrol(ann.id, course.slug)
  await ctx.domain.enrolment.enrol(bob.id, course.slug)
  return { author, course, ann, bob, outsider }
}

/** Follows a one-time link like a browser; returns the session cookie. */
async function signIn(user: User): Promise<string> {
  const { token } = await ctx.domain.webSignIn.issueLoginToken(user.id)
  const res = await fetch(`${base}${webSignInPath(token, 'web-room')}`, { redirect: 'manual' })
  expect(res.status).toBe(303)
  expect(res.headers.get('location')).toBe('/rooms/web-room')
  return res.headers.get('set-cookie')!.split(';')[0]!
}

interface Client {
  ws: WebSocket
  frames: any[]
  closed: { code: number } | null
  opened: boolean
}

function connect(cookie: string | null, headers: Record<string, string> = {}): Client {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/rooms/web-room/ws`, { headers: { ...(cookie ? { cookie } : {}), ...headers } } as any)
  const client: Client = { ws, frames: [], closed: null, opened: false }
  ws.addEventListener('open', () => (client.opened = true))
  ws.addEventListener('message', (e) => client.frames.push(JSON.parse(String(e.data))))
  ws.addEventListener('close', (e) => (client.closed = { code: e.code }))
  return client
}

const upgradeHeaders = { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' }

describe('web room sign-in', () => {
  it('a one-time link sets an HttpOnly SameSite=Lax cookie and works once', async () => {
    const { ann } = await world()
    const { token } = await ctx.domain.webSignIn.issueLoginToken(ann.id)
    // the messenger's link preview does not spend it
    const preview = await fetch(`${base}/auth/web?token=${token}`, { headers: { 'user-agent': 'TelegramBot (like TwitterBot)' }, redirect: 'manual' })
    expect(preview.status).toBe(200)
    expect(preview.headers.get('set-cookie')).toBeNull()
    const first = await fetch(`${base}/auth/web?token=${token}&next=https://evil.example/`, { redirect: 'manual' })
    expect(first.status).toBe(303)
    expect(first.headers.get('location')).toBe('/rooms') // never an open redirect
    const cookie = first.headers.get('set-cookie')!
    expect(cookie).toMatch(/^tm_web=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/)
    const again = await fetch(`${base}/auth/web?token=${token}`, { redirect: 'manual' })
    expect(again.status).toBe(410)
    expect(await again.text()).toContain('/web')
  })

  it('marks the cookie Secure when PUBLIC_URL is https', async () => {
    const { ann } = await world()
    const relay = createRelay(ctx)
    const app = createApi({ ...apiDeps(ctx), publicUrl: 'https://chat.example', rooms: { router: relay.router, hub: new RoomHub(relay.bus) } })
    const { token } = await ctx.domain.webSignIn.issueLoginToken(ann.id)
    const res = await app.handle(new Request(`http://localhost/auth/web?token=${token}`))
    expect(res.headers.get('set-cookie')).toMatch(/; Secure$/)
    await relay.close()
  })

  it('without a session the page says how to get a link; a non-member gets 403; pages carry a strict CSP', async () => {
    const { outsider, ann } = await world()
    const anonymous = await fetch(`${base}/rooms/web-room`)
    expect(anonymous.status).toBe(401)
    expect(await anonymous.text()).toContain('<code>/web</code>')
    expect(anonymous.headers.get('content-security-policy')).toContain("script-src 'self'")
    const stranger = await fetch(`${base}/rooms/web-room`, { headers: { cookie: await signIn(outsider) } })
    expect(stranger.status).toBe(403)
    const page = await fetch(`${base}/rooms/web-room`, { headers: { cookie: await signIn(ann) } })
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Web &lt;b&gt;Room&lt;/b&gt;') // the course title is escaped
    expect(html).not.toContain('<b>Room</b>')
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    )
  })
})

describe('web room sockets', () => {
  it('a message posted by one socket reaches another live, hostile text as plain text, and fills a gap from history', async () => {
    const { ann, bob } = await world()
    const annCookie = await signIn(ann)
    const a = connect(annCookie)
    const b = connect(await signIn(bob))
    await waitFor(() => a.opened && b.opened && api.hub.size() === 2, { what: 'two open sockets' })

    const hostile = '@everyone <script>alert(1)</script>'
    a.ws.send(JSON.stringify({ type: 'post', clientId: 'c1', text: hostile }))
    const received = await waitFor(() => b.frames.find((f) => f.type === 'message'), { what: 'the message on the other socket' })
    expect(received.message).toMatchObject({ text: hostile, author: { name: 'Ann' }, platform: 'WEB', deleted: false })
    const ack = await waitFor(() => a.frames.find((f) => f.type === 'ack' && f.clientId === 'c1'), { what: 'the ack' })
    // the same client id again (a resend after a reconnect) is not a second message
    a.ws.send(JSON.stringify({ type: 'post', clientId: 'c1', text: hostile }))
    await waitFor(() => a.frames.filter((f) => f.type === 'ack').length === 2, { what: 'the second ack' })

    // Bob drops; Ann posts twice; Bob's page asks for what came after the last id it saw
    b.ws.close()
    await waitFor(() => api.hub.size() === 1, { what: 'one socket left' })
    a.ws.send(JSON.stringify({ type: 'post', clientId: 'c2', text: 'while you were away' }))
    a.ws.send(JSON.stringify({ type: 'post', clientId: 'c3', text: 'and this' }))
    await waitFor(() => a.frames.filter((f) => f.type === 'message').length === 3, { what: 'both on Ann’s socket' })
    const gap = await fetch(`${base}/rooms/web-room/messages?after=${ack.id}`, { headers: { cookie: annCookie } })
    const body = await gap.json()
    expect(body.messages.map((m: any) => m.text)).toEqual(['while you were away', 'and this'])
    const all = await (await fetch(`${base}/rooms/web-room/messages`, { headers: { cookie: annCookie } })).json()
    expect(all.messages).toHaveLength(3)

    // Ann edits and deletes her message: live on her socket
    a.ws.send(JSON.stringify({ type: 'edit', id: ack.id, text: 'calm now' }))
    await waitFor(() => a.frames.find((f) => f.type === 'edited' && f.message.text === 'calm now'), { what: 'the edit' })
    a.ws.send(JSON.stringify({ type: 'delete', id: ack.id }))
    await waitFor(() => a.frames.find((f) => f.type === 'deleted' && f.id === ack.id), { what: 'the delete' })
    a.ws.close()
  })

  it("refuses a non-member's socket, a socket without a session and a cross-site socket before the upgrade", async () => {
    const { outsider, ann } = await world()
    const strangerCookie = await signIn(outsider)
    expect((await fetch(`${base}/rooms/web-room/ws`, { headers: { ...upgradeHeaders, cookie: strangerCookie } })).status).toBe(403)
    expect((await fetch(`${base}/rooms/web-room/ws`, { headers: upgradeHeaders })).status).toBe(401)
    const annCookie = await signIn(ann)
    expect((await fetch(`${base}/rooms/web-room/ws`, { headers: { ...upgradeHeaders, cookie: annCookie, origin: 'https://evil.example' } })).status).toBe(403)

    const refused = connect(strangerCookie)
    await waitFor(() => refused.closed, { what: 'the refused socket to close' })
    expect(refused.opened).toBe(false)
    expect(api.hub.size()).toBe(0)
  })

  it('stores nothing from malformed or oversized frames, and closes a socket that sends one too big (1009)', async () => {
    const { ann } = await world()
    const cookie = await signIn(ann)
    const a = connect(cookie)
    await waitFor(() => a.opened, { what: 'the socket' })
    a.ws.send('{not json')
    a.ws.send(JSON.stringify({ type: 'post', clientId: 'x'.repeat(200), text: 'bad id' }))
    a.ws.send(JSON.stringify({ type: 'post', clientId: 'ok', text: 'x'.repeat(5000) }))
    a.ws.send('x'.repeat(200_000))
    await waitFor(() => a.closed, { what: 'the socket to be closed' })
    expect(a.closed!.code).toBe(1009) // message too big
    const history = await (await fetch(`${base}/rooms/web-room/messages`, { headers: { cookie } })).json()
    expect(history.messages).toEqual([])
  })

  it('a muted member is told why and others do not see the message', async () => {
    const { author, course, ann, bob } = await world()
    const room = await ctx.domain.rooms.roomOfCourse(course.id)
    await ctx.domain.rooms.mute({ id: author.id, role: author.role }, room.id, ann.id, 'flooding')
    const a = connect(await signIn(ann))
    const b = connect(await signIn(bob))
    await waitFor(() => a.opened && b.opened && api.hub.size() === 2, { what: 'two open sockets' })
    a.ws.send(JSON.stringify({ type: 'post', clientId: 'm1', text: 'hello?' }))
    const error = await waitFor(() => a.frames.find((f) => f.type === 'error'), { what: 'the mute notice' })
    expect(error.message).toContain('flooding')
    b.ws.send(JSON.stringify({ type: 'post', clientId: 'm2', text: 'marker' }))
    await waitFor(() => b.frames.find((f) => f.type === 'message'), { what: 'the marker' })
    expect(b.frames.filter((f) => f.type === 'message').map((f) => f.message.text)).toEqual(['marker'])
    a.ws.close()
    b.ws.close()
  })
})
