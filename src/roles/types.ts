// A role is one long-running part of the program (api, admin, telegram,
// discord, worker). main.ts starts the ones asked for and stops them on exit.

export interface RunningRole {
  name: string
  /** Stop taking new work, finish what is in flight, release resources. */
  stop(): Promise<void>
  /**
   * Settles if the role fails for good after start-up (e.g. polling gave up);
   * main.ts then shuts the process down with exit code 1 so a supervisor restarts it.
   */
  failed?: Promise<Error>
}
