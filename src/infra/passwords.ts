// Password hashing with argon2id (Bun's built-in implementation).
import type { PasswordHasher } from '../domain/accounts.service'

export const argon2Passwords: PasswordHasher = {
  hash: (password) => Bun.password.hash(password, { algorithm: 'argon2id' }),
  verify: async (password, hash) => {
    try {
      return await Bun.password.verify(password, hash)
    } catch {
      return false // a malformed stored hash never signs anyone in
    }
  },
}
