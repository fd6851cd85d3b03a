// Operators list and revoke API tokens from the command line; a revoked token stops working at once.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import { openTestContext, resetData } from '../fixtures/context'
import { makeStaff, makeStudent, tokenFor } from '../fixtures/factories'
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

  it('user link-code prints a code that joins a Telegram account with the author, who stays an author', async () => {
    const author = await makeStaff(ctx)
    // the Telegram account is older than the author's panel account
    await ctx.db.prisma.user.update({ where: { id: author.id }, data: { id: 999_999 } })
    const tg = await makeStudent(ctx, 'Anna on Telegram', '777001')
    const out = await runCli(['user', 'link-code', '--email', author.email!])
    expect(out.code).toBe(0)
    const code = out.stdout.trim()
    expect(code).toMatch(/^[A-Z0-9]{8}$/)
    const survivor = await ctx.domain.accounts.redeemLinkCode(code, tg.id)
    expect(survivor).toMatchObject({ id: 999_999, role: 'AUTHOR', email: author.email })
    expect((await ctx.domain.accounts.findByPlatform('TELEGRAM', '777001'))!.id).toBe(999_999)
  })
})
