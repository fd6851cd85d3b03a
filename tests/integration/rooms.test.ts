// Course chat rooms, the domain rules on real PostgreSQL: who gets in, muting,
// editing and deleting, moderation, binding, and the web sign-in link.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import type { Course, User } from '../../src/domain'
import type { PostInput } from '../../src/domain/rooms.service'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, makeStaff, makeStudent } from '../fixtures/factories'

let ctx: AppContext
beforeAll(async () => {
  ctx = await openTestContext()
})
afterAll(() => ctx.close())
beforeEach(() => resetData(ctx))

let n = 0
const msg = (text: string, over: Partial<PostInput> = {}): PostInput => ({
  origin: { platform: 'WEB', chatId: 'web', messageId: `m${++n}` },
  authorName: 'Someone',
  text,
  ...over,
})

async function world() {
  const author = await makeStaff(ctx)
  const course = await makeCourse(ctx, author, { slug: 'chat-course' })
  const student = await makeStudent(ctx, 'Ann')
  await ctx.domain.enrolment.enrol(student.id, course.slug)
  const outsider = await makeStudent(ctx, 'Olga')
  const room = await ctx.domain.rooms.roomOfCourse(course.id)
  return { author, course, student, outsider, roomId: room.id }
}

describe('who may enter a room', () => {
  it('lets in enrolled students, the course authors and admins, and nobody else', async () => {
    const { author, course, student, outsider, roomId } = await world()
    const otherAuthor = await makeStaff(ctx)
    const admin = await makeStaff(ctx, 'ADMIN')
    const rooms = ctx.domain.rooms
    expect(await rooms.isMember(actor(student), roomId)).toBe(true)
    expect(await rooms.isMember(actor(author), roomId)).toBe(true)
    expect(await rooms.isMember(actor(admin), roomId)).toBe(true)
    expect(await rooms.isMember(actor(outsider), roomId)).toBe(false)
    expect(await rooms.isMember(actor(otherAuthor), roomId)).toBe(false)
    await expect(rooms.enter(actor(outsider), course.slug)).rejects.toMatchObject({ code: 'not_enrolled' })
    await expect(rooms.post(actor(outsider), roomId, msg('hi'))).rejects.toMatchObject({ code: 'not_enrolled' })
    await expect(rooms.history(actor(outsider), roomId)).rejects.toMatchObject({ code: 'not_enrolled' })

    // leaving the course closes the room to the student
    await ctx.domain.enrolment.unenrol(student.id, course.slug)
    expect(await rooms.isMember(actor(student), roomId)).toBe(false)
  })

  it('keeps an unpublished course room to its authors', async () => {
    const author = await makeStaff(ctx)
    const course = await makeCourse(ctx, author, { published: false })
    const student = await makeStudent(ctx)
    const room = await ctx.domain.rooms.roomOfCourse(course.id)
    expect(await ctx.domain.rooms.isMember(actor(author), room.id)).toBe(true)
    expect(await ctx.domain.rooms.isMember(actor(student), room.id)).toBe(false)
  })
})

describe('posting and history', () => {
  it('stores a message once per origin and pages history forward from an id', async () => {
    const { student, roomId } = await world()
    const rooms = ctx.domain.rooms
    const first = await rooms.post(actor(student), roomId, msg('one', { origin: { platform: 'TELEGRAM', chatId: '-1', messageId: '7' } }))
    const again = await rooms.post(actor(student), roomId, msg('one', { origin: { platform: 'TELEGRAM', chatId: '-1', messageId: '7' } }))
    expect(first.status).toBe('stored')
    expect(again.status).toBe('duplicate')
    const second = await rooms.post(actor(student), roomId, msg('two'))
    const third = await rooms.post(actor(student), roomId, msg('three', { replyToId: (second as any).message.id }))
    const all = await rooms.history(actor(student), roomId)
    expect(all.map((m) => m.text)).toEqual(['one', 'two', 'three'])
    expect(all[2]!.replyToId).toBe((second as any).message.id)
    const gap = await rooms.history(actor(student), roomId, { afterId: (first as any).message.id })
    expect(gap.map((m) => m.text)).toEqual(['two', 'three'])
    expect(third.status).toBe('stored')
  })

  it('refuses empty and oversized text with a clear answer, and keeps hostile text as plain text', async () => {
    const { student, roomId } = await world()
    const rooms = ctx.domain.rooms
    await expect(rooms.post(actor(student), roomId, msg('   '))).rejects.toMatchObject({ code: 'invalid' })
    await expect(rooms.post(actor(student), roomId, msg('x'.repeat(5000)))).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('4096') })
    const hostile = '@everyone <script>alert(1)</script>'
    const r = await rooms.post(actor(student), roomId, msg(hostile, { entities: [{ type: 'link', offset: 0, length: 3, url: 'javascript:alert(1)' }] }))
    expect(r.status === 'stored' && r.message.text).toBe(hostile)
    expect(r.status === 'stored' && r.message.entities).toEqual([]) // a javascript: link is dropped
  })
})

describe('moderation', () => {
  it('a muted member is refused and told why once; unmuted, they post again', async () => {
    const { author, student, roomId } = await world()
    const rooms = ctx.domain.rooms
    await expect(rooms.mute(actor(student), roomId, author.id)).rejects.toMatchObject({ code: 'forbidden' })
    await rooms.mute(actor(author), roomId, student.id, 'spam')
    expect(await rooms.post(actor(student), roomId, msg('buy now'))).toEqual({ status: 'muted', reason: 'spam', tell: true })
    expect(await rooms.post(actor(student), roomId, msg('buy now!'))).toEqual({ status: 'muted', reason: 'spam', tell: false })
    expect(await rooms.history(actor(author), roomId)).toEqual([])
    expect(await rooms.unmute(actor(author), roomId, student.id)).toBe(true)
    expect((await rooms.post(actor(student), roomId, msg('sorry'))).status).toBe('stored')
  })

  it('members edit and delete their own messages; authors delete any; students cannot delete others', async () => {
    const { author, student, roomId } = await world()
    const other = await makeStudent(ctx, 'Bob')
    const course = (await ctx.ports.rooms.findRoom(roomId))!
    await ctx.domain.enrolment.enrol(other.id, (await ctx.ports.courses.findCourseById(course.courseId))!.slug)
    const rooms = ctx.domain.rooms
    const posted = await rooms.post(actor(student), roomId, msg('typo'))
    const id = posted.status === 'stored' ? posted.message.id : 0
    await expect(rooms.edit(actor(other), id, 'hacked')).rejects.toMatchObject({ code: 'forbidden' })
    expect((await rooms.edit(actor(student), id, 'fixed'))?.text).toBe('fixed')
    expect(await rooms.edit(actor(student), id, 'fixed')).toBeNull() // the same edit twice changes nothing
    await expect(rooms.remove(actor(other), id)).rejects.toMatchObject({ code: 'forbidden' })
    expect((await rooms.remove(actor(author), id))?.deletedAt).toBeInstanceOf(Date)
    expect(await rooms.remove(actor(author), id)).toBeNull()
  })
})

describe('bindings', () => {
  it('only the course authors bind and unbind; a chat belongs to one room', async () => {
    const { author, course, student } = await world()
    const rooms = ctx.domain.rooms
    await expect(rooms.bind(actor(student), course.id, { platform: 'TELEGRAM', chatId: '-100123' })).rejects.toMatchObject({ code: 'forbidden' })
    await expect(rooms.bind(actor(author), course.id, { platform: 'TELEGRAM', chatId: 'not-a-chat' })).rejects.toMatchObject({ code: 'invalid' })
    const binding = await rooms.bind(actor(author), course.id, { platform: 'TELEGRAM', chatId: '-100123' })
    expect(await rooms.bindingFor('TELEGRAM', '-100123')).toEqual(binding)

    const intruder = await makeStaff(ctx)
    const theirs: Course = await makeCourse(ctx, intruder)
    await expect(rooms.bind(actor(intruder), theirs.id, { platform: 'TELEGRAM', chatId: '-100123' })).rejects.toMatchObject({ code: 'forbidden' })
    await expect(rooms.unbind(actor(intruder), 'TELEGRAM', '-100123')).rejects.toMatchObject({ code: 'forbidden' })
    expect(await rooms.unbind(actor(author), 'TELEGRAM', '-100123')).toBe(true)
    expect(await rooms.bindingFor('TELEGRAM', '-100123')).toBeNull()
  })
})

describe('web sign-in', () => {
  it('a link signs in once; the session finds the user; a spent or unknown link is refused', async () => {
    const student: User = await makeStudent(ctx)
    const web = ctx.domain.webSignIn
    const { token } = await web.issueLoginToken(student.id)
    const stored = await ctx.db.sql.query(`SELECT "tokenHash" FROM "WebLoginToken"`)
    expect(String(stored[0]!.tokenHash)).not.toContain(token) // only the hash is kept
    const { sessionToken } = await web.signIn(token)
    expect((await web.userForSession(sessionToken))?.id).toBe(student.id)
    await expect(web.signIn(token)).rejects.toMatchObject({ code: 'expired' })
    await expect(web.signIn('x'.repeat(43))).rejects.toMatchObject({ code: 'expired' })
    expect(await web.userForSession('garbage')).toBeNull()
    await web.signOut(sessionToken)
    expect(await web.userForSession(sessionToken)).toBeNull()
  })
})
