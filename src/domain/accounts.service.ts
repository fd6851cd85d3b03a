// People and their identities: platform accounts, panel logins, API tokens,
// and one-time link codes that join a Telegram and a Discord account into one User.
import { isStaffRole } from './access'
import { ConflictError, ExpiredError, NotFoundError, UnauthenticatedError, ValidationError } from './errors'
import type { ApiTokenInfo } from './inputs'
import type { ApiTokenRepository, Clock, LinkCodeRepository, UserRepository } from './ports'
import { DELIVERY_PLATFORM_CHOICES, type DeliveryPlatforms, type Platform, type Role, type User } from './types'
import { cleanPlatformName } from './rules'

export interface PasswordHasher {
  hash(password: string): Promise<string>
  verify(password: string, hash: string): Promise<boolean>
}

export interface AccountsDeps {
  users: UserRepository
  tokens: ApiTokenRepository
  linkCodes: LinkCodeRepository
  passwords: PasswordHasher
  clock: Clock
}

export const SUPPORTED_LOCALES = ['ru', 'en'] as const
export type Locale = (typeof SUPPORTED_LOCALES)[number]
export const LINK_CODE_TTL_MS = 10 * 60 * 1000
const LINK_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789' // no 0/O, 1/I
/** For panel logins, and ADMIN_PASSWORD. */
export const MIN_PASSWORD_LENGTH = 10

export function pickLocale(languageCode: string | null | undefined): Locale {
  const base = (languageCode ?? '').toLowerCase().split(/[-_]/)[0]
  return (SUPPORTED_LOCALES as readonly string[]).includes(base ?? '') ? (base as Locale) : 'ru'
}

export class AccountsService {
  constructor(private readonly deps: AccountsDeps) {}

  /** The user behind a platform account, created on first contact (idempotent). */
  registerFromPlatform(input: {
    platform: Platform
    externalId: string
    username?: string | null
    displayName: string
    languageCode?: string | null
  }): Promise<{ user: User; created: boolean }> {
    return this.deps.users.upsertByPlatform({
      platform: input.platform,
      externalId: input.externalId,
      username: cleanPlatformName(input.username, 64) || null,
      displayName: cleanPlatformName(input.displayName) || 'Student',
      locale: pickLocale(input.languageCode),
    })
  }

  findByPlatform(platform: Platform, externalId: string): Promise<User | null> {
    return this.deps.users.findByPlatform(platform, externalId)
  }

  async getUser(id: number): Promise<User> {
    const user = await this.deps.users.findById(id)
    if (!user) throw new NotFoundError('User')
    return user
  }

  async setLocale(userId: number, locale: Locale): Promise<void> {
    await this.deps.users.updateProfile(userId, { locale })
  }

  /** Which linked bot accounts get the student's deliveries (delivery-platforms.ts). */
  async setDeliveryPlatforms(userId: number, choice: string): Promise<DeliveryPlatforms> {
    if (!isDeliveryPlatforms(choice)) throw new ValidationError(`deliveryPlatforms must be one of ${DELIVERY_PLATFORM_CHOICES.join(', ')}`, { field: 'deliveryPlatforms' })
    await this.deps.users.updateProfile(userId, { deliveryPlatforms: choice })
    return choice
  }

  // ---- panel logins (authors and admins)

  /**
   * Creates a staff user, or resets the password and role of an existing one.
   * `locale`: the language of a new user's panel (default en, as the demo content; the author
   * switches it in the panel); an existing user keeps theirs.
   */
  async upsertStaff(input: { email: string; password: string; role: Extract<Role, 'AUTHOR' | 'ADMIN'>; displayName?: string; locale?: Locale }): Promise<{ user: User; created: boolean }> {
    const email = normalizeEmail(input.email)
    if (input.password.length < MIN_PASSWORD_LENGTH) throw new ValidationError(`password must be at least ${MIN_PASSWORD_LENGTH} characters`, { field: 'password' })
    const passwordHash = await this.deps.passwords.hash(input.password)
    const existing = await this.deps.users.findByEmail(email)
    if (existing) return { user: await this.deps.users.update(existing.id, { passwordHash, role: input.role }), created: false }
    const user = await this.deps.users.create({ email, passwordHash, role: input.role, displayName: input.displayName ?? email.split('@')[0]!, locale: input.locale ?? 'en' })
    return { user, created: true }
  }

  /** The staff user for a panel sign-in, or null. Students never sign in to the panel. */
  /** The role and password hash a signed-in session is checked against, or null when the user is gone. */
  staffCredential(userId: number): Promise<{ role: Role; passwordHash: string | null; locale: string | null } | null> {
    return this.deps.users.findCredential(userId)
  }

  async verifyStaffLogin(email: string, password: string): Promise<User | null> {
    const user = await this.deps.users.findByEmail(normalizeEmail(email))
    if (!user?.passwordHash || !isStaffRole(user.role)) {
      // same work either way, so timing does not reveal which emails exist
      await this.deps.passwords.hash(password)
      return null
    }
    return (await this.deps.passwords.verify(password, user.passwordHash)) ? stripHash(user) : null
  }

  /** Forgets expired codes after a day and used ones after a week (a reuse is still told "already used"). */
  purgeLinkCodes(): Promise<number> {
    const now = this.deps.clock.now().getTime()
    return this.deps.linkCodes.purge({ expiredBefore: new Date(now - 24 * 3600_000), usedBefore: new Date(now - 7 * 24 * 3600_000) })
  }

  // ---- API tokens

  /** Makes a new API token for the user. The plain token is returned once and only its hash is kept. */
  async createApiToken(userId: number, name: string): Promise<{ id: number; token: string }> {
    await this.getUser(userId)
    const token = `tm_${randomString(40, TOKEN_ALPHABET)}`
    const { id } = await this.deps.tokens.create(userId, name.trim() || 'api', await sha256(token))
    return { id, token }
  }

  listApiTokens(userId: number): Promise<ApiTokenInfo[]> {
    return this.deps.tokens.listForUser(userId)
  }

  /** Revokes a token at once (a leaked one, say). */
  async revokeApiToken(tokenId: number): Promise<void> {
    if (!(await this.deps.tokens.revoke(tokenId, this.deps.clock.now()))) throw new NotFoundError('Live API token', { token: tokenId })
  }

  async authenticateToken(token: string): Promise<User> {
    if (!/^tm_[A-Za-z0-9]{40}$/.test(token)) throw new UnauthenticatedError('Invalid API token')
    const owner = await this.deps.tokens.findActiveByHash(await sha256(token))
    if (!owner) throw new UnauthenticatedError('Invalid API token')
    await this.deps.tokens.touch(owner.tokenId, this.deps.clock.now())
    return owner.user
  }

  // ---- linking accounts across platforms

  /** A short single-use code; redeeming it from another platform joins the two accounts. */
  async issueLinkCode(userId: number): Promise<{ code: string; expiresAt: Date }> {
    const expiresAt = new Date(this.deps.clock.now().getTime() + LINK_CODE_TTL_MS)
    const code = randomString(8, LINK_ALPHABET)
    await this.deps.linkCodes.create(userId, code, expiresAt)
    return { code, expiresAt }
  }

  /**
   * Redeems a link code for `redeemerId`: the two users become one (a staff
   * user survives, else the older one) with all enrolments and progress of
   * both. Returns the survivor.
   */
  async redeemLinkCode(code: string, redeemerId: number): Promise<User> {
    const normalized = code.trim().toUpperCase().replace(/[\s-]/g, '')
    const info = await this.deps.linkCodes.inspect(normalized)
    if (!info) throw new NotFoundError('Link code')
    if (info.usedAt) throw new ExpiredError('This link code was already used')
    if (info.expiresAt.getTime() <= this.deps.clock.now().getTime()) throw new ExpiredError('This link code has expired; ask for a new one')
    if (info.userId === redeemerId) throw new ValidationError('This code is for linking a different account')
    const [issuerAccounts, redeemerAccounts] = await Promise.all([
      this.deps.users.listAccounts(info.userId),
      this.deps.users.listAccounts(redeemerId),
    ])
    const clash = issuerAccounts.find((a) => redeemerAccounts.some((b) => b.platform === a.platform))
    if (clash)
      throw new ConflictError(`Both accounts already have a ${clash.platform.toLowerCase()} identity; they cannot be linked`, { platform: clash.platform })
    // a staff account (email, password, role) always survives; otherwise the older one
    const [issuer, redeemer] = await Promise.all([this.getUser(info.userId), this.getUser(redeemerId)])
    const issuerFirst = isStaffRole(issuer.role) !== isStaffRole(redeemer.role) ? isStaffRole(issuer.role) : info.userId < redeemerId
    const [survivor, merged] = issuerFirst ? [info.userId, redeemerId] : [redeemerId, info.userId]
    // the code is spent in the merge's own transaction: a failed merge leaves it usable
    const done = await this.deps.users.merge(merged, survivor, { consumeLinkCode: { code: normalized, now: this.deps.clock.now() } })
    if (!done) throw new ExpiredError('This link code was already used')
    return this.getUser(survivor)
  }
}

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

function normalizeEmail(email: string): string {
  const e = email.trim().toLowerCase()
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) throw new ValidationError('email is not valid', { field: 'email' })
  return e
}

function stripHash<T extends { passwordHash?: unknown }>(u: T): Omit<T, 'passwordHash'> {
  const { passwordHash: _drop, ...rest } = u
  return rest
}

/** Unbiased random string from an alphabet (Web Crypto). */
function randomString(length: number, alphabet: string): string {
  const out: string[] = []
  const limit = 256 - (256 % alphabet.length)
  while (out.length < length) {
    for (const b of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (b < limit && out.length < length) out.push(alphabet[b % alphabet.length]!)
    }
  }
  return out.join('')
}

export async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

export function isDeliveryPlatforms(value: string | null | undefined): value is DeliveryPlatforms {
  return (DELIVERY_PLATFORM_CHOICES as readonly string[]).includes(value ?? '')
}
