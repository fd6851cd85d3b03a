// A course change, its version bump and its audit entry are one transaction:
// a process killed (SIGKILL) in the middle of a stream of publish toggles
// leaves the course saying what its last audit entry says, and one audit
// entry per version step.
import { spawn } from 'bun'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import { openTestContext, resetData } from '../fixtures/context'
import { makeCourse, makeStaff } from '../fixtures/factories'

let ctx: AppContext
beforeAll(async () => {
  ctx = await openTestContext()
  await resetData(ctx)
})
afterAll(() => ctx?.close())

const auditCount = (courseId: number) => ctx.db.prisma.auditEntry.count({ where: { courseId, action: { in: ['publish', 'unpublish'] } } })

describe('a publish stream killed with SIGKILL', () => {
  it('leaves the course state and its last audit entry in agreement', { timeout: 120_000 }, async () => {
    const author = await makeStaff(ctx)
    const course = await makeCourse(ctx, author)
    const rounds: string[] = []
    for (const stopAfter of [25, 60, 110]) {
      const before = await auditCount(course.id)
      const child = spawn([process.execPath, 'tests/integration/publish-toggler.child.ts', String(course.id), String(author.id)], {
        env: { ...process.env } as Record<string, string>,
        stdout: 'ignore',
        stderr: 'inherit',
      })
      // kill it mid-stream: once it has made this many toggles (polling the audit trail)
      while ((await auditCount(course.id)) < before + stopAfter) {
        if (child.exitCode !== null) throw new Error(`the toggler exited early (${child.exitCode})`)
        await Bun.sleep(5)
      }
      child.kill('SIGKILL')
      await child.exited
      const row = (await ctx.db.prisma.course.findUniqueOrThrow({ where: { id: course.id } }))!
      const last = await ctx.db.prisma.auditEntry.findFirst({ where: { courseId: course.id, action: { in: ['publish', 'unpublish'] } }, orderBy: { id: 'desc' } })
      const toggles = (await auditCount(course.id)) - before
      rounds.push(`killed after ${toggles} toggles: course published=${row.published}, version ${row.version}; last audit entry "${last?.action}"`)
      expect(last?.action).toBe(row.published ? 'publish' : 'unpublish')
      // every version step has its audit entry (the course was made at version 1 + its setup changes)
      const entries = await ctx.db.prisma.auditEntry.count({ where: { courseId: course.id, NOT: { action: 'create', entity: 'course' } } })
      expect(row.version).toBe(1 + entries)
    }
    console.log(`[publish crash]\n${rounds.join('\n')}`)
  })
})
