// Live co-authoring's domain side on real PostgreSQL and Redis: the events
// AuthoringService publishes after its changes, and presence that expires.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import type { CourseEvent } from '../../src/domain'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, makeStaff, text } from '../fixtures/factories'

let ctx: AppContext
beforeAll(async () => {
  ctx = await openTestContext()
})
afterAll(() => ctx?.close())
beforeEach(() => resetData(ctx))

describe('course events', () => {
  it('are published after each committed change, with the new version, and not for a refused one', async () => {
    const owner = await makeStaff(ctx)
    const course = await makeCourse(ctx, owner, { published: false, modules: [{ contents: [text('A'), text('B')] }, { contents: [] }] })
    const events: CourseEvent[] = []
    const off = await ctx.domain.coAuthoring.subscribe((e) => e.courseId === course.id && events.push(e))
    const a = actor(owner)
    const updated = await ctx.domain.authoring.updateContent(a, course.contentIds[0]!, { title: 'A2' })
    await ctx.domain.authoring.reorderContents(a, course.moduleIds[0]!, [...course.contentIds].reverse())
    await expect(ctx.domain.authoring.updateModule(a, course.moduleIds[1]!, { title: 'x' }, { expectedVersion: 2 })).rejects.toThrow()
    await ctx.domain.authoring.deleteModule(a, course.moduleIds[1]!)
    await expect.poll(() => events.length, { timeout: 10_000 }).toBe(3)
    off()
    const version = (await ctx.ports.courses.findCourseById(course.id))!.version
    expect(events.map(({ entity, entityId, action, actorId }) => ({ entity, entityId, action, actorId }))).toEqual([
      { entity: 'content', entityId: updated.id, action: 'update', actorId: owner.id },
      { entity: 'content', entityId: null, action: 'reorder', actorId: owner.id },
      { entity: 'module', entityId: course.moduleIds[1], action: 'delete', actorId: owner.id },
    ])
    expect(events.at(-1)!.version).toBe(version)
  })
})

describe('presence', () => {
  it('lists each person once per record with titles and display names, and drops an entry whose page stopped refreshing', async () => {
    const owner = await makeStaff(ctx)
    const course = await makeCourse(ctx, owner, { published: false, modules: [{ title: 'Basics', contents: [] }] })
    await ctx.domain.accounts.upsertStaff({ email: 'named@example.test', password: 'correct horse battery', role: 'AUTHOR', displayName: 'Named Author' })
    const named = (await ctx.ports.users.findByEmail('named@example.test'))!
    const presence = ctx.ports.presence
    await ctx.domain.coAuthoring.here(course.id, { userId: named.id, tab: 't1', editing: null })
    await ctx.domain.coAuthoring.here(course.id, { userId: named.id, tab: 't2', editing: null })
    await ctx.domain.coAuthoring.here(course.id, { userId: owner.id, tab: 't3', editing: { entity: 'module', id: course.moduleIds[0]! } })
    // (sorted by name: "author…" before "Named Author")
    expect(await ctx.domain.coAuthoring.whoIsHere(course.id)).toEqual([
      { userId: owner.id, name: owner.email!.split('@')[0], editing: { entity: 'module', id: course.moduleIds[0], title: 'Basics' } },
      { userId: named.id, name: 'Named Author', editing: null },
    ])
    // a refresh that changes nothing is not news; a new record being edited is
    expect(await presence.touch(course.id, { userId: named.id, tab: 't1', editing: null }, 45_000)).toBe(false)
    expect(await presence.touch(course.id, { userId: named.id, tab: 't1', editing: { entity: 'course', id: course.id } }, 45_000)).toBe(true)

    // an entry that is not refreshed expires (short TTL here), and the next touch reports the change
    await presence.touch(course.id, { userId: 999_999, tab: 'gone', editing: null }, 20)
    await expect.poll(async () => (await presence.list(course.id)).some((e) => e.userId === 999_999), { timeout: 10_000 }).toBe(false)
    expect(await presence.touch(course.id, { userId: named.id, tab: 't1', editing: { entity: 'course', id: course.id } }, 45_000)).toBe(true)
    expect(await presence.leave(course.id, named.id, 't1')).toBe(true)
    expect(await presence.leave(course.id, named.id, 't1')).toBe(false)
  })
})
