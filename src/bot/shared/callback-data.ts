// Button payloads (Telegram callback_data, Discord custom_id): `action:arg:arg~sig`.
// The signature is an HMAC over the payload and the id of the person the button
// was made for, so a button pressed by someone else, an edited payload or random
// bytes are recognised and refused before any handler runs. The domain still
// checks every permission; this only keeps garbage out early and politely.
import { createHmac } from 'node:crypto'

export type CallbackArg = string | number

export type DecodedCallback =
  | { ok: true; action: string; args: string[] }
  | { ok: false; reason: 'malformed' | 'too_long' | 'foreign' }

const ACTION = /^[A-Za-z][A-Za-z0-9_]{0,15}$/
const ARG = /^[A-Za-z0-9_.-]{0,40}$/
const SIG_LENGTH = 8

export class CallbackCodec {
  private readonly key: Buffer

  /**
   * @param secret a server-side secret (derive it from the session secret and the bot token)
   * @param maxBytes the platform's limit (Telegram 64, Discord 100)
   */
  constructor(secret: string, readonly maxBytes = 64) {
    if (secret.length < 16) throw new Error('callback secret must be at least 16 characters')
    this.key = createHmac('sha256', 'taskmetrics-callback').update(secret).digest()
  }

  /** Payload of a button for `owner` (the platform user id who will press it). */
  encode(owner: CallbackArg, action: string, ...args: CallbackArg[]): string {
    if (!ACTION.test(action)) throw new Error(`bad callback action "${action}"`)
    const parts = args.map(String)
    for (const a of parts) if (!ARG.test(a)) throw new Error(`bad callback argument "${a}"`)
    const body = [action, ...parts].join(':')
    const data = `${body}~${this.sign(owner, body)}`
    if (Buffer.byteLength(data) > this.maxBytes) throw new Error(`callback data "${data}" exceeds ${this.maxBytes} bytes`)
    return data
  }

  /** Checks and parses a payload pressed by `presser`. Never throws. */
  decode(presser: CallbackArg, data: unknown): DecodedCallback {
    if (typeof data !== 'string' || data.length === 0) return { ok: false, reason: 'malformed' }
    if (Buffer.byteLength(data) > this.maxBytes) return { ok: false, reason: 'too_long' }
    const tilde = data.lastIndexOf('~')
    if (tilde < 1) return { ok: false, reason: 'malformed' }
    const body = data.slice(0, tilde)
    const sig = data.slice(tilde + 1)
    const [action = '', ...args] = body.split(':')
    if (!ACTION.test(action) || args.some((a) => !ARG.test(a)) || sig.length !== SIG_LENGTH) return { ok: false, reason: 'malformed' }
    if (!constantTimeEqual(sig, this.sign(presser, body))) return { ok: false, reason: 'foreign' }
    return { ok: true, action, args }
  }

  private sign(owner: CallbackArg, body: string): string {
    return createHmac('sha256', this.key).update(`${owner}|${body}`).digest('base64url').slice(0, SIG_LENGTH)
  }
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}

/** Parses a whole non-negative number argument, or undefined. */
export function intArg(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,9}$/.test(value)) return undefined
  return Number(value)
}
