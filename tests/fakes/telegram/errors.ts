/** A Bot API error: becomes `{ ok: false, error_code, description, parameters? }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description)
  }

  toJSON() {
    return {
      ok: false as const,
      error_code: this.status,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    }
  }
}

export const badRequest = (what: string) => new ApiError(400, `Bad Request: ${what}`)
export const forbidden = (what: string) => new ApiError(403, `Forbidden: ${what}`)
export const tooManyRequests = (retryAfter: number) =>
  new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter })
export const unauthorized = () => new ApiError(401, 'Unauthorized')
export const notFound = () => new ApiError(404, 'Not Found: method not found')
export const conflictWebhook = () =>
  new ApiError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
export const conflictPolling = () =>
  new ApiError(409, 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running')
