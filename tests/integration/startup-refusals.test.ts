// Start-up that cannot succeed says why in one line and exits 78 (EX_CONFIG):
// an unreachable database or Redis, and every malformed setting. Never "running".
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { freePort, startProgram } from '../fixtures/process'

const baseEnv = () => ({
  NODE_ENV: 'test',
  DATABASE_URL: process.env.DATABASE_URL,
  REDIS_URL: process.env.REDIS_URL,
  DATA_DIR: process.env.DATA_DIR,
  LOG_LEVEL: 'info',
  ROLES: 'worker',
})

/** Runs the program with these settings; returns its exit code and output lines. */
async function refused(env: Record<string, string | undefined>, args: string[] = []) {
  const app = startProgram(args, { ...baseEnv(), ...env })
  const code = await app.exited
  const lines = app.output().trim().split('\n').filter((l) => l.trim() && !l.startsWith('{'))
  return { code, lines, output: app.output() }
}

describe('start-up refusals', () => {
  it('refuses each malformed setting with one line naming it, exit 78', async () => {
    const aFile = join(mkdtempSync(join(tmpdir(), 'tm-refusal-')), 'not-a-dir')
    writeFileSync(aFile, '')
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ PORT: '1e3' }, /^configuration error: PORT: must be a port number/],
      [{ PORT: '0x10' }, /^configuration error: PORT: /],
      [{ PORT: ' 4410' }, /^configuration error: PORT: /],
      [{ ADMIN_PORT: '99999' }, /^configuration error: ADMIN_PORT: /],
      [{ ROLES: ',' }, /^configuration error: ROLES: has an empty entry/],
      [{ DATA_DIR: aFile }, /^configuration error: DATA_DIR: ".*not-a-dir" is not a writable directory/],
      [{ REDIS_PREFIX: 'two words' }, /^configuration error: REDIS_PREFIX: /],
    ]
    for (const [env, line] of cases) {
      const r = await refused(env)
      expect(r.code, `${JSON.stringify(env)}: ${r.output}`).toBe(78)
      expect(r.output.trim().split('\n'), JSON.stringify(env)).toHaveLength(1)
      expect(r.lines[0]).toMatch(line)
    }
  })


  it('without Redis: one line naming REDIS_URL, exit 78', async () => {
    const port = await freePort() // nothing listens there
    const r = await refused({ REDIS_URL: `redis://127.0.0.1:${port}` })
    expect(r.code, r.output).toBe(78)
    expect(r.lines).toHaveLength(1)
    expect(r.lines[0]).toMatch(new RegExp(`cannot connect to Redis at redis://127\\.0\\.0\\.1:${port}.*REDIS_URL`))
    expect(r.output).not.toMatch(/TaskMetrics is running|\n\s+at /)
  })

  it('without PostgreSQL (with or without --migrate): one line naming DATABASE_URL, exit 78', async () => {
    const port = await freePort()
    for (const args of [[], ['--migrate']]) {
      const r = await refused({ DATABASE_URL: `postgresql://app:hidden-pw@127.0.0.1:${port}/nowhere` }, args)
      expect(r.code, r.output).toBe(78)
      expect(r.lines).toHaveLength(1)
      expect(r.lines[0]).toMatch(/cannot connect to PostgreSQL at postgresql:\/\/\*\*\*:\*\*\*@127\.0\.0\.1.*DATABASE_URL/)
      expect(r.output).not.toContain('hidden-pw')
      expect(r.output).not.toMatch(/TaskMetrics is running/)
    }
  })
})
