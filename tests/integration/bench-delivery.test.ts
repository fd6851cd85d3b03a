// `npm run bench:delivery` runs end to end with a few students (BENCH_STUDENTS):
// two worker processes, both simulators, and its last line is the JSON summary
// with nothing lost or sent twice. The figures themselves are not checked here.
import { spawn } from 'bun'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../fixtures/process'

describe('bench:delivery', () => {
  it('runs with a few students and ends with its JSON summary', async () => {
    const child = spawn([process.execPath, 'bench/delivery.bench.ts'], { cwd: ROOT, env: { ...process.env, BENCH_STUDENTS: '20' }, stdout: 'pipe', stderr: 'pipe' })
    const [out, err, code] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text(), child.exited])
    expect(code, err).toBe(0)
    const summary = JSON.parse(out.trim().split('\n').at(-1)!)
    expect(summary).toMatchObject({ sent: 20, lost: 0, duplicated: 0, students: 20, workers: 2 })
    for (const key of ['telegram_ratio', 'discord_ratio', 'rate_limited', 'rss_mb']) expect(typeof summary[key]).toBe('number')
  }, 120_000)
})
