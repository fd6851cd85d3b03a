// Operators list and revoke API tokens from the command line; a revoked token stops working at once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import { openTestContext, resetData } from '../fixtures/context'
import { makeStudent, tokenFor } from '../fixtures/factories'
import { runCli } from '../fixtures/process'

let ctx: AppContext
beforeAll(async () => {
  ctx = await openTestContext()
})
afterAll(() => ctx.close())
beforeEach(() => resetData(ctx))

describe('cli: API tokens', () => {
  it('lists a user\'s tokens and revokes one', async () => {
    const student = await makeStudent(ctx)
    const token = await tokenFor(ctx, student)
    await ctx.domain.accounts.authenticateToken(token)

    const list = await runCli(['token', 'list', '--user-id', String(student.id)])
    expect(list.code).toBe(0)
    const [line] = list.stdout.trim().split('\n')
    expect(line).toMatch(/^\d+\ttest\tcreated .*\tlast used \d{4}-.*\tlive$/)
    expect(list.stdout).not.toContain(token)
    const id = Number(line!.split('\t')[0])

    expect(await runCli(['token', 'revoke', '--id', String(id)])).toMatchObject({ code: 0 })
    await expect(ctx.domain.accounts.authenticateToken(token)).rejects.toMatchObject({ code: 'unauthenticated' })
    expect((await runCli(['token', 'list', '--user-id', String(student.id)])).stdout).toMatch(/\trevoked \d{4}-/)

    // revoking again, or an unknown id, says so
    expect(await runCli(['token', 'revoke', '--id', String(id)])).toMatchObject({ code: 65 })
    expect(await runCli(['token', 'revoke', '--id', 'abc'])).toMatchObject({ code: 64 })
  })

  it('says so when a user has no tokens, and its usage names the npm script', async () => {
    const student = await makeStudent(ctx)
    const none = await runCli(['token', 'list', '--user-id', String(student.id)])
    expect(none).toMatchObject({ code: 0, stdout: '' })
    expect(none.stderr).toContain(`no API tokens for user ${student.id}; create one with: npm run cli -- token create --user-id ${student.id}`)
    const usage = await runCli(['token'])
    expect(usage.code).toBe(64)
    expect(usage.stderr).toContain('npm run cli -- token create')
    expect(usage.stderr).not.toContain('bun scripts/cli.ts')
  })
})
