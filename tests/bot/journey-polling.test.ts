// The student journey through the real telegram role in long-polling mode
// (@grammyjs/runner against the Bot API simulator), with PostgreSQL and Redis.
import { afterEach, describe, expect, it } from 'vitest'
import { expectNoFailedCalls, type Harness, startHarness } from './harness'
import { studentJourney } from './journey'

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

describe('telegram bot: long polling', () => {
  it('takes a new student from /start to 100% through every content kind', async () => {
    h = await startHarness({ mode: 'polling' })
    await studentJourney(h)
    expectNoFailedCalls(h.sim)
    // the command menu was set for both languages at start-up
    expect(h.sim.commands(undefined, 'en')?.map((c) => c.command)).toEqual(['start', 'courses', 'my', 'progress', 'chat', 'web', 'link', 'lang', 'reminders', 'deliver', 'help'])
    expect(h.sim.commands(undefined, 'ru')?.[1]).toEqual({ command: 'courses', description: 'Каталог курсов' })
    expect(h.sim.commands()?.[1]?.description).toBe('Каталог курсов')
  })
})
