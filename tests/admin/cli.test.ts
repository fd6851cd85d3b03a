// scripts/cli.ts: staff accounts and API tokens from the command line.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import { openTestContext, resetData } from '../fixtures/context'
import { runCli } from '../fixtures/process'

let ctx: AppContext
beforeAll(async () => {
  ctx = await openTestContext()
})
afterAll(() => ctx.close())
beforeEach(() => resetData(ctx))

const cli = runCli

describe('scripts/cli.ts', () => {
  it('creates an author, resets the password, and refuses bad input', async () => {
    const created = await cli(['user', 'create', '--email', 'New.Author@Example.test', '--role', 'author', '--password', 'first password 1', '--name', 'New Author'])
    expect(created).toMatchObject({ code: 0, stdout: '' })
    expect(created.stderr).toContain('created author new.author@example.test')
    expect(await ctx.domain.accounts.verifyStaffLogin('new.author@example.test', 'first password 1')).toMatchObject({ role: 'AUTHOR' })

    const reset = await cli(['user', 'create', '--email', 'new.author@example.test', '--role', 'admin', '--password', '-'], 'second password 2\n')
    expect(reset.code).toBe(0)
    expect(reset.stderr).toContain('updated admin')
    expect(await ctx.domain.accounts.verifyStaffLogin('new.author@example.test', 'first password 1')).toBeNull()
    expect(await ctx.domain.accounts.verifyStaffLogin('new.author@example.test', 'second password 2')).toMatchObject({ role: 'ADMIN' })

    const generated = await cli(['user', 'create', '--email', 'gen@example.test', '--role', 'author'])
    const password = /^password: (\S+)$/m.exec(generated.stdout)![1]!
    expect(password.length).toBeGreaterThanOrEqual(20)
    expect(await ctx.domain.accounts.verifyStaffLogin('gen@example.test', password)).not.toBeNull()

    expect((await cli(['user', 'create', '--email', 'x@example.test', '--role', 'student'])).code).toBe(64)
    expect((await cli(['user', 'create', '--email', 'x@example.test', '--role', 'author', '--password', 'short'])).code).toBe(65)
    expect((await cli(['frobnicate'])).code).toBe(64)
  }, 60_000)

  it('prints an API token once that then authenticates', async () => {
    await ctx.domain.accounts.upsertStaff({ email: 'tok@example.test', password: 'a long password', role: 'AUTHOR' })
    const out = await cli(['token', 'create', '--email', 'tok@example.test', '--name', 'ci'])
    expect(out.code).toBe(0)
    const token = out.stdout.trim()
    expect(token).toMatch(/^tm_[A-Za-z0-9]{40}$/)
    expect(await ctx.domain.accounts.authenticateToken(token)).toMatchObject({ email: 'tok@example.test' })
    const byId = await cli(['token', 'create', '--user-id', String((await ctx.ports.users.findByEmail('tok@example.test'))!.id)])
    expect(byId.stdout.trim()).toMatch(/^tm_/)
    expect((await cli(['token', 'create', '--email', 'nobody@example.test'])).code).toBe(65)
    expect((await cli(['token', 'create'])).code).toBe(64)
  }, 60_000)
})
