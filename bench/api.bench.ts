// Benchmark: GET /api/courses/<slug> (the course tree) through the full API
// (Elysia, validation, Redis cache) against a bare Bun.serve returning the same
// JSON, both measured in this run under the same load (50 connections).
//   npm run bench:api        (env: BENCH_SECONDS, BENCH_CONNECTIONS)
// The last line is one JSON object: { ratio, p99_ms, rps, baseline_rps, ... }.
import { join } from 'node:path'
import { createApi } from '../src/api'
import { apiDeps } from '../src/api/server'
import { openBenchContext } from './lib/context'
import { DEMO_COURSE_SLUG, seed } from '../prisma/seed'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)

interface LoadResult {
  requests: number
  errors: number
  rps: number
  p50_ms: number
  p99_ms: number
}

async function load(url: string, seconds = SECONDS): Promise<LoadResult> {
  const proc = Bun.spawn([process.execPath, join(import.meta.dir, 'lib/load.ts'), url, String(CONNECTIONS), String(seconds)], { stdout: 'pipe', stderr: 'inherit' })
  const out = await new Response(proc.stdout).text()
  await proc.exited
  return JSON.parse(out.trim().split('\n').pop()!)
}

const ctx = await openBenchContext({ database: 'taskmetrics_bench' })
await ctx.redis.client.flushdb()
await seed(ctx)

const api = createApi(apiDeps(ctx)).listen({ port: 0, hostname: '127.0.0.1' })
const apiUrl = `http://127.0.0.1:${api.server!.port}/api/courses/${DEMO_COURSE_SLUG}`
const sample = await (await fetch(apiUrl)).json()

const baseline = Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: () => Response.json(sample) })
const baselineUrl = `http://127.0.0.1:${baseline.port}/`
const baselineSample = await (await fetch(baselineUrl)).json()
if (JSON.stringify(baselineSample) !== JSON.stringify(sample)) throw new Error('baseline does not return the same JSON')

// warm up both (JIT, connection pools, cache), then measure alternately
await load(baselineUrl, 1)
await load(apiUrl, 1)
const base = await load(baselineUrl)
const full = await load(apiUrl)

const rssMb = process.memoryUsage().rss / 1024 / 1024
console.log(`connections: ${CONNECTIONS}, ${SECONDS} s each, tree of ${sample.modules.length} modules (${JSON.stringify(sample).length} bytes)`)
console.log(`baseline Bun.serve : ${base.rps.toFixed(0)} req/s  p50 ${base.p50_ms.toFixed(2)} ms  p99 ${base.p99_ms.toFixed(2)} ms  errors ${base.errors}`)
console.log(`TaskMetrics API    : ${full.rps.toFixed(0)} req/s  p50 ${full.p50_ms.toFixed(2)} ms  p99 ${full.p99_ms.toFixed(2)} ms  errors ${full.errors}`)
const ratio = full.rps / base.rps
console.log(`ratio ${ratio.toFixed(2)} (target >= 0.5), p99 ${full.p99_ms.toFixed(2)} ms (target < 10 ms)`)
console.log(
  JSON.stringify({
    ratio: Number(ratio.toFixed(3)),
    p99_ms: Number(full.p99_ms.toFixed(2)),
    rps: Math.round(full.rps),
    baseline_rps: Math.round(base.rps),
    baseline_p99_ms: Number(base.p99_ms.toFixed(2)),
    errors: full.errors,
    connections: CONNECTIONS,
    server_rss_mb: Math.round(rssMb),
  }),
)
await api.stop()
baseline.stop(true)
await ctx.close()
process.exit(0)
