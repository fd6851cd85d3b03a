import { Bot, GrammyError } from 'grammy'
import { describe, expect, it } from 'vitest'
import { redactToken, safeError, sanitized } from '../../../src/bot/telegram/log-safety'

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw'

describe('no token in logs', () => {
  it('redacts tokens from network errors, API errors and messages', async () => {
    const bot = new Bot(TOKEN, { client: { apiRoot: 'http://127.0.0.1:1' } })
    const err = await bot.api.getMe().then(() => undefined, (e: unknown) => e)
    expect(String((err as { error: { path: string } }).error.path)).toContain('AAHdqTcv') // grammY keeps the URL in .error.path
    const safe = JSON.stringify(safeError(err))
    expect(safe).not.toContain('AAHdqTcv')
    expect(safe).toContain('ECONNREFUSED')
    expect(sanitized(err, 'start-up').message).toMatch(/^start-up: Network request for 'getMe' failed! ECONNREFUSED$/)
    expect(redactToken(`GET /bot${TOKEN}/getMe`)).toBe('GET /bot[redacted-token]/getMe')
    const api = new GrammyError('x', { ok: false, error_code: 400, description: `bad ${TOKEN}` }, 'sendMessage', {})
    expect(JSON.stringify(safeError(api))).not.toContain('AAHdqTcv')
  })
})
