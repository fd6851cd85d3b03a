// When a module opens for a student (drip schedules), as pure functions of the
// module's schedule, the enrolment time, the student's time zone and the
// clock. A module has at most one of the two rules; without one it is open at
// once:
//   - opensDaysAfterEnrolment N: N calendar days after the enrolment, at the
//     same local time of day (in the student's time zone);
//   - opensOnDate D: at midnight starting the date D in the student's time zone.
import { ValidationError } from './errors'

export interface ModuleSchedule {
  opensDaysAfterEnrolment: number | null
  /** A calendar date, `YYYY-MM-DD`. */
  opensOnDate: string | null
}

/** Longest relative delay an author may set (ten years). */
export const MAX_DAYS_AFTER_ENROLMENT = 3650

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

export function hasSchedule(s: ModuleSchedule): boolean {
  return s.opensDaysAfterEnrolment !== null || s.opensOnDate !== null
}

/** The author's schedule as stored, or a ValidationError naming the field. */
export function checkSchedule(s: Partial<ModuleSchedule>): void {
  const days = s.opensDaysAfterEnrolment
  if (days !== undefined && days !== null && (!Number.isInteger(days) || days < 0 || days > MAX_DAYS_AFTER_ENROLMENT))
    throw new ValidationError(`Days after enrolment must be a whole number from 0 to ${MAX_DAYS_AFTER_ENROLMENT}`, { field: 'opensDaysAfterEnrolment', reason: 'opensDays', max: MAX_DAYS_AFTER_ENROLMENT })
  if (s.opensOnDate !== undefined && s.opensOnDate !== null && !parseDate(s.opensOnDate))
    throw new ValidationError('The opening date must be a calendar date (YYYY-MM-DD)', { field: 'opensOnDate', reason: 'opensOnDate' })
  if (days !== undefined && days !== null && s.opensOnDate !== undefined && s.opensOnDate !== null)
    throw new ValidationError('A module opens either some days after enrolment or on a date, not both', { field: 'opensOnDate', reason: 'opensOneRule' })
}

/** A time zone Intl knows, else UTC (a profile may hold anything). */
export function safeTimeZone(timeZone: string | null | undefined): string {
  if (!timeZone) return 'UTC'
  try {
    new Intl.DateTimeFormat('en', { timeZone })
    return timeZone
  } catch {
    return 'UTC'
  }
}

/** When the module opens for a student who enrolled at `enrolledAt`; null when it has no schedule (open at once). */
export function opensAt(schedule: ModuleSchedule, enrolledAt: Date, timeZone: string): Date | null {
  const tz = safeTimeZone(timeZone)
  if (schedule.opensOnDate !== null) {
    const date = parseDate(schedule.opensOnDate)
    if (!date) return null
    return zonedInstant({ ...date, hour: 0, minute: 0, second: 0, ms: 0 }, tz)
  }
  if (schedule.opensDaysAfterEnrolment !== null) {
    const local = localParts(enrolledAt, tz)
    // Date.UTC normalizes a day past the month's end into the next month
    const shifted = new Date(Date.UTC(local.year, local.month - 1, local.day + schedule.opensDaysAfterEnrolment))
    return zonedInstant({ ...local, year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() }, tz)
  }
  return null
}

/** null when the module is open now; else when it opens. */
export function lockedUntil(schedule: ModuleSchedule, enrolledAt: Date, timeZone: string, now: Date): Date | null {
  const at = opensAt(schedule, enrolledAt, timeZone)
  return at && at.getTime() > now.getTime() ? at : null
}

/** "3 December" / "3 декабря" (with the year when it is not the current one), in the student's time zone. */
export function formatOpeningDay(at: Date, locale: string, timeZone: string, now: Date): string {
  const tz = safeTimeZone(timeZone)
  const sameYear = localParts(at, tz).year === localParts(now, tz).year
  // English as in "3 December"
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : locale, { day: 'numeric', month: 'long', ...(sameYear ? {} : { year: 'numeric' }), timeZone: tz }).format(at)
}

// ---- time zone arithmetic (Intl only)

interface LocalTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  ms: number
}

function parseDate(value: string): { year: number; month: number; day: number } | null {
  const m = DATE.exec(value)
  if (!m) return null
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const d = new Date(Date.UTC(year, month - 1, day))
  // 2026-02-30 is no date
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null
  return { year, month, day }
}

const formats = new Map<string, Intl.DateTimeFormat>()

/** The wall-clock time of an instant in a time zone. */
export function localParts(at: Date, timeZone: string): LocalTime {
  let f = formats.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    formats.set(timeZone, f)
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, Number(x.value)]))
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second!, ms: at.getUTCMilliseconds() }
}

/** Milliseconds the zone is ahead of UTC at that instant. */
function offsetAt(at: Date, timeZone: string): number {
  const l = localParts(at, timeZone)
  return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second, l.ms) - at.getTime()
}

/** The instant a wall-clock time happens in a time zone (the offset is taken again at the first guess, which settles DST changes). */
export function zonedInstant(local: LocalTime, timeZone: string): Date {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second, local.ms)
  const guess = asUtc - offsetAt(new Date(asUtc), timeZone)
  return new Date(asUtc - offsetAt(new Date(guess), timeZone))
}
