// The real program: start with roles, serve, shut down cleanly on SIGTERM.
import { describe, expect, it } from 'vitest'
import { startTelegramSimulator } from '../fakes/telegram'
import { freePort, programEnv, startProgram } from '../fixtures/process'

const baseEnv = () => ({
  ...programEnv(),
  LOG_LEVEL: 'info',
  ADMIN_EMAIL: 'lifecycle-admin@example.test',
  ADMIN_PASSWORD: 'lifecycle-secret-password-123',
  // set but not used by the roles started here: whatever is logged, these never are
  TELEGRAM_BOT_TOKEN: '123456:telegram-token-never-logged',
  TELEGRAM_WEBHOOK_SECRET: 'webhook-secret-never-logged',
})

describe('program lifecycle', () => {
  it('starts the api and worker roles, serves the seeded course, and exits 0 on SIGTERM', async () => {
    const port = await freePort()
    const app = startProgram(['--migrate', '--seed'], { ...baseEnv(), PORT: String(port), ROLES: 'api,worker' })
    try {
      await app.waitForLog(/TaskMetrics is running/)
      const health = await fetch(`http://127.0.0.1:${port}/health`)
      expect(health.status).toBe(200)
      expect(await health.json()).toMatchObject({ status: 'ok', checks: { database: { ok: true }, redis: { ok: true } } })
      const courses = (await (await fetch(`http://127.0.0.1:${port}/api/courses`)).json()) as Array<{ slug: string }>
      expect(courses.map((c) => c.slug)).toContain('intro-to-sql')
      // an oversized body is refused before any route runs
      const huge = await fetch(`http://127.0.0.1:${port}/api/contents/1/completion`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ quizAnswer: 1, padding: 'x'.repeat(2 * 1024 * 1024) }),
      })
      expect(huge.status).toBe(413)
    } finally {
      app.proc.kill('SIGTERM')
    }
    // 0 is a clean stop: past its shutdown deadline the program logs so and exits 1
    expect(await app.exited).toBe(0)
    const log = app.output()
    expect(log).not.toContain('shutdown took longer')
    expect(log).toMatch(/"role":"api".*"msg":"role stopped"/)
    expect(log).toMatch(/"role":"worker".*"msg":"role stopped"/)
    // secrets never reach the log
    expect(log).not.toContain('lifecycle-secret-password-123')
    expect(log).not.toContain('telegram-token-never-logged')
    expect(log).not.toContain('webhook-secret-never-logged')
    // every line is structured JSON
    for (const line of log.trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow()
  })

  it('runs every configured role in one process: a student talks to the bot, the API and panel answer', async () => {
    const sim = await startTelegramSimulator({ limits: false })
    const [port, adminPort] = [await freePort(), await freePort()]
    const app = startProgram([], {
      ...baseEnv(),
      PORT: String(port),
      ADMIN_PORT: String(adminPort),
      TELEGRAM_BOT_TOKEN: sim.token,
      TELEGRAM_API_ROOT: sim.apiRoot,
    })
    try {
      const running = JSON.parse(await app.waitForLog(/TaskMetrics is running/, 60_000))
      expect(running.roles).toEqual(['api', 'admin', 'worker', 'telegram'])
      expect(app.output()).toMatch(/role discord skipped: set DISCORD_TOKEN/)
      const student = sim.user({ first_name: 'Mira', language_code: 'en' })
      student.command('start')
      const [greeting] = await sim.waitFor({ chatId: student.id, count: 1 }, 15_000)
      expect(greeting!.text).toContain('Mira')
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200)
      expect((await fetch(`http://127.0.0.1:${adminPort}/admin/login`)).status).toBe(200)
    } finally {
      app.proc.kill('SIGTERM')
    }
    expect(await app.exited).toBe(0)
    await sim.close()
    const log = app.output()
    for (const role of ['api', 'admin', 'worker', 'telegram']) expect(log).toMatch(new RegExp(`"role":"${role}".*"msg":"role stopped"`))
    expect(log).not.toContain(sim.token)
  })

  it('stops at once with one line naming a malformed variable', async () => {
    const app = startProgram([], { ...baseEnv(), PORT: 'not-a-port' })
    expect(await app.exited).toBe(78)
    const lines = app.output().trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^configuration error: PORT: /)
  })

  it('refuses a role named in ROLES that is not configured', async () => {
    const app = startProgram([], { ...baseEnv(), ROLES: 'api,telegram', TELEGRAM_BOT_TOKEN: undefined })
    expect(await app.exited).toBe(78)
    expect(app.output()).toMatch(/configuration error: ROLES: role "telegram" cannot run: set TELEGRAM_BOT_TOKEN/)
  })
})
