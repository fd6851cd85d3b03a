// Bearer API tokens -> the acting user. Routes that write call `requireUser`.
import { Elysia } from 'elysia'
import { UnauthenticatedError, type Actor, type User } from '../domain'
import type { ApiDeps } from './context'

export function authPlugin(deps: Pick<ApiDeps, 'domain'>) {
  return new Elysia({ name: 'auth' }).derive({ as: 'scoped' }, ({ headers }) => {
    let cached: Promise<User> | undefined
    /** The token's user; throws 401 when the header is missing or the token is not valid. */
    const requireUser = (): Promise<User> => {
      cached ??= (async () => {
        const header = headers.authorization ?? ''
        const match = /^Bearer\s+(\S+)$/i.exec(header)
        if (!match) throw new UnauthenticatedError('Send an API token: Authorization: Bearer <token>')
        return deps.domain.accounts.authenticateToken(match[1]!)
      })()
      return cached
    }
    return {
      requireUser,
      /** The token's user when a token is sent (a bad one is a 401), else null (an anonymous reader). */
      optionalUser: async (): Promise<User | null> => (headers.authorization ? requireUser() : null),
    }
  })
}

export const actorOf = (user: User): Actor => ({ id: user.id, role: user.role })

/**
 * A personal route's `transform`: the token is checked before the body and
 * params are validated, so an anonymous caller gets a short 401, never a
 * validation report about a body it had no right to send.
 */
export const signedInFirst = async ({ requireUser }: { requireUser(): Promise<User> }) => {
  await requireUser()
}
