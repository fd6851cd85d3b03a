// Live co-authoring over HTTP: who may follow a course's stream, and events
// crossing from one admin instance to another over Redis (two in-process admin
// roles, each on its own AppContext: its own Redis connections and subscriber).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { AppContext } from '../../src/context'
import type { User } from '../../src/domain'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse } from '../fixtures/factories'
import { PASSWORD, PanelClient, makeStaffUser, startPanel } from './support'

let a: AppContext
let b: AppContext
let panelA: Awaited<ReturnType<typeof startPanel>>
let panelB: Awaited<ReturnType<typeof startPanel>>
let alice: User, bob: User, carol: User
let course: Awaited<ReturnType<typeof makeCourse>>
const streams: EventStream[] = []

/** An open text/event-stream response, parsed as it arrives. */
class EventStream {
  readonly events: Array<{ event: string; data: any }> = []
  raw = ''
  private readonly abort = new AbortController()
  constructor(private readonly client: PanelClient) {}

  async open(path: string): Promise<Response> {
    const res = await this.client.request(path, { signal: this.abort.signal })
    if (res.status === 200) void this.read(res.body!)
    return res
  }

  private async read(body: ReadableStream<Uint8Array>) {
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        const text = decoder.decode(chunk, { stream: true })
        this.raw += text
        buffer += text
        let at: number
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at)
          buffer = buffer.slice(at + 2)
          const event = /^event: (.*)$/m.exec(block)?.[1]
          const data = /^data: (.*)$/m.exec(block)?.[1]
          if (event && data) this.events.push({ event, data: JSON.parse(data) })
        }
      }
    } catch {
      // aborted
    }
  }

  /** The first event (in arrival order) that matches, once it has arrived. */
  async next(event: string, match: (data: any) => boolean = () => true): Promise<any> {
    let found: any
    await expect.poll(() => (found = this.events.find((e) => e.event === event && match(e.data))), { timeout: 10_000, interval: 50 }).toBeTruthy()
    return found.data
  }

  close() {
    this.abort.abort()
  }
}

async function signedIn(panel: { url: string }, email: string) {
  const c = new PanelClient(panel.url)
  expect((await c.login(email, PASSWORD)).status).toBe(302)
  return c
}

async function stream(client: PanelClient, path: string) {
  const s = new EventStream(client)
  streams.push(s)
  const res = await s.open(path)
  return { s, res }
}

beforeAll(async () => {
  a = await openTestContext()
  b = await openTestContext()
  await resetData(a)
  alice = await makeStaffUser(a, 'alice.live@example.test', 'AUTHOR', 'Alice')
  bob = await makeStaffUser(a, 'bob.live@example.test', 'AUTHOR', 'Bob')
  carol = await makeStaffUser(a, 'carol.live@example.test', 'AUTHOR', 'Carol')
  course = await makeCourse(a, alice, { title: 'Live course', published: false, modules: [{ title: 'One', contents: [] }, { title: 'Two', contents: [] }] })
  await a.domain.authoring.setCoAuthors(actor(alice), course.id, [bob.id])
  ;[panelA, panelB] = await Promise.all([startPanel(a), startPanel(b)])
}, 90_000)

afterAll(async () => {
  for (const s of streams) s.close()
  await panelA?.stop()
  await panelB?.stop()
  await a?.close()
  await b?.close()
})

describe('live course stream', () => {
  it('is closed without a session and to an author of other courses; malformed scopes are 4xx', async () => {
    const anonymous = new PanelClient(panelA.url)
    const res = await anonymous.request(`/admin/live/stream?course=${course.id}`)
    expect(res.status).toBe(401)

    const c = await signedIn(panelA, carol.email!)
    expect((await c.request(`/admin/live/stream?course=${course.id}`)).status).toBe(403)
    expect((await c.request(`/admin/live/stream?editing=module:${course.moduleIds[0]}`)).status).toBe(403)
    expect((await c.request('/admin/live/stream?course=99999999')).status).toBe(404)
    for (const q of ['course=-5', 'course=abc', 'editing=module', 'editing=user:1', 'course=1&course=2']) {
      expect((await c.request(`/admin/live/stream?${q}`)).status, q).toBe(400)
    }
  })

  it('tells an author of other courses nothing about this one on the all-courses stream', async () => {
    const { s, res } = await stream(await signedIn(panelB, carol.email!), '/admin/live/stream')
    expect(res.status).toBe(200)
    await s.next('hello')
    const own = await makeCourse(a, carol, { title: 'Carol course', published: false, modules: [{ contents: [] }] })
    await a.domain.authoring.updateModule(actor(alice), course.moduleIds[0]!, { title: 'One (renamed)' })
    await a.domain.authoring.updateCourse(actor(carol), own.id, { title: 'Carol course, edited' })
    // her own change arrives; Alice's earlier one never does
    await s.next('change', (d) => d.courseId === own.id && d.action === 'update')
    expect(s.events.filter((e) => e.event === 'change' && e.data.courseId === course.id)).toEqual([])
  })

  it('carries presence and changes from one admin instance to a stream on another, with names and no emails', async () => {
    // Bob follows the course on instance B
    const bobStream = await stream(await signedIn(panelB, bob.email!), `/admin/live/stream?course=${course.id}`)
    expect(bobStream.res.status).toBe(200)
    expect(bobStream.res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect((await bobStream.s.next('hello')).you).toBe(bob.id)
    await bobStream.s.next('presence', (d) => d.present.some((p: any) => p.userId === bob.id))

    // Alice opens the edit form of module One on instance A: Bob hears it
    const aliceStream = await stream(await signedIn(panelA, alice.email!), `/admin/live/stream?editing=module:${course.moduleIds[0]}`)
    expect(aliceStream.res.status).toBe(200)
    const present = await bobStream.s.next('presence', (d) => d.present.some((p: any) => p.userId === alice.id))
    expect(present.present).toContainEqual({ userId: alice.id, name: 'Alice', editing: { entity: 'module', id: course.moduleIds[0], title: 'One (renamed)' } })

    // a reorder committed through instance A's domain reaches Bob's stream on B
    await a.domain.authoring.reorderModules(actor(alice), course.id, [...course.moduleIds].reverse())
    const change = await bobStream.s.next('change', (d) => d.action === 'reorder')
    expect(change).toMatchObject({ courseId: course.id, entity: 'module', entityId: null, actor: { id: alice.id, name: 'Alice' } })
    expect(change.version).toBe((await a.ports.courses.findCourseById(course.id))!.version)

    // Alice leaves: Bob sees her go
    aliceStream.s.close()
    await bobStream.s.next('presence', (d) => !d.present.some((p: any) => p.userId === alice.id) && d.present.length > 0)

    expect(bobStream.s.raw).not.toContain('@')
    expect(aliceStream.s.raw).not.toContain('@')
  })

  it('ends the stream of a co-author who is removed from the course', async () => {
    const { s } = await stream(await signedIn(panelB, bob.email!), `/admin/live/stream?course=${course.id}`)
    await s.next('hello')
    await a.domain.authoring.setCoAuthors(actor(alice), course.id, [])
    await s.next('revoked')
    expect(s.events.some((e) => e.event === 'change' && e.data.action === 'set-co-authors')).toBe(false)
  })
})

describe('the all-courses stream', () => {
  it('looks up who may see a course and who made a change once, not once per event', async () => {
    // Alice follows every course she may see on instance A; N changes are committed through instance B
    const { s } = await stream(await signedIn(panelA, alice.email!), '/admin/live/stream')
    await s.next('hello')
    const names = vi.spyOn(a.ports.users, 'findById')
    const access = vi.spyOn(a.ports.courses, 'isAuthor')
    const N = 30
    try {
      for (let i = 0; i < N; i++) await b.domain.authoring.updateModule(actor(alice), course.moduleIds[1]!, { title: `Two (${i})` })
      const changes = () => s.events.filter((e) => e.event === 'change' && e.data.entityId === course.moduleIds[1] && e.data.action === 'update')
      await expect.poll(() => changes().length, { timeout: 15_000, interval: 50 }).toBe(N)
      expect(changes().every((e) => e.data.actor?.name === 'Alice')).toBe(true)
      const lookups = names.mock.calls.length + access.mock.calls.length
      console.log(`[live] ${N} events on one all-courses stream: ${lookups} look-ups (users.findById ${names.mock.calls.length}, courses.isAuthor ${access.mock.calls.length})`)
      expect(lookups).toBeLessThanOrEqual(2)
    } finally {
      names.mockRestore()
      access.mockRestore()
    }
  })

  it('asks again who may see a course once its co-authors change', async () => {
    const { s } = await stream(await signedIn(panelA, carol.email!), '/admin/live/stream')
    await s.next('hello')
    await b.domain.authoring.updateModule(actor(alice), course.moduleIds[0]!, { title: 'Before Carol' })
    await b.domain.authoring.setCoAuthors(actor(alice), course.id, [carol.id])
    await b.domain.authoring.updateModule(actor(alice), course.moduleIds[0]!, { title: 'With Carol' })
    await s.next('change', (d) => d.courseId === course.id && d.action === 'update')
    const updates = s.events.filter((e) => e.event === 'change' && e.data.courseId === course.id && e.data.action === 'update')
    expect(updates).toHaveLength(1) // the change made before she was a co-author never reached her
    await b.domain.authoring.setCoAuthors(actor(alice), course.id, [])
  })
})
