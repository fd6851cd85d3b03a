// A small closed-loop HTTP load generator, run as its own process so it does not
// share an event loop with the server under test.
//   bun bench/lib/load.ts <url> <connections> <seconds> [header:value]
// Prints one JSON line: { requests, errors, rps, p50_ms, p99_ms }.
const [url, connArg, secondsArg, header] = process.argv.slice(2)
if (!url) throw new Error('usage: load.ts <url> <connections> <seconds>')
const connections = Number(connArg ?? 50)
const seconds = Number(secondsArg ?? 5)
const headers: Record<string, string> = {}
if (header) {
  const at = header.indexOf(':')
  headers[header.slice(0, at)] = header.slice(at + 1)
}

const latencies: number[] = []
let errors = 0
const deadline = performance.now() + seconds * 1000

async function connection() {
  while (performance.now() < deadline) {
    const started = performance.now()
    try {
      const res = await fetch(url!, { headers, keepalive: true })
      await res.arrayBuffer()
      if (res.status !== 200) errors++
      else latencies.push(performance.now() - started)
    } catch {
      errors++
    }
  }
}

const t0 = performance.now()
await Promise.all(Array.from({ length: connections }, connection))
const elapsed = (performance.now() - t0) / 1000
latencies.sort((a, b) => a - b)
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] ?? 0
console.log(JSON.stringify({ requests: latencies.length, errors, rps: latencies.length / elapsed, p50_ms: pct(50), p99_ms: pct(99) }))
export {}
