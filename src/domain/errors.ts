// Typed domain errors. Each has a stable `code`; the API maps codes to HTTP
// statuses in one place and bots map them to messages. Where a refusal has a
// more precise cause the author panel words on its own, `details.reason` names
// it (a stable key) and the details carry the values the wording needs.

export type DomainErrorCode =
  | 'not_found'
  | 'forbidden'
  | 'unauthenticated'
  | 'invalid'
  | 'conflict'
  | 'not_enrolled'
  | 'not_published'
  | 'stale'
  | 'expired'
  /** A chat platform refuses messages to the recipient (blocked the bot, DMs closed). */
  | 'unreachable'
  /** The module's drip schedule has not opened it for this student yet. */
  | 'module_locked'

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
    this.name = new.target.name
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, details?: Record<string, unknown>) {
    super('not_found', `${what} not found`, details)
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this', details?: Record<string, unknown>) {
    super('forbidden', message, details)
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Authentication required') {
    super('unauthenticated', message)
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('invalid', message, details)
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, details?: Record<string, unknown>) {
    super('conflict', message, details)
  }
}

export class NotEnrolledError extends DomainError {
  constructor(courseSlug: string) {
    super('not_enrolled', `Enrol in course "${courseSlug}" to read its contents`, { course: courseSlug })
  }
}

export class NotPublishedError extends DomainError {
  constructor(courseSlug: string) {
    super('not_published', `Course "${courseSlug}" is not published`, { course: courseSlug })
  }
}

/** What an edit form or a tree page was loaded from, for the stale-edit messages. */
export type EditedRecord = 'course' | 'module' | 'content'

const STALE_REASON: Record<EditedRecord, string> = { course: 'staleCourse', module: 'staleModule', content: 'staleContent' }

/** Someone else changed the record (a course, module or content) since this edit's form was loaded. */
export class StaleEditError extends DomainError {
  constructor(expected: number, actual: number, record: EditedRecord = 'course') {
    super('stale', `This ${record} was changed by someone else since you opened it; reload and apply your edit again`, {
      record,
      reason: STALE_REASON[record],
      expectedVersion: expected,
      currentVersion: actual,
    })
  }
}

/** A reorder made from a page that showed an order someone else has changed since. */
export class StaleOrderError extends DomainError {
  constructor(what: 'module' | 'content') {
    super('stale', `Someone else reordered these ${what}s meanwhile; look at the order now and move again`, {
      record: what,
      reason: what === 'module' ? 'staleOrderModules' : 'staleOrderContents',
    })
  }
}

/** A drip module not open yet for this student; `opensAt` is when it opens. */
export class ModuleLockedError extends DomainError {
  constructor(
    readonly module: { id: number; courseId: number; title: string },
    readonly opensAt: Date,
    /** The student's time zone and locale, to say when in their words. */
    readonly timeZone: string,
    readonly locale: string,
  ) {
    super('module_locked', `Module "${module.title}" opens at ${opensAt.toISOString()}`, { module: module.id, opensAt: opensAt.toISOString() })
  }
}

export class ExpiredError extends DomainError {
  constructor(message: string) {
    super('expired', message)
  }
}
