// When a drip module opens: N days after enrolment at the same local time, or
// at local midnight of a date, in the student's time zone.
import { describe, expect, it } from 'vitest'
import { preferredAccounts } from '../../src/domain/delivery-platforms'
import { checkSchedule, formatOpeningDay, lockedUntil, opensAt } from '../../src/domain/release-schedule'

const onDate = (opensOnDate: string) => ({ opensDaysAfterEnrolment: null, opensOnDate })
const afterDays = (opensDaysAfterEnrolment: number) => ({ opensDaysAfterEnrolment, opensOnDate: null })
const enrolled = new Date('2026-11-29T22:30:00Z')

describe('release schedule', () => {
  it('opens a dated module at midnight of that date in the student’s time zone', () => {
    expect(opensAt(onDate('2026-12-03'), enrolled, 'Europe/Moscow')!.toISOString()).toBe('2026-12-02T21:00:00.000Z')
    expect(opensAt(onDate('2026-12-03'), enrolled, 'America/New_York')!.toISOString()).toBe('2026-12-03T05:00:00.000Z')
    expect(opensAt(onDate('2026-12-03'), enrolled, 'UTC')!.toISOString()).toBe('2026-12-03T00:00:00.000Z')
    // a second before Moscow's midnight it is locked, at midnight open
    expect(lockedUntil(onDate('2026-12-03'), enrolled, 'Europe/Moscow', new Date('2026-12-02T20:59:59Z'))).not.toBeNull()
    expect(lockedUntil(onDate('2026-12-03'), enrolled, 'Europe/Moscow', new Date('2026-12-02T21:00:00Z'))).toBeNull()
  })

  it('opens N days after enrolment at the same local time, across a DST change', () => {
    // Moscow: 01:30 local on 30 November -> 01:30 on 2 December
    expect(opensAt(afterDays(2), enrolled, 'Europe/Moscow')!.toISOString()).toBe('2026-12-01T22:30:00.000Z')
    // New York moves to summer time on 8 March 2026: 07:00 local stays 07:00 local
    expect(opensAt(afterDays(2), new Date('2026-03-07T12:00:00Z'), 'America/New_York')!.toISOString()).toBe('2026-03-09T11:00:00.000Z')
    expect(opensAt(afterDays(0), enrolled, 'UTC')!.toISOString()).toBe(enrolled.toISOString())
  })

  it('keeps a module without a schedule open, and reads an unknown time zone as UTC', () => {
    expect(opensAt({ opensDaysAfterEnrolment: null, opensOnDate: null }, enrolled, 'Europe/Moscow')).toBeNull()
    expect(opensAt(onDate('2026-12-03'), enrolled, 'Mars/Olympus')!.toISOString()).toBe('2026-12-03T00:00:00.000Z')
  })

  it('says the day in the student’s language and time zone', () => {
    const at = new Date('2026-12-02T21:00:00Z')
    expect(formatOpeningDay(at, 'en', 'Europe/Moscow', enrolled)).toBe('3 December')
    expect(formatOpeningDay(at, 'ru', 'Europe/Moscow', enrolled)).toBe('3 декабря')
    expect(formatOpeningDay(at, 'en', 'UTC', enrolled)).toBe('2 December')
    expect(formatOpeningDay(new Date('2027-01-05T12:00:00Z'), 'en', 'UTC', enrolled)).toBe('5 January 2027')
  })

  it('refuses schedules an author could not mean', () => {
    expect(() => checkSchedule({ opensDaysAfterEnrolment: -1 })).toThrow(/whole number/)
    expect(() => checkSchedule({ opensDaysAfterEnrolment: 1.5 })).toThrow(/whole number/)
    expect(() => checkSchedule({ opensOnDate: '2026-02-30' })).toThrow(/calendar date/)
    expect(() => checkSchedule({ opensOnDate: '<b>' })).toThrow(/calendar date/)
    expect(() => checkSchedule({ opensDaysAfterEnrolment: 3, opensOnDate: '2026-12-03' })).toThrow(/not both/)
    expect(() => checkSchedule({ opensDaysAfterEnrolment: 3, opensOnDate: null })).not.toThrow()
  })
})

describe('delivery platforms of a student', () => {
  const both = [{ platform: 'TELEGRAM' as const }, { platform: 'DISCORD' as const }]
  it('picks the chosen platform, every linked one by default, and never none', () => {
    expect(preferredAccounts(both, 'EVERY_LINKED')).toEqual(both)
    expect(preferredAccounts(both, null)).toEqual(both)
    expect(preferredAccounts(both, 'TELEGRAM_ONLY')).toEqual([{ platform: 'TELEGRAM' }])
    expect(preferredAccounts(both, 'DISCORD_ONLY')).toEqual([{ platform: 'DISCORD' }])
    // Discord only, but the student has only Telegram: Telegram still gets it
    expect(preferredAccounts([{ platform: 'TELEGRAM' as const }], 'DISCORD_ONLY')).toEqual([{ platform: 'TELEGRAM' }])
  })
})
