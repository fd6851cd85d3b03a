import { describe, expect, it } from 'vitest'
import { CallbackCodec, intArg } from '../../../src/bot/shared/callback-data'

describe('signed callback data', () => {
  const codec = new CallbackCodec('a-secret-of-enough-length', 64)

  it('round-trips for the owner and refuses anyone else', () => {
    const data = codec.encode(1001, 'c', 42)
    expect(data).toMatch(/^c:42~[\w-]{8}$/)
    expect(codec.decode(1001, data)).toEqual({ ok: true, action: 'c', args: ['42'] })
    expect(codec.decode(1002, data)).toEqual({ ok: false, reason: 'foreign' })
  })

  it('refuses edited, garbage and oversized data without throwing', () => {
    const data = codec.encode(7, 'c', 42)
    expect(codec.decode(7, data.replace('42', '43'))).toEqual({ ok: false, reason: 'foreign' })
    for (const junk of ['', 'x', '~', 'c:1~', 'c:1', '<b>~12345678', ':::~abcdefgh', null, 12]) expect(codec.decode(7, junk).ok).toBe(false)
    expect(codec.decode(7, `c:${'1'.repeat(70)}~abcdefgh`)).toEqual({ ok: false, reason: 'too_long' })
    expect(new CallbackCodec('another-secret-of-length').decode(7, data)).toEqual({ ok: false, reason: 'foreign' })
  })

  it('refuses to make payloads that would not fit or parse', () => {
    expect(() => codec.encode(1, 'c', 'a:b')).toThrow()
    expect(() => codec.encode(1, 'c', 'x'.repeat(40), 'y'.repeat(20))).toThrow(/exceeds 64 bytes/)
    expect(intArg('12')).toBe(12)
    expect(intArg('-1')).toBeUndefined()
    expect(intArg('1e3')).toBeUndefined()
  })
})
