import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AppContext } from '../../src/context'
import { createDomain, type Domain, type User } from '../../src/domain'
import { LINK_CODE_TTL_MS, pickLocale, sha256 } from '../../src/domain/accounts.service'
import type { Clock } from '../../src/domain/ports'
import { createPorts } from '../../src/infra'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, makeStaff, makeStudent, quiz, text } from '../fixtures/factories'

let ctx: AppContext
beforeAll(async () => {
  ctx = await openTestContext()
})
afterAll(() => ctx.close())
beforeEach(() => resetData(ctx))

const discordUser = async (externalId = '900000000000000001', displayName = 'On Discord'): Promise<User> =>
  (await ctx.domain.accounts.registerFromPlatform({ platform: 'DISCORD', externalId, displayName })).user

describe('platform accounts', () => {
  it('registers a platform account once and finds it again', async () => {
    const input = { platform: 'TELEGRAM' as const, externalId: '4242', username: 'ann', displayName: '  Ann  ', languageCode: 'en-GB' }
    const first = await ctx.domain.accounts.registerFromPlatform(input)
    expect(first.created).toBe(true)
    expect(first.user).toMatchObject({ role: 'STUDENT', email: null, profile: { displayName: 'Ann', locale: 'en' } })

    const second = await ctx.domain.accounts.registerFromPlatform({ ...input, username: 'ann_new' })
    expect(second).toMatchObject({ created: false, user: { id: first.user.id } })
    expect((await ctx.domain.accounts.findByPlatform('TELEGRAM', '4242'))!.id).toBe(first.user.id)
    expect(await ctx.domain.accounts.findByPlatform('DISCORD', '4242')).toBeNull()
    const accounts = await ctx.ports.users.listAccounts(first.user.id)
    expect(accounts).toMatchObject([{ platform: 'TELEGRAM', externalId: '4242', username: 'ann_new' }])
  })

  it('creates exactly one user when the same new person arrives five times at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => ctx.domain.accounts.registerFromPlatform({ platform: 'TELEGRAM', externalId: '777', displayName: 'Racer' })),
    )
    expect(new Set(results.map((r) => r.user.id)).size).toBe(1)
    expect(results.filter((r) => r.created)).toHaveLength(1)
    expect(await ctx.db.prisma.user.count()).toBe(1)
    expect(await ctx.db.prisma.platformAccount.count()).toBe(1)
  })

  it('falls back to a placeholder name for a blank display name', async () => {
    const { user } = await ctx.domain.accounts.registerFromPlatform({ platform: 'DISCORD', externalId: '1', displayName: '   ' })
    expect(user.profile!.displayName).toBe('Student')
  })

  it('picks a supported locale from a platform language code', () => {
    expect(pickLocale('en')).toBe('en')
    expect(pickLocale('en-US')).toBe('en')
    expect(pickLocale('EN_gb')).toBe('en')
    expect(pickLocale('ru')).toBe('ru')
    expect(pickLocale('de')).toBe('ru')
    expect(pickLocale('')).toBe('ru')
    expect(pickLocale(null)).toBe('ru')
    expect(pickLocale(undefined)).toBe('ru')
  })
})

describe('staff logins', () => {
  it('creates staff, then resets password and role on a second upsert', async () => {
    const created = await ctx.domain.accounts.upsertStaff({ email: ' Author@Example.TEST ', password: 'first password 1', role: 'AUTHOR' })
    expect(created.created).toBe(true)
    expect(created.user).toMatchObject({ email: 'author@example.test', role: 'AUTHOR', profile: { displayName: 'author' } })

    const updated = await ctx.domain.accounts.upsertStaff({ email: 'author@example.test', password: 'second password 2', role: 'ADMIN' })
    expect(updated).toMatchObject({ created: false, user: { id: created.user.id, role: 'ADMIN' } })
    expect(await ctx.domain.accounts.verifyStaffLogin('author@example.test', 'first password 1')).toBeNull()
    expect(await ctx.domain.accounts.verifyStaffLogin('author@example.test', 'second password 2')).toMatchObject({ id: created.user.id, role: 'ADMIN' })
  })

  it('checks the password, ignores email case and never returns the hash', async () => {
    const staff = await makeStaff(ctx, 'AUTHOR', 'Jane.Doe@Example.test')
    const ok = await ctx.domain.accounts.verifyStaffLogin('  JANE.DOE@example.TEST', 'correct horse battery')
    expect(ok).toMatchObject({ id: staff.id, role: 'AUTHOR' })
    expect(ok).not.toHaveProperty('passwordHash')
    expect(await ctx.domain.accounts.verifyStaffLogin('jane.doe@example.test', 'wrong horse battery')).toBeNull()
    expect(await ctx.domain.accounts.verifyStaffLogin('nobody@example.test', 'correct horse battery')).toBeNull()
    // the stored value is an argon2id hash, not the password
    const row = await ctx.db.prisma.user.findUniqueOrThrow({ where: { id: staff.id } })
    expect(row.passwordHash).toMatch(/^\$argon2id\$/)
  })

  it('rejects short passwords and malformed emails', async () => {
    await expect(ctx.domain.accounts.upsertStaff({ email: 'a@b.test', password: 'short', role: 'AUTHOR' })).rejects.toMatchObject({ code: 'invalid', details: { field: 'password' } })
    await expect(ctx.domain.accounts.upsertStaff({ email: 'not-an-email', password: 'long enough password', role: 'AUTHOR' })).rejects.toMatchObject({ code: 'invalid', details: { field: 'email' } })
    expect(await ctx.db.prisma.user.count()).toBe(0)
  })

  it('never signs a student in to the panel, even with the right password', async () => {
    const staff = await makeStaff(ctx, 'AUTHOR', 'demoted@example.test')
    await ctx.ports.users.update(staff.id, { role: 'STUDENT' })
    expect(await ctx.domain.accounts.verifyStaffLogin('demoted@example.test', 'correct horse battery')).toBeNull()
  })
})

describe('API tokens', () => {
  it('authenticates with a created token and stores only its sha256 hash', async () => {
    const student = await makeStudent(ctx)
    const { id, token } = await ctx.domain.accounts.createApiToken(student.id, 'laptop')
    expect(token).toMatch(/^tm_[A-Za-z0-9]{40}$/)
    expect((await ctx.domain.accounts.authenticateToken(token)).id).toBe(student.id)

    const row = await ctx.db.prisma.apiToken.findUniqueOrThrow({ where: { id } })
    expect(row.tokenHash).toBe(await sha256(token))
    expect(row.lastUsedAt).toBeInstanceOf(Date)
    // the plain token appears in no column of the table
    const rows = await ctx.db.sql.query(`SELECT * FROM "ApiToken"`)
    expect(JSON.stringify(rows)).not.toContain(token)
    expect(JSON.stringify(rows)).not.toContain(token.slice(3))
  })

  it('rejects malformed, unknown and revoked tokens as unauthenticated', async () => {
    const student = await makeStudent(ctx)
    const { id, token } = await ctx.domain.accounts.createApiToken(student.id, 'x')
    for (const bad of ['', 'tm_short', `${token}x`, token.replace('tm_', 'tk_'), `tm_${'A'.repeat(40)}`, `tm_${'é'.repeat(40)}`]) {
      await expect(ctx.domain.accounts.authenticateToken(bad)).rejects.toMatchObject({ code: 'unauthenticated' })
    }
    await ctx.ports.tokens.revoke(id, new Date())
    await expect(ctx.domain.accounts.authenticateToken(token)).rejects.toMatchObject({ code: 'unauthenticated' })
  })

  it('makes tokens only for existing users', async () => {
    await expect(ctx.domain.accounts.createApiToken(999_999, 'x')).rejects.toMatchObject({ code: 'not_found' })
  })
})

describe('link codes', () => {
  it('merges a Discord account into the older Telegram user, keeping every enrolment and the earliest progress', async () => {
    const author = await makeStaff(ctx)
    const shared = await makeCourse(ctx, author, { title: 'Shared', modules: [{ contents: [text('s1'), quiz('sq', 1), text('s3')] }] })
    const onlyTg = await makeCourse(ctx, author, { title: 'Only Telegram' })
    const onlyDc = await makeCourse(ctx, author, { title: 'Only Discord' })
    const [s1, sq, s3] = shared.contentIds as [number, number, number]

    // a fake clock so that "earlier" is unambiguous
    let now = new Date('2030-01-01T10:00:00Z')
    const clock: Clock = { now: () => now }
    const domain: Domain = createDomain(createPorts(ctx.db, ctx.redis, ctx.files, { clock }))
    const at = (iso: string) => (now = new Date(iso))

    const tg = await makeStudent(ctx, 'Tg Person', '5550001')
    const dc = await discordUser()
    await domain.enrolment.enrol(tg.id, shared.slug, 'TELEGRAM')
    await domain.enrolment.enrol(tg.id, onlyTg.slug, 'TELEGRAM')
    await domain.enrolment.enrol(dc.id, shared.slug, 'DISCORD')
    await domain.enrolment.enrol(dc.id, onlyDc.slug, 'DISCORD')

    at('2030-01-01T11:00:00Z')
    await domain.progress.complete(actor(tg), s1) // telegram earlier
    await domain.progress.complete(actor(dc), sq, { quizAnswer: 1 }) // discord earlier, right answer
    at('2030-01-01T12:00:00Z')
    await domain.progress.complete(actor(dc), s1)
    await domain.progress.complete(actor(tg), sq, { quizAnswer: 0 }) // telegram later, wrong answer
    await domain.progress.complete(actor(dc), s3) // only on discord
    await domain.enrolment.unenrol(tg.id, shared.slug) // left on telegram, still active on discord

    const { code, expiresAt } = await domain.accounts.issueLinkCode(tg.id)
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{8}$/)
    expect(expiresAt.getTime()).toBe(now.getTime() + LINK_CODE_TTL_MS)

    // typed with a dash, spaces and lower case, as people do
    const typed = ` ${code.slice(0, 4).toLowerCase()}-${code.slice(4)} `
    const survivor = await domain.accounts.redeemLinkCode(typed, dc.id)
    expect(survivor.id).toBe(tg.id)
    expect(await ctx.db.prisma.user.findUnique({ where: { id: dc.id } })).toBeNull()

    // both identities now lead to the same user
    expect((await domain.accounts.findByPlatform('DISCORD', '900000000000000001'))!.id).toBe(tg.id)
    expect((await domain.accounts.findByPlatform('TELEGRAM', '5550001'))!.id).toBe(tg.id)

    expect((await domain.enrolment.myCourses(tg.id)).map((c) => c.title).sort()).toEqual(['Only Discord', 'Only Telegram', 'Shared'])
    expect(await ctx.db.prisma.enrollment.count({ where: { userId: tg.id } })).toBe(3)

    const rows = await ctx.db.prisma.progress.findMany({ where: { userId: tg.id }, orderBy: { contentId: 'asc' } })
    expect(rows.map((r) => [r.contentId, r.completedAt.toISOString(), r.quizAnswer, r.quizCorrect])).toEqual([
      [s1, '2030-01-01T11:00:00.000Z', null, null],
      [sq, '2030-01-01T11:00:00.000Z', 1, true],
      [s3, '2030-01-01T12:00:00.000Z', null, null],
    ])
    const p = await domain.progress.forCourse(tg.id, shared.id)
    expect(p).toMatchObject({ completedContents: 3, percent: 100, quiz: { answered: 1, correct: 1 } })
  })

  it('merges into the older user whichever side redeems, and the code works once', async () => {
    const older = await discordUser('1001', 'Older on Discord')
    const newer = await makeStudent(ctx, 'Newer on Telegram', '2002')
    const third = await ctx.domain.accounts.registerFromPlatform({ platform: 'WEB', externalId: 'w-1', displayName: 'Web' })

    const { code } = await ctx.domain.accounts.issueLinkCode(newer.id)
    const survivor = await ctx.domain.accounts.redeemLinkCode(code, older.id)
    expect(survivor.id).toBe(older.id)
    expect((await ctx.ports.users.listAccounts(older.id)).map((a) => a.platform).sort()).toEqual(['DISCORD', 'TELEGRAM'])

    // the used code is refused, for the same or any other account
    await expect(ctx.domain.accounts.redeemLinkCode(code, third.user.id)).rejects.toMatchObject({ code: 'expired' })
    await expect(ctx.domain.accounts.redeemLinkCode(code, older.id)).rejects.toMatchObject({ code: 'expired' })
    expect(await ctx.db.prisma.user.findUnique({ where: { id: third.user.id } })).not.toBeNull()
  })

  it('lets only one of two simultaneous redeemers use a code', async () => {
    const tg = await makeStudent(ctx)
    const dc1 = await discordUser('31')
    const dc2 = await discordUser('32')
    const { code } = await ctx.domain.accounts.issueLinkCode(tg.id)
    const results = await Promise.allSettled([ctx.domain.accounts.redeemLinkCode(code, dc1.id), ctx.domain.accounts.redeemLinkCode(code, dc2.id)])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'expired' } })
    expect((await ctx.ports.users.listAccounts(tg.id)).map((a) => a.platform).sort()).toEqual(['DISCORD', 'TELEGRAM'])
    expect(await ctx.db.prisma.user.count()).toBe(2)
  })

  it('refuses an expired code', async () => {
    let now = new Date('2030-06-01T00:00:00Z')
    const domain = createDomain(createPorts(ctx.db, ctx.redis, ctx.files, { clock: { now: () => now } }))
    const tg = await makeStudent(ctx)
    const dc = await discordUser()
    const { code } = await domain.accounts.issueLinkCode(tg.id)

    now = new Date(now.getTime() + LINK_CODE_TTL_MS + 1)
    await expect(domain.accounts.redeemLinkCode(code, dc.id)).rejects.toMatchObject({ code: 'expired' })
    expect(await ctx.db.prisma.user.count()).toBe(2)
    expect((await ctx.ports.users.listAccounts(dc.id))).toHaveLength(1)
  })

  it('still accepts a code just before it expires', async () => {
    let now = new Date('2030-06-01T00:00:00Z')
    const domain = createDomain(createPorts(ctx.db, ctx.redis, ctx.files, { clock: { now: () => now } }))
    const tg = await makeStudent(ctx)
    const dc = await discordUser()
    const { code } = await domain.accounts.issueLinkCode(tg.id)
    now = new Date(now.getTime() + LINK_CODE_TTL_MS - 1000)
    expect((await domain.accounts.redeemLinkCode(code, dc.id)).id).toBe(tg.id)
  })

  it('refuses the issuer redeeming their own code, unknown codes and a replaced code', async () => {
    const tg = await makeStudent(ctx)
    const dc = await discordUser()
    const { code: old } = await ctx.domain.accounts.issueLinkCode(tg.id)
    const { code } = await ctx.domain.accounts.issueLinkCode(tg.id)
    await expect(ctx.domain.accounts.redeemLinkCode(code, tg.id)).rejects.toMatchObject({ code: 'invalid' })
    await expect(ctx.domain.accounts.redeemLinkCode('ZZZZZZZZ', dc.id)).rejects.toMatchObject({ code: 'not_found' })
    // a new code replaces the older one
    await expect(ctx.domain.accounts.redeemLinkCode(old, dc.id)).rejects.toMatchObject({ code: 'not_found' })
    // the refused attempts did not use the code up
    expect((await ctx.domain.accounts.redeemLinkCode(code, dc.id)).id).toBe(tg.id)
  })

  it('refuses to join two accounts of the same platform', async () => {
    const a = await makeStudent(ctx, 'A', '111')
    const b = await makeStudent(ctx, 'B', '222')
    const { code } = await ctx.domain.accounts.issueLinkCode(a.id)
    await expect(ctx.domain.accounts.redeemLinkCode(code, b.id)).rejects.toMatchObject({ code: 'conflict' })
    expect(await ctx.db.prisma.user.count()).toBe(2)
    // the code was not spent by the refused attempt
    const dc = await discordUser()
    expect((await ctx.domain.accounts.redeemLinkCode(code, dc.id)).id).toBe(a.id)
  })
})
