// The Discord role of a course in the author panel (issue 7): an author binds
// their course to a server's role and unbinds it; another author is refused; a
// malformed id gets a 4xx with a plain message. The service's unbind too.
import { describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import { actor, makeCourse } from '../fixtures/factories'
import { type TestPanel, makeStaffUser, panelForFile, signedInClient } from './support'

let ctx: AppContext
let panel: TestPanel
panelForFile((opened) => ({ ctx, panel } = opened))

const signedIn = (email: string) => signedInClient(panel, email)

const GUILD = '123456789012345678'
const ROLE = '223456789012345678'
const actionPath = (id: number) => `/admin/api/resources/Course/records/${id}/discordRole`
/** Multipart, as the panel's forms send. */
function form(fields: Record<string, string>): FormData {
  const f = new FormData()
  for (const [k, v] of Object.entries(fields)) f.set(k, v)
  return f
}
const stored = (courseId: number) => ctx.ports.courseRoles.listForCourse(courseId)

describe('the Discord role of a course in the panel', () => {
  it('lets an author bind and unbind their course, and shows the bindings', async () => {
    const alice = await makeStaffUser(ctx, 'alice@example.test')
    const course = await makeCourse(ctx, alice, { slug: 'alices' })
    const a = await signedIn('alice@example.test')

    expect((await a.json(actionPath(course.id))).bindings).toEqual([])
    const bound = await a.post(actionPath(course.id), { guildId: ` ${GUILD} `, roleId: ROLE })
    expect(bound.notice).toEqual({ type: 'success', message: `Students of this course get role ${ROLE} in server ${GUILD}` })
    expect(bound.bindings).toEqual([{ courseId: course.id, guildId: GUILD, roleId: ROLE }])
    expect((await a.json(actionPath(course.id))).bindings).toEqual([{ courseId: course.id, guildId: GUILD, roleId: ROLE }])

    const unbound = await a.post(actionPath(course.id), { guildId: GUILD, unbind: '1' })
    expect(unbound.notice.type).toBe('success')
    expect(unbound.bindings).toEqual([])
    expect(await stored(course.id)).toEqual([])
  })

  it("refuses another author on someone else's course, and leaves its binding alone", async () => {
    const alice = await makeStaffUser(ctx, 'alice@example.test')
    await makeStaffUser(ctx, 'bob@example.test')
    const course = await makeCourse(ctx, alice, { slug: 'alices' })
    await ctx.domain.courseRoles.bind(actor(alice), course.id, GUILD, ROLE)
    const b = await signedIn('bob@example.test')
    for (const res of [
      await b.request(actionPath(course.id)),
      await b.request(actionPath(course.id), { method: 'POST', body: form({ guildId: GUILD, roleId: '323456789012345678' }) }),
      await b.request(actionPath(course.id), { method: 'POST', body: form({ guildId: GUILD, unbind: '1' }) }),
      await b.request(actionPath(course.id), { method: 'POST', body: form({ guildId: 'x', roleId: 'y' }) }),
    ]) {
      expect(res.status).toBe(403)
      const body = await res.json()
      expect(body.notice.type).toBe('error')
      expect(body.notice.message).toBe('Only the authors of this course can change its Discord role.')
      expect(JSON.stringify(body)).not.toContain(course.title) // nothing of the course goes back
      expect(body.bindings).toBeUndefined()
    }
    expect(await stored(course.id)).toEqual([{ courseId: course.id, guildId: GUILD, roleId: ROLE }])
  })

  it('answers a malformed id with a 400 and a plain message under its field', async () => {
    const alice = await makeStaffUser(ctx, 'alice@example.test')
    const course = await makeCourse(ctx, alice, { slug: 'alices' })
    const a = await signedIn('alice@example.test')
    const res = await a.request(actionPath(course.id), { method: 'POST', body: form({ guildId: '<b>@everyone</b>', roleId: ROLE }) })
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.notice.message).toBe('A Discord id is 15 to 22 digits (in Discord: right-click it, Copy ID).')
    expect(body.record.errors.guildId.message).toBe(body.notice.message)
    const role = await a.post(actionPath(course.id), { guildId: GUILD, roleId: '12' })
    expect(role.record.errors.roleId.message).toMatch(/^A Discord id is 15 to 22 digits/)
    expect(await stored(course.id)).toEqual([])
  })
})

describe('CourseRolesService.unbind', () => {
  it('removes only that guild’s role, for the course’s authors', async () => {
    const alice = await makeStaffUser(ctx, 'alice@example.test')
    const bob = await makeStaffUser(ctx, 'bob@example.test')
    const course = await makeCourse(ctx, alice, { slug: 'alices' })
    const roles = ctx.domain.courseRoles
    await roles.bind(actor(alice), course.id, GUILD, ROLE)
    await roles.bind(actor(alice), course.id, '923456789012345678', ROLE)
    await expect(roles.unbind(actor(bob), course.id, GUILD)).rejects.toThrow("Only the course’s authors can unbind its role")
    expect(await roles.unbind(actor(alice), course.id, GUILD)).toBe(true)
    expect(await roles.unbind(actor(alice), course.id, GUILD)).toBe(false)
    expect(await roles.bindingsOf(actor(alice), course.id)).toEqual([{ courseId: course.id, guildId: '923456789012345678', roleId: ROLE }])
  })
})
