import { Elysia, t } from 'elysia'
import type { HealthCheck } from '../context'

const CHECK_TIMEOUT_MS = 2000

export function healthRoutes(checks: HealthCheck[]) {
  return new Elysia({ name: 'health' }).get(
    '/health',
    async ({ set }) => {
      const results = await Promise.all(
        checks.map(async (c) => {
          const started = performance.now()
          try {
            await Promise.race([c.check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS))])
            return [c.name, { ok: true, ms: Math.round(performance.now() - started) }] as const
          } catch (err) {
            return [c.name, { ok: false, error: (err as Error).message.slice(0, 200) }] as const
          }
        }),
      )
      const ok = results.every(([, r]) => r.ok)
      set.status = ok ? 200 : 503
      return { status: ok ? 'ok' : 'degraded', checks: Object.fromEntries(results) }
    },
    {
      detail: { summary: 'Liveness and dependencies (database, Redis)', tags: ['health'] },
      response: {
        200: t.Object({ status: t.String(), checks: t.Record(t.String(), t.Any()) }),
        503: t.Object({ status: t.String(), checks: t.Record(t.String(), t.Any()) }),
      },
    },
  )
}
