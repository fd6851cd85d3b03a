// Start-up could not reach PostgreSQL or Redis: main.ts prints the message as
// one line (no stack trace) and exits 78, so a supervisor shows the cause.
export class ServiceUnreachableError extends Error {
  constructor(
    readonly service: 'database' | 'redis',
    message: string,
  ) {
    super(message)
    this.name = 'ServiceUnreachableError'
  }
}

/** The reason of a connection error in a few words (its message without a final full stop, or its code). */
export const reasonOf = (err: unknown): string =>
  ((err as Error)?.message || (err as { code?: string })?.code || 'no answer').replace(/\.$/, '')
