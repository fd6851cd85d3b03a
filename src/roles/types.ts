// A role is one long-running part of the program (api, admin, telegram,
// discord, worker). main.ts starts the ones asked for and stops them on exit.
import type { AppContext } from '../context'

export interface RunningRole {
  name: string
  /** Stop taking new work, finish what is in flight, release resources. */
  stop(): Promise<void>
}

export type RoleStarter = (ctx: AppContext) => Promise<RunningRole>
