// Creating and dropping whole databases on a PostgreSQL server (scratch
// databases for migration authoring, tests and benchmarks).
import pg from 'pg'

export const LOCAL_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres'

function assertName(name: string) {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a safe database name: ${name}`)
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** Drops `name` if it exists, creates it empty and returns its URL. */
export async function createFreshDatabase(name: string, adminUrl = LOCAL_ADMIN_URL): Promise<string> {
  assertName(name)
  await withAdmin(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await c.query(`CREATE DATABASE ${name}`)
  })
  return databaseUrl(adminUrl, name)
}

export async function dropDatabase(name: string, adminUrl = LOCAL_ADMIN_URL): Promise<void> {
  assertName(name)
  await withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
}

/** The same server URL pointing at another database. */
export function databaseUrl(serverUrl: string, name: string): string {
  const u = new URL(serverUrl)
  u.pathname = `/${name}`
  return u.toString()
}

/**
 * Creates `name` as a copy of `template` (which no session may be connected
 * to) and returns its URL. Copying a migrated database is much quicker than
 * migrating a new one.
 */
export async function cloneDatabase(name: string, template: string, adminUrl = LOCAL_ADMIN_URL): Promise<string> {
  assertName(name)
  assertName(template)
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`))
  return databaseUrl(adminUrl, name)
}

/** The names of the databases on the server that `keep` accepts. */
export async function listDatabases(keep: (name: string) => boolean, adminUrl = LOCAL_ADMIN_URL): Promise<string[]> {
  return withAdmin(adminUrl, async (c) => {
    const { rows } = await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE NOT datistemplate')
    return rows.map((r) => r.datname).filter(keep)
  })
}
