// Operator commands for staff accounts and API tokens.
//
//   npm run cli -- user create --email E --role author|admin [--password P | --password -] [--name "Display name"] [--locale en|ru] [--locale en|ru]
//       Creates a panel user, or resets the password and role of an existing one
//       (which also ends that user's open panel sessions). Without --password a
//       strong password is generated and printed once; `--password -` reads it
//       from stdin (keeps it out of the shell history).
//   npm run cli -- user link-code (--email E | --user-id N)
//       Prints a one-time code (10 minutes) that joins the user with a chat
//       account: the author sends `/link CODE` to the Telegram (or Discord) bot,
//       which then knows them as that author (e.g. for /bind in a course group).
//   npm run cli -- token create (--email E | --user-id N) [--name N]
//       Prints a new API token for the user once (only its hash is stored).
//   npm run cli -- token list (--email E | --user-id N)
//       Lists the user's tokens (id, name, created, last used, revoked).
//   npm run cli -- token revoke --id N
//       Revokes a token at once.
//
// Reads the same configuration as the program (DATABASE_URL, REDIS_URL, ...).
// Exit codes: 0 done, 64 usage error, 65 invalid input, 78 bad setting or
// unreachable database / Redis, 1 anything else.
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'

const USAGE = `usage:
  npm run cli -- user create --email E --role author|admin [--password P | --password -] [--name "Display name"] [--locale en|ru]
  npm run cli -- user link-code (--email E | --user-id N)
  npm run cli -- token create (--email E | --user-id N) [--name N]
  npm run cli -- token list (--email E | --user-id N)
  npm run cli -- token revoke --id N`

class UsageError extends Error {}

function generatedPassword(): string {
  // 18 random bytes -> 24 URL-safe characters
  return randomBytes(18).toString('base64url')
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '')
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      locale: { type: 'string' },
      'user-id': { type: 'string' },
      id: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [noun, verb] = positionals
  if (values.help || !noun) {
    console.log(USAGE)
    return values.help ? 0 : 64
  }
  const command = `${noun} ${verb}`
  if (!['user create', 'user link-code', 'token create', 'token list', 'token revoke'].includes(command)) throw new UsageError(`unknown command "${positionals.join(' ')}"`)

  if (command === 'user create') {
    if (!values.email) throw new UsageError('--email is required')
    const role = values.role?.toUpperCase()
    if (role !== 'AUTHOR' && role !== 'ADMIN') throw new UsageError('--role must be author or admin')
    if (values.locale !== undefined && values.locale !== 'en' && values.locale !== 'ru') throw new UsageError('--locale must be en or ru')
  } else if (command === 'token revoke') {
    if (!values.id || !/^\d+$/.test(values.id)) throw new UsageError('--id must be a token id (see token list)')
  } else {
    if (!values.email === !values['user-id']) throw new UsageError('give exactly one of --email and --user-id')
    if (values['user-id'] && !/^\d+$/.test(values['user-id'])) throw new UsageError('--user-id must be a number')
  }

  const { loadConfig } = await import('../src/config')
  const { createLogger } = await import('../src/infra/logger')
  const { openContext } = await import('../src/context')
  const config = loadConfig()
  const logger = createLogger({ level: 'warn', pretty: false, destination: process.stderr })
  const ctx = await openContext(config, logger)
  try {
    if (command === 'user create') {
      let password = values.password
      let generated = false
      if (password === '-') password = await readStdin()
      if (!password) {
        password = generatedPassword()
        generated = true
      }
      const role = values.role!.toUpperCase() as 'AUTHOR' | 'ADMIN'
      const { user, created } = await ctx.domain.accounts.upsertStaff({ email: values.email!, password, role, displayName: values.name, locale: values.locale as 'en' | 'ru' | undefined })
      console.error(`${created ? 'created' : 'updated'} ${role.toLowerCase()} ${user.email} (user id ${user.id})${created ? '' : '; the password was reset and open panel sessions end'}`)
      if (generated) console.log(`password: ${password}`)
      return 0
    }
    if (command === 'token revoke') {
      await ctx.domain.accounts.revokeApiToken(Number(values.id))
      console.error(`API token ${values.id} revoked`)
      return 0
    }
    const user = values.email ? await ctx.ports.users.findByEmail(values.email.trim().toLowerCase()) : await ctx.ports.users.findById(Number(values['user-id']))
    if (!user) {
      console.error(`no user ${values.email ?? `with id ${values['user-id']}`}`)
      return 65
    }
    if (command === 'user link-code') {
      const { code, expiresAt } = await ctx.domain.accounts.issueLinkCode(user.id)
      console.error(`link code for user ${user.id}${user.email ? ` (${user.email})` : ''}, valid until ${expiresAt.toISOString()}; send /link CODE to the bot:`)
      console.log(code)
      return 0
    }
    if (command === 'token list') {
      const day = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') : '-')
      const tokens = await ctx.domain.accounts.listApiTokens(user.id)
      if (!tokens.length) console.error(`no API tokens for user ${user.id}${user.email ? ` (${user.email})` : ''}; create one with: npm run cli -- token create --user-id ${user.id}`)
      for (const t of tokens)
        console.log(`${t.id}\t${t.name}\tcreated ${day(t.createdAt)}\tlast used ${day(t.lastUsedAt)}\t${t.revokedAt ? `revoked ${day(t.revokedAt)}` : 'live'}`)
      return 0
    }
    const { id, token } = await ctx.domain.accounts.createApiToken(user.id, values.name ?? 'cli')
    console.error(`API token ${id} for user ${user.id}${user.email ? ` (${user.email})` : ''}; it is shown only once:`)
    console.log(token)
    return 0
  } finally {
    await ctx.close()
  }
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (err) {
  const { DomainError } = await import('../src/domain')
  const { ConfigError } = await import('../src/config')
  const { ServiceUnreachableError } = await import('../src/infra/unreachable')
  if (err instanceof UsageError || (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    console.error(`${(err as Error).message}\n${USAGE}`)
    process.exitCode = 64
  } else if (err instanceof ConfigError || err instanceof ServiceUnreachableError) {
    // a bad setting or an unreachable database / Redis: one line, like the program
    console.error(`${err instanceof ConfigError ? 'configuration' : 'start-up'} error: ${err.message}`)
    process.exitCode = 78
  } else if (err instanceof DomainError) {
    console.error(err.message)
    process.exitCode = 65
  } else {
    console.error(err)
    process.exitCode = 1
  }
}
