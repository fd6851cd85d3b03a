import type { Update } from 'grammy/types'
import { badRequest, conflictPolling, conflictWebhook, type ApiError } from './errors'

/** Update without its id; the queue assigns update_id (global, increasing). */
export type UpdateInput = Omit<Update, 'update_id'>

export interface WebhookConfig {
  url: string
  secret_token?: string
  max_connections: number
  allowed_updates?: string[]
  last_error_date?: number
  last_error_message?: string
}

/** One POST of an update to the webhook URL. */
export interface WebhookDelivery {
  update_id: number
  url: string
  /** Value of X-Telegram-Bot-Api-Secret-Token that was sent (if any). */
  secretToken?: string
  /** HTTP status returned by the bot; undefined on network errors. */
  status?: number
  error?: string
  at: number
}

interface Poller {
  resolve: (u: Update[]) => void
  reject: (e: ApiError) => void
  limit: number
  timer: ReturnType<typeof setTimeout>
}

/** Updates not delivered unless asked for explicitly (like Telegram). */
const OPT_IN = new Set(['chat_member', 'message_reaction', 'message_reaction_count'])

const updateType = (u: Update) => Object.keys(u).find((k) => k !== 'update_id') ?? ''

/**
 * The bot's update stream: buffered for getUpdates (long polling, confirmed
 * by `offset`) or POSTed one by one, in order, to a webhook.
 */
export class UpdateQueue {
  /** Every update ever pushed, in order. */
  readonly all: Update[] = []
  readonly deliveries: WebhookDelivery[] = []
  webhook?: WebhookConfig
  private pending: Update[] = []
  private nextId = 1
  private allowed?: string[]
  private poller?: Poller
  private delivering = false
  private closed = false

  constructor(
    private readonly onChange: () => void,
    /** Executes a method returned in a webhook response body (grammY "webhook reply"). */
    private readonly onWebhookReply: (method: string, params: Record<string, unknown>) => Promise<void>,
    private readonly retryMs = 200,
  ) {}

  /** Updates pushed but not yet confirmed by the bot (next getUpdates offset / 2xx webhook reply). */
  get pendingCount(): number {
    return this.pending.length
  }

  /** Whether a getUpdates long poll is waiting for an update right now. */
  get pollWaiting(): boolean {
    return this.poller !== undefined
  }

  push(input: UpdateInput): Update {
    const update = { update_id: this.nextId++, ...input } as Update
    this.all.push(update)
    if (this.isAllowed(update)) {
      this.pending.push(update)
      this.flushPoller()
      void this.deliver()
    }
    this.onChange()
    return update
  }

  private isAllowed(u: Update): boolean {
    const allowed = this.webhook?.allowed_updates ?? this.allowed
    const type = updateType(u)
    return allowed && allowed.length > 0 ? allowed.includes(type) : !OPT_IN.has(type)
  }

  /** getUpdates semantics: confirm by offset, long-poll up to `timeout` seconds. */
  getUpdates(opts: { offset?: number; limit?: number; timeout?: number; allowed_updates?: string[] }, onAbort: (cancel: () => void) => void): Promise<Update[]> {
    if (this.webhook) throw conflictWebhook()
    const limit = opts.limit ?? 100
    if (limit < 1 || limit > 100) throw badRequest('limit must be between 1 and 100')
    if (opts.allowed_updates) this.allowed = opts.allowed_updates
    if (opts.offset !== undefined) {
      const offset = opts.offset
      const before = this.pending.length
      this.pending = offset < 0 ? this.pending.slice(offset) : this.pending.filter((u) => u.update_id >= offset)
      if (this.pending.length !== before) this.onChange()
    }
    this.pending = this.pending.filter((u) => this.isAllowed(u))
    if (this.poller) {
      const old = this.poller
      this.poller = undefined
      clearTimeout(old.timer)
      old.reject(conflictPolling())
    }
    const timeout = opts.timeout ?? 0
    if (this.pending.length > 0 || timeout <= 0 || this.closed) return Promise.resolve(this.pending.slice(0, limit))
    return new Promise<Update[]>((resolve, reject) => {
      const poller: Poller = {
        resolve, reject, limit,
        timer: setTimeout(() => {
          if (this.poller === poller) this.poller = undefined
          resolve([])
        }, timeout * 1000),
      }
      this.poller = poller
      this.onChange()
      onAbort(() => {
        if (this.poller !== poller) return
        clearTimeout(poller.timer)
        this.poller = undefined
        resolve([])
      })
    })
  }

  private flushPoller() {
    const p = this.poller
    if (!p || this.pending.length === 0) return
    this.poller = undefined
    clearTimeout(p.timer)
    p.resolve(this.pending.slice(0, p.limit))
  }

  setWebhook(config: WebhookConfig, dropPending: boolean) {
    if (dropPending) this.pending = []
    this.webhook = config
    if (this.poller) {
      const p = this.poller
      this.poller = undefined
      clearTimeout(p.timer)
      p.resolve([])
    }
    void this.deliver()
  }

  deleteWebhook(dropPending: boolean) {
    if (dropPending) this.pending = []
    this.webhook = undefined
  }

  /** Sends pending updates to the webhook one at a time; retries on failure. */
  private async deliver() {
    if (this.delivering) return
    this.delivering = true
    try {
      while (!this.closed && this.webhook && this.pending.length > 0) {
        const hook = this.webhook
        const update = this.pending[0]!
        const delivery: WebhookDelivery = { update_id: update.update_id, url: hook.url, secretToken: hook.secret_token, at: Date.now() }
        this.deliveries.push(delivery)
        let ok = false
        let reply: unknown
        try {
          const res = await fetch(hook.url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              ...(hook.secret_token ? { 'X-Telegram-Bot-Api-Secret-Token': hook.secret_token } : {}),
            },
            body: JSON.stringify(update),
            signal: AbortSignal.timeout(30_000),
          })
          delivery.status = res.status
          ok = res.ok
          const body = await res.text()
          if (ok && body) reply = safeJson(body)
          if (!ok) delivery.error = `Wrong response from the webhook: ${res.status} ${res.statusText}`
        } catch (e) {
          delivery.error = `Connection refused: ${(e as Error).message}`
        }
        if (ok) {
          if (this.pending[0] === update) this.pending.shift()
          const r = reply as { method?: unknown } | undefined
          if (r && typeof r === 'object' && typeof r.method === 'string') {
            const { method, ...params } = r as Record<string, unknown>
            await this.onWebhookReply(method as string, params).catch(() => undefined)
          }
        } else {
          hook.last_error_date = Math.floor(Date.now() / 1000)
          hook.last_error_message = delivery.error
        }
        this.onChange()
        if (!ok) await new Promise((r) => setTimeout(r, this.retryMs))
      }
    } finally {
      this.delivering = false
    }
  }

  /** Ends long polls (empty result) and stops webhook delivery. */
  close() {
    this.closed = true
    const p = this.poller
    this.poller = undefined
    if (p) {
      clearTimeout(p.timer)
      p.resolve([])
    }
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s)
  } catch {
    return undefined
  }
}
