// The panel's community section over HTTP (issues 9 and 10): an author writes,
// follows and cancels announcements of their own course only; a course's chat
// room page unbinds, deletes everywhere and mutes, for its authors only; every
// change is a POST (a GET of its address changes nothing).
import { describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import type { User } from '../../src/domain'
import { actor, makeCourse, makeStudent } from '../fixtures/factories'
import { waitFor } from '../fixtures/wait'
import { type TestPanel, makeStaffUser, panelForFile, signedInClient } from './support'

let ctx: AppContext
let panel: TestPanel
panelForFile((opened) => ({ ctx, panel } = opened))

const signedIn = (email: string) => signedInClient(panel, email)

const announcements = (courseId: number, action = 'show') => `/admin/api/resources/Announcement/records/${courseId}/${action}`
const room = (courseId: number, action = 'show') => `/admin/api/resources/ChatRoom/records/${courseId}/${action}`

/** Multipart, as the page's buttons send. */
function form(fields: Record<string, string | Blob>): FormData {
  const f = new FormData()
  for (const [k, v] of Object.entries(fields)) f.set(k, v)
  return f
}

async function world() {
  const alice = await makeStaffUser(ctx, 'alice@example.test', 'AUTHOR', 'Alice')
  const bob = await makeStaffUser(ctx, 'bob@example.test', 'AUTHOR', 'Bob')
  const course = await makeCourse(ctx, alice, { slug: 'alices', title: 'Alices course' })
  const bobs = await makeCourse(ctx, bob, { slug: 'bobs', title: 'Bobs course' })
  const students: User[] = []
  for (const name of ['Ann', 'Ben']) {
    const s = await makeStudent(ctx, name)
    await ctx.domain.enrolment.enrol(s.id, course.slug)
    students.push(s)
  }
  return { alice, bob, course, bobs, students, a: await signedIn('alice@example.test'), b: await signedIn('bob@example.test') }
}

describe('announcements in the panel', () => {
  it('an author writes one for their course, sees its counts and cancels what is not sent', async () => {
    const { course, a } = await world()
    const hostile = 'Exam **moved** <script>alert(1)</script> @everyone'
    const sent = await a.post(announcements(course.id, 'announce'), { body: hostile })
    expect(sent.notice.type).toBe('success')
    expect(sent.announcements).toHaveLength(1)
    const [created] = sent.announcements
    // kept as written: the page shows it as text
    expect(created).toMatchObject({ body: hostile, status: 'QUEUED', listed: false, withImage: false })

    // a reminder delivery of the course is not an announcement of its author
    await ctx.ports.deliveries.create({ kind: 'REMINDER', courseId: course.id, authorId: null, body: '', imagePath: null })
    // the worker's fan-out lists the recipients (the domain call its job makes)
    await ctx.domain.delivery.expand(created.id)
    const shown = await a.json(announcements(course.id))
    expect(shown.announcements.map((x: any) => x.id)).toEqual([created.id])
    expect(shown.announcements[0].counts).toEqual({ total: 2, pending: 2, sent: 0, failed: 0, unreachable: 0, cancelled: 0 })
    expect(shown.announcements[0].listed).toBe(true)

    const cancelled = await a.post(announcements(course.id, 'cancelAnnouncement'), { deliveryId: created.id })
    expect(cancelled.notice).toEqual({ type: 'success', message: 'Cancelled: 2 students will not get it' })
    expect(cancelled.announcements[0]).toMatchObject({ status: 'CANCELLED', counts: { total: 2, pending: 0, cancelled: 2 } })
  })

  it("tells the course's live stream each time the counts change (the page fetches them again)", async () => {
    const { course, bobs, a } = await world()
    const events: Array<{ courseId: number; entity: string; entityId: number | null }> = []
    const off = await ctx.ports.courseEvents.subscribe((e) => events.push(e))
    try {
      const sent = await a.post(announcements(course.id, 'announce'), { body: 'Hello' })
      const id = sent.announcements[0].id
      await ctx.domain.delivery.expand(id)
      await a.post(announcements(course.id, 'cancelAnnouncement'), { deliveryId: id })
      // created, listed, cancelled: each on the announcement's course, none on another
      await waitFor(() => events.filter((e) => e.entity === 'delivery').length >= 3, { what: 'three progress events' })
      expect(events.filter((e) => e.entity === 'delivery')).toEqual(Array(3).fill(expect.objectContaining({ courseId: course.id, entityId: id, action: 'progress' })))
      expect(events.some((e) => e.courseId === bobs.id)).toBe(false)
    } finally {
      off()
    }
  })

  it('refuses an empty text and a file that is not an image, and takes a real image', async () => {
    const { course, a } = await world()
    const empty = await a.request(announcements(course.id, 'announce'), { method: 'POST', body: form({ body: '  ' }) })
    expect(empty.status).toBe(400)
    expect((await empty.json()).record.errors.body.message).toBe('The announcement has no text.')
    const fake = await a.request(announcements(course.id, 'announce'), {
      method: 'POST',
      body: form({ body: 'Look', image: new File(['<svg onload=alert(1)>'], 'x.png', { type: 'image/png' }) }),
    })
    expect(fake.status).toBe(400)
    expect((await fake.json()).record.errors.file.message).toMatch(/not a PNG, JPEG, GIF or WebP image/)
    const png = new Uint8Array(await Bun.file(new URL('../../prisma/seed-assets/select-diagram.png', import.meta.url)).arrayBuffer())
    const withImage = await a.post(announcements(course.id, 'announce'), { body: 'Look at **this**', image: new File([png], 'diagram.png', { type: 'image/png' }) })
    expect(withImage.notice.type).toBe('success')
    expect(withImage.announcements.map((x: any) => [x.body, x.withImage])).toEqual([['Look at **this**', true]])
    const stored = await ctx.ports.deliveries.find(withImage.announcements[0].id)
    expect(ctx.files.resolve(stored!.imagePath!)).not.toBeNull()
    const kept = await ctx.files.read(stored!.imagePath!)
    expect([kept.length, png.length]).toEqual([png.length, png.length])
    expect(new Uint8Array(kept)).toEqual(png)
  })

  it("another author gets a 404 and nothing of someone else's course, and cannot cancel its announcement", async () => {
    const { alice, course, bobs, b } = await world()
    const theirs = await ctx.domain.delivery.announce(actor(alice), course.id, { body: 'For Alice’s students' })
    await ctx.domain.delivery.expand(theirs.id)
    for (const res of [
      await b.request(announcements(course.id)),
      await b.request(announcements(course.id, 'announce'), { method: 'POST', body: form({ body: 'Injected' }) }),
      await b.request(announcements(course.id, 'cancelAnnouncement'), { method: 'POST', body: form({ deliveryId: String(theirs.id) }) }),
      // through Bob's own course page: the announcement is still not his
      await b.request(announcements(bobs.id, 'cancelAnnouncement'), { method: 'POST', body: form({ deliveryId: String(theirs.id) }) }),
    ]) {
      expect(res.status).toBe(404)
      const body = await res.text()
      expect(body).not.toContain('Alices course')
      expect(body).not.toContain('For Alice’s students')
    }
    // Bob's list of announcement pages has only his course
    const list = await b.json('/admin/api/resources/Announcement/actions/list')
    expect(list.records.map((r: any) => r.params.title)).toEqual(['Bobs course'])
    expect((await ctx.domain.delivery.list(actor(alice), course.id)).map((d) => [d.body, d.status, d.counts.pending])).toEqual([['For Alice’s students', 'SENDING', 2]])
    // an admin sees every course's announcements and room
    await makeStaffUser(ctx, 'root@example.test', 'ADMIN')
    const root = await signedIn('root@example.test')
    expect((await root.json(announcements(course.id))).announcements.map((x: any) => x.body)).toEqual(['For Alice’s students'])
    expect((await root.json(room(course.id))).room.bindings).toEqual([])
  })

  it('a GET of announce or cancel changes nothing', async () => {
    const { alice, course, a } = await world()
    const queued = await ctx.domain.delivery.announce(actor(alice), course.id, { body: 'Hello' })
    for (const path of [`${announcements(course.id, 'announce')}?body=Hi`, `${announcements(course.id, 'cancelAnnouncement')}?deliveryId=${queued.id}`]) {
      const res = await a.request(path)
      expect(res.status).toBe(405)
    }
    expect((await ctx.domain.delivery.list(actor(alice), course.id)).map((d) => [d.body, d.status])).toEqual([['Hello', 'QUEUED']])
  })
})

describe('the Community pages in Russian', () => {
  it('a Russian author gets notices and refusals in Russian, with no field ids', async () => {
    const olga = await makeStaffUser(ctx, 'olga@example.test', 'AUTHOR', 'Ольга', 'ru')
    const course = await makeCourse(ctx, olga, { slug: 'olgas', title: 'Курс Ольги' })
    const dora = await makeStudent(ctx, 'Дора')
    await ctx.domain.enrolment.enrol(dora.id, course.slug)
    const o = await signedIn('olga@example.test')

    const empty = await o.request(announcements(course.id, 'announce'), { method: 'POST', body: form({ body: '  ' }) })
    expect(empty.status).toBe(400)
    expect((await empty.json()).record.errors.body.message).toBe('В объявлении нет текста.')
    const tooLong = await (await o.request(announcements(course.id, 'announce'), { method: 'POST', body: form({ body: 'я'.repeat(4001) }) })).json()
    expect(tooLong.notice.message).toBe('Объявление может быть не длиннее 4000 символов.')
    const sent = await o.post(announcements(course.id, 'announce'), { body: 'Привет' })
    expect(sent.notice.message).toBe(`Объявление №${sent.announcements[0].id} отправляется студентам курса`)
    const cancelled = await o.post(announcements(course.id, 'cancelAnnouncement'), { deliveryId: String(sent.announcements[0].id) })
    expect(cancelled.notice.message).toMatch(/^Отправка отменена/)
    const oddId = await (await o.request(announcements(course.id, 'cancelAnnouncement'), { method: 'POST', body: form({ deliveryId: 'x' }) })).json()
    expect(oddId.notice.message).toBe('Страница устарела; обновите её и попробуйте ещё раз.')
    // a change opened by its address changes nothing and says so in Russian
    const viaGet = await o.request(`${announcements(course.id, 'announce')}?body=Hi`)
    expect(viaGet.status).toBe(405)
    expect((await viaGet.json()).notice.message).toBe('Это действие что-то меняет: нажмите его кнопку на странице (ничего не изменено).')

    const r = await ctx.domain.rooms.roomOfCourse(course.id)
    await ctx.domain.rooms.bind(actor(olga), course.id, { platform: 'TELEGRAM', chatId: '-1001234567890' })
    const self = await (await o.request(room(course.id, 'muteMember'), { method: 'POST', body: form({ userId: String(olga.id), reason: '' }) })).json()
    expect(self.notice.message).toBe('Нельзя заглушить самого себя.')
    expect((await o.post(room(course.id, 'muteMember'), { userId: String(dora.id), reason: 'флуд' })).notice.message).toMatch(/^Участник заглушён/)
    expect((await o.post(room(course.id, 'unmuteMember'), { userId: String(dora.id) })).notice.message).toBe('Голос возвращён')
    expect((await o.post(room(course.id, 'unmuteMember'), { userId: String(dora.id) })).notice.message).toBe('Этот участник не был заглушён')
    const wrongPlatform = await (await o.request(room(course.id, 'unbindChat'), { method: 'POST', body: form({ platform: 'WEB', chatId: '1' }) })).json()
    expect(wrongPlatform.notice.message).toBe('Чат курса привязывается к группе Telegram или каналу Discord.')
    expect((await o.post(room(course.id, 'unbindChat'), { platform: 'TELEGRAM', chatId: '-1001234567890' })).notice.message).toBe('Чат курса отвязан: группа Telegram -1001234567890')
    expect((await o.post(room(course.id, 'unbindChat'), { platform: 'TELEGRAM', chatId: '-1001234567890' })).notice.message).toBe('Чат курса не был привязан: группа Telegram -1001234567890')
    expect(r.courseId).toBe(course.id)
  })
})

describe('chat rooms in the panel', () => {
  async function roomWorld() {
    const w = await world()
    const r = await ctx.domain.rooms.roomOfCourse(w.course.id)
    await ctx.domain.rooms.bind(actor(w.alice), w.course.id, { platform: 'TELEGRAM', chatId: '-1001234567890' })
    await ctx.domain.rooms.bind(actor(w.alice), w.course.id, { platform: 'DISCORD', chatId: '223456789012345678', webhookId: '1', webhookToken: 'secret-webhook-token' })
    const [ann] = w.students
    const posted = await ctx.domain.rooms.post(actor(ann!), r.id, { origin: { platform: 'WEB', chatId: 'web', messageId: `${ann!.id}:c1` }, authorName: 'Ann', text: '<b>spam</b> @everyone' })
    if (posted.status !== 'stored') throw new Error('not stored')
    return { ...w, roomId: r.id, message: posted.message, ann: ann! }
  }

  it("shows the room's bindings (no webhook token), history and mutes to its author, who unbinds, deletes everywhere and mutes", async () => {
    const { course, a, roomId, message, ann } = await roomWorld()
    const shown = await a.json(room(course.id))
    const byPlatform = (x: { platform: string }, y: { platform: string }) => x.platform.localeCompare(y.platform)
    expect([...shown.room.bindings].sort(byPlatform)).toEqual([
      { platform: 'DISCORD', chatId: '223456789012345678' },
      { platform: 'TELEGRAM', chatId: '-1001234567890' },
    ])
    expect(JSON.stringify(shown)).not.toContain('secret-webhook-token')
    expect(shown.room.messages.map((m: any) => [m.author.name, m.text, m.deleted])).toEqual([['Ann', '<b>spam</b> @everyone', false]])

    const muted = await a.post(room(course.id, 'muteMember'), { userId: ann.id, reason: 'spam' })
    expect(muted.notice.type).toBe('success')
    expect(muted.room.mutes).toEqual([expect.objectContaining({ userId: ann.id, name: 'Ann', reason: 'spam' })])
    expect(await ctx.domain.rooms.isMuted(roomId, ann.id)).toBe(true)

    const deleted = await a.post(room(course.id, 'deleteRoomMessage'), { messageId: message.id })
    expect(deleted.notice).toEqual({ type: 'success', message: 'Deleted everywhere: on the web page and in every bound chat' })
    expect(deleted.room.messages).toEqual([expect.objectContaining({ id: message.id, deleted: true, text: '' })])
    expect((await ctx.domain.rooms.getMessage(message.id))!.deletedAt).not.toBeNull()

    const unbound = await a.post(room(course.id, 'unbindChat'), { platform: 'TELEGRAM', chatId: '-1001234567890' })
    expect(unbound.notice.message).toBe('The room is no longer bound to Telegram group -1001234567890')
    expect(unbound.room.bindings).toEqual([{ platform: 'DISCORD', chatId: '223456789012345678' }])

    const unmuted = await a.post(room(course.id, 'unmuteMember'), { userId: ann.id })
    expect(unmuted.notice.message).toBe('Unmuted')
    expect(await ctx.domain.rooms.isMuted(roomId, ann.id)).toBe(false)
  })

  it('refuses unbind, delete and mute on GET, and to an author of another course', async () => {
    const { course, a, b, roomId, message, ann } = await roomWorld()
    const changes: Array<[string, Record<string, string>]> = [
      ['unbindChat', { platform: 'TELEGRAM', chatId: '-1001234567890' }],
      ['deleteRoomMessage', { messageId: String(message.id) }],
      ['muteMember', { userId: String(ann.id) }],
    ]
    for (const [action, fields] of changes) {
      expect((await a.request(`${room(course.id, action)}?${new URLSearchParams(fields)}`)).status).toBe(405)
      const refused = await b.request(room(course.id, action), { method: 'POST', body: form(fields) })
      expect(refused.status).toBe(403)
      const body = await refused.json()
      expect(body.notice.message).toBe("Only the course's authors can moderate its room")
      expect(JSON.stringify(body)).not.toContain('Alices course')
    }
    const page = await b.request(room(course.id))
    expect(page.status).toBe(403)
    expect(await page.text()).not.toContain('spam')
    // nothing changed
    expect((await ctx.domain.rooms.bindings(roomId)).map((x) => x.platform).sort()).toEqual(['DISCORD', 'TELEGRAM'])
    expect((await ctx.domain.rooms.getMessage(message.id))!.deletedAt).toBeNull()
    expect(await ctx.domain.rooms.isMuted(roomId, ann.id)).toBe(false)
  })
})
