// The embedded database (DATABASE_URL unset): PGlite under DATA_DIR, shared by
// every process of the installation.
//
// PGlite is one PostgreSQL backend inside one process; a second process opening
// the same directory corrupts it. So the first process to take the lock file
// (DATA_DIR/pglite.lock, created exclusively, holding its pid and URL) owns the
// directory and serves it over the PostgreSQL wire protocol on 127.0.0.1
// (@electric-sql/pglite-socket). Every process, the owner included, then talks
// to it through an ordinary PostgreSQL URL: the socket server runs one
// transaction at a time across all connections, which is what keeps
// transactions of different processes apart (PGlite has one session only).
// A later process (the CLI, the seed, another role) finds the owner in the lock
// file and connects; a lock left by a dead process is taken over.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { ServiceUnreachableError } from './unreachable'

export interface EmbeddedOwner {
  pid: number
  /** Where the owner serves the database; absent while it is still starting. */
  url?: string
}

/** How long a process waits for an owner that is still starting (PGlite takes a few seconds). */
const OWNER_START_WAIT_MS = 30_000
/** Connections the owner accepts from all processes together. */
const MAX_CONNECTIONS = 64

export const lockPath = (dataDir: string) => join(dataDir, 'pglite.lock')
const heldBy = (dataDir: string, pid: number) => `the embedded database in ${resolve(dataDir)} is held by process ${pid}`

export function readOwner(dataDir: string): EmbeddedOwner | null {
  try {
    const owner = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as EmbeddedOwner
    return Number.isInteger(owner.pid) ? owner : null
  } catch {
    return null
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as { code?: string }).code === 'EPERM'
  }
}

/** Servers this process owns, by directory: a second open in the same process connects to its own. */
const ownedHere = new Map<string, Promise<string>>()

/** Takes the lock if nobody (alive) holds it. Returns the live owner otherwise. */
function takeOrFindOwner(dataDir: string): { owned: true } | { owned: false; owner: EmbeddedOwner } {
  for (;;) {
    const owner = readOwner(dataDir)
    // (our own pid in a lock we did not write here: a previous process that had the same pid)
    if (owner && owner.pid !== process.pid && alive(owner.pid)) return { owned: false, owner }
    if (owner) rmSync(lockPath(dataDir), { force: true }) // left by a process that is gone
    try {
      const fd = openSync(lockPath(dataDir), 'wx')
      writeFileSync(fd, JSON.stringify({ pid: process.pid } satisfies EmbeddedOwner))
      closeSync(fd)
      return { owned: true }
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err
      // another process took it at the same moment: look again
    }
  }
}

async function ownerUrl(dataDir: string, owner: EmbeddedOwner): Promise<string> {
  const deadline = Date.now() + OWNER_START_WAIT_MS
  let current: EmbeddedOwner | null = owner
  while (current && !current.url && alive(current.pid) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100))
    current = readOwner(dataDir)
  }
  if (!current?.url)
    throw new ServiceUnreachableError('database', `${heldBy(dataDir, owner.pid)}, which is not serving it: stop that process or set DATABASE_URL`)
  return current.url
}

export interface EmbeddedServer {
  /** The URL every process (this one included) uses. */
  url: string
  /** This process owns the directory (and must stop the server when it closes). */
  owned: boolean
  /** "the embedded database in DIR is held by process N" (for refusals). */
  describe(): string
  stop(): Promise<void>
}

/**
 * Owns and serves the embedded database, or finds the process that does.
 * Never opens the files while another live process owns them.
 */
export async function serveOrFindEmbedded(dataDir: string): Promise<EmbeddedServer> {
  const dir = join(dataDir, 'pglite')
  mkdirSync(dir, { recursive: true })
  const key = resolve(dataDir)
  const mine = ownedHere.get(key)
  const describe = () => heldBy(dataDir, readOwner(dataDir)?.pid ?? process.pid)
  if (mine) return { url: await mine, owned: false, describe, stop: async () => {} }
  const found = takeOrFindOwner(dataDir)
  if (!found.owned) return { url: await ownerUrl(dataDir, found.owner), owned: false, describe, stop: async () => {} }
  let ready!: (url: string) => void
  let failed!: (err: unknown) => void
  const serving = new Promise<string>((res, rej) => ((ready = res), (failed = rej)))
  serving.catch(() => {})
  ownedHere.set(key, serving)
  try {
    const { PGlite } = await import('@electric-sql/pglite')
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket')
    const db = new PGlite(dir)
    await db.waitReady
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: MAX_CONNECTIONS })
    await server.start()
    const url = `postgresql://postgres@${server.getServerConn()}/postgres`
    writeFileSync(lockPath(dataDir), JSON.stringify({ pid: process.pid, url } satisfies EmbeddedOwner))
    ready(url)
    return {
      url,
      owned: true,
      describe,
      async stop() {
        ownedHere.delete(key)
        await server.stop()
        await db.close()
        if (readOwner(dataDir)?.pid === process.pid) rmSync(lockPath(dataDir), { force: true })
      },
    }
  } catch (err) {
    ownedHere.delete(key)
    failed(err)
    rmSync(lockPath(dataDir), { force: true })
    throw err
  }
}
