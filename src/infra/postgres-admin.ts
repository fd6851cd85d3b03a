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
