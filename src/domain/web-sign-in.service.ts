// Signing in to the web room: a bot gives a student a one-time link (`/web`);
// opening it spends the link and starts a web session (the cookie's token).
// Only SHA-256 hashes of link tokens and session tokens are stored.
import { sha256 } from './accounts.service'
import type { Clock, UserRepository } from './ports'
import type { WebAuthRepository } from './rooms.ports'
import type { User } from './types'
import { ExpiredError } from './errors'

export interface WebSignInDeps {
  users: UserRepository
  webAuth: WebAuthRepository
  clock: Clock
}

export const WEB_LINK_TTL_MS = 10 * 60 * 1000
export const WEB_SESSION_TTL_MS = 30 * 24 * 3600 * 1000
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/

export class WebSignInService {
  constructor(private readonly deps: WebSignInDeps) {}

  /** A single-use sign-in token for the user, valid for 10 minutes; the caller builds the link. */
  async issueLoginToken(userId: number): Promise<{ token: string; expiresAt: Date }> {
    const token = randomToken()
    const expiresAt = new Date(this.deps.clock.now().getTime() + WEB_LINK_TTL_MS)
    await this.deps.webAuth.createLoginToken(userId, await sha256(token), expiresAt)
    return { token, expiresAt }
  }

  /** Spends a sign-in token and starts a session. ExpiredError when it is unknown, used or too old. */
  async signIn(loginToken: string): Promise<{ user: User; sessionToken: string; expiresAt: Date }> {
    const now = this.deps.clock.now()
    const userId = TOKEN_SHAPE.test(loginToken) ? await this.deps.webAuth.consumeLoginToken(await sha256(loginToken), now) : null
    const user = userId === null ? null : await this.deps.users.findById(userId)
    if (!user) throw new ExpiredError('This sign-in link was already used or has expired; ask the bot for a new one with /web')
    const sessionToken = randomToken()
    const expiresAt = new Date(now.getTime() + WEB_SESSION_TTL_MS)
    await this.deps.webAuth.createSession(user.id, await sha256(sessionToken), expiresAt)
    return { user, sessionToken, expiresAt }
  }

  /** The session's user, or null (no such session, expired, or the user is gone). */
  async userForSession(sessionToken: string | undefined): Promise<User | null> {
    if (!sessionToken || !TOKEN_SHAPE.test(sessionToken)) return null
    const userId = await this.deps.webAuth.findSession(await sha256(sessionToken), this.deps.clock.now())
    return userId === null ? null : this.deps.users.findById(userId)
  }

  async signOut(sessionToken: string): Promise<void> {
    if (TOKEN_SHAPE.test(sessionToken)) await this.deps.webAuth.deleteSession(await sha256(sessionToken))
  }

  purge(): Promise<number> {
    return this.deps.webAuth.purge(this.deps.clock.now())
  }
}

/** The path of a sign-in link (the bots put PUBLIC_URL in front); `courseSlug` opens that course's room after sign-in. */
export function webSignInPath(token: string, courseSlug?: string): string {
  return `/auth/web?token=${encodeURIComponent(token)}${courseSlug ? `&next=${encodeURIComponent(`/rooms/${courseSlug}`)}` : ''}`
}

/** 32 random bytes, base64url (43 characters). */
function randomToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32))
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
