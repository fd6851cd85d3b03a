/** A Discord REST error: becomes `{ message, code, errors? }` with the HTTP status. */
export class DiscordApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: ErrorTree,
  ) {
    super(message)
  }

  toJSON() {
    return { message: this.message, code: this.code, ...(this.errors ? { errors: this.errors } : {}) }
  }
}

/** Discord's nested `errors` object: leaves are `{ _errors: [{ code, message }] }`. */
export interface ErrorTree {
  [key: string]: ErrorTree | { code: string; message: string }[]
}

/** Collects field errors at paths like ['0', 'options', '2', 'name'] into Discord's tree. */
export class FormErrors {
  readonly tree: ErrorTree = {}
  count = 0

  add(path: (string | number)[], code: string, message: string) {
    let node = this.tree
    for (const key of path.map(String)) node = (node[key] ??= {}) as ErrorTree
    ;((node._errors ??= []) as { code: string; message: string }[]).push({ code, message })
    this.count++
  }

  /** Throws 400 / 50035 Invalid Form Body when anything was added. */
  throwIfAny() {
    if (this.count > 0) throw new DiscordApiError(400, 50035, 'Invalid Form Body', this.tree)
  }
}

const err = (status: number, code: number, message: string) => () => new DiscordApiError(status, code, message)

export const unauthorized = err(401, 0, '401: Unauthorized')
export const notFound = err(404, 0, '404: Not Found')
export const methodNotAllowed = err(405, 0, '405: Method Not Allowed')
export const unknownChannel = err(404, 10003, 'Unknown Channel')
export const unknownGuild = err(404, 10004, 'Unknown Guild')
export const unknownMember = err(404, 10007, 'Unknown Member')
export const unknownMessage = err(404, 10008, 'Unknown Message')
export const unknownRole = err(404, 10011, 'Unknown Role')
export const unknownUser = err(404, 10013, 'Unknown User')
export const unknownWebhook = err(404, 10015, 'Unknown Webhook')
export const unknownInteraction = err(404, 10062, 'Unknown interaction')
export const unknownCommand = err(404, 10063, 'Unknown application command')
export const alreadyAcknowledged = err(400, 40060, 'Interaction has already been acknowledged.')
export const missingAccess = err(403, 50001, 'Missing Access')
export const emptyMessage = err(400, 50006, 'Cannot send an empty message')
export const cannotMessageUser = err(403, 50007, 'Cannot send messages to this user')
export const cannotEditOthers = err(403, 50005, 'Cannot edit a message authored by another user')
export const missingPermissions = err(403, 50013, 'Missing Permissions')
export const invalidWebhookToken = err(401, 50027, 'Invalid Webhook Token')
export const tooManyCommands = err(400, 30032, 'Maximum number of application commands reached (100)')
export const invalidFormBody = (path: (string | number)[], code: string, message: string) => {
  const f = new FormErrors()
  f.add(path, code, message)
  return new DiscordApiError(400, 50035, 'Invalid Form Body', f.tree)
}
