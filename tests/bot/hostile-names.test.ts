// Names from Telegram are data we do not control: a name with U+0000 (which
// PostgreSQL refuses), control characters or bidi overrides still registers,
// cleaned; and when the student lookup behind the locale fails, the error
// boundary still answers (in Telegram's language, or English).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanPlatformName } from '../../src/domain/rules'
import type { TelegramSimulator } from '../fakes/telegram'
import { type Harness, startHarness, Student, textOf } from './harness'

let h: Harness
let sim: TelegramSimulator
beforeAll(async () => {
  h = await startHarness()
  sim = h.sim
})
afterAll(() => h?.close())

describe('names from the platform', () => {
  it('cleans control characters, bidi overrides and broken surrogates', () => {
    expect(cleanPlatformName('Eve\u0000lyn')).toBe('Eve lyn')
    expect(cleanPlatformName('\u202Eevil\u202C  name\n\tx')).toBe('evil name x')
    expect(cleanPlatformName('\u0000\u0001')).toBe('')
    expect(cleanPlatformName('ok \uD800 there')).toBe('ok there')
    // cut by characters, never inside one
    expect(cleanPlatformName('😀'.repeat(150))).toBe('😀'.repeat(100))
  })

  it('registers a student whose name contains U+0000 and answers them', async () => {
    const nul = new Student(sim, sim.user({ first_name: 'Nul\u0000l', last_name: '\u202Eright', username: 'nul\u0000user', language_code: 'en' }))
    const [greeting] = await nul.say('/start')
    expect(textOf(greeting!)).toContain('Nul l')
    const account = await h.ctx.db.prisma.platformAccount.findFirstOrThrow({ where: { externalId: String(nul.id) }, include: { user: { include: { profile: true } } } })
    expect(account.user.profile?.displayName).toBe('Nul l right')
    expect(account.username).toBe('nul user')
  })
})

describe('the error boundary', () => {
  it('answers even when the student (and so the locale) cannot be looked up', async () => {
    const accounts = h.ctx.domain.accounts
    const real = accounts.registerFromPlatform
    const broken = sim.user({ first_name: 'Broken', language_code: 'en' })
    accounts.registerFromPlatform = (input) =>
      input.externalId === String(broken.id) ? Promise.reject(new Error('database refused the row')) : real.call(accounts, input)
    try {
      const student = new Student(sim, broken)
      const [sorry] = await student.say('/help')
      expect(textOf(sorry!)).toBe('Something went wrong on our side. Please try again in a moment.')
    } finally {
      accounts.registerFromPlatform = real
    }
    // and the next update of the same student is served normally
    const [help] = await new Student(sim, broken).say('/help')
    expect(textOf(help!)).toMatch(/^What I can do/)
  })
})
