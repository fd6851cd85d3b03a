import { describe, expect, it } from 'vitest'
import { pickLocale } from '../../src/domain/accounts.service'
import { assertUploadAllowed } from '../../src/domain/uploads'
import { assertPermutation, assertSlug, nextOrder } from '../../src/domain/rules'
import { TELEGRAM_PROFILE } from '../../src/domain/delivery/profile'
import { fitsQuizPoll } from '../../src/domain/delivery/quiz'

const POLL = TELEGRAM_PROFILE.poll!

describe('domain rules', () => {
  it('appends after the highest order, starting at 0', () => {
    expect(nextOrder([])).toBe(0)
    expect(nextOrder([0, 1, 2])).toBe(3)
    expect(nextOrder([5, 2])).toBe(6)
  })

  it('accepts only complete reorders', () => {
    expect(() => assertPermutation([1, 2, 3], [3, 1, 2], 'module')).not.toThrow()
    expect(() => assertPermutation([1, 2, 3], [3, 1], 'module')).toThrow(/exactly the 3/)
    expect(() => assertPermutation([1, 2, 3], [3, 1, 1], 'module')).toThrow(/twice/)
    expect(() => assertPermutation([1, 2, 3], [3, 1, 4], 'module')).toThrow()
  })

  it('checks slugs', () => {
    expect(() => assertSlug('intro-to-sql')).not.toThrow()
    for (const bad of ['Intro', 'a--b', '-a', 'a_b', '', 'x'.repeat(81), '../etc']) expect(() => assertSlug(bad)).toThrow()
  })

  it('limits uploads by kind, size and type', () => {
    expect(() => assertUploadAllowed('IMAGE', { name: 'a.png', mimeType: 'image/png', size: 1000 })).not.toThrow()
    expect(() => assertUploadAllowed('IMAGE', { name: 'a.svg', mimeType: 'image/svg+xml', size: 1000 })).toThrow(/not accepted/)
    expect(() => assertUploadAllowed('IMAGE', { name: 'a.png', mimeType: 'image/png', size: 11 * 1024 * 1024 })).toThrow(/too large/)
    expect(() => assertUploadAllowed('FILE', { name: 'a.pdf', mimeType: 'application/pdf', size: 0 })).toThrow(/empty/)
    expect(() => assertUploadAllowed('FILE', { name: 'a.html', mimeType: 'text/html', size: 10 })).toThrow(/not accepted/)
    expect(() => assertUploadAllowed('TEXT', { name: 'a.txt', mimeType: 'text/plain', size: 10 })).toThrow(/takes no file/)
  })

  it('sends a quiz as a Telegram poll only when it fits the poll limits', () => {
    const quiz = { quizQuestion: 'Which clause sorts?', quizOptions: ['WHERE', 'ORDER BY'], quizExplanation: 'ORDER BY sorts.', quizCorrectIndex: 1 }
    expect(fitsQuizPoll(quiz, POLL)).toBe(true)
    expect(fitsQuizPoll({ ...quiz, quizQuestion: 'q'.repeat(300) }, POLL)).toBe(true)
    expect(fitsQuizPoll({ ...quiz, quizQuestion: 'q'.repeat(301) }, POLL)).toBe(false)
    expect(fitsQuizPoll({ ...quiz, quizOptions: ['a', 'o'.repeat(101)] }, POLL)).toBe(false)
    expect(fitsQuizPoll({ ...quiz, quizExplanation: 'e'.repeat(201) }, POLL)).toBe(false)
    expect(fitsQuizPoll({ ...quiz, quizExplanation: 'a\nb\nc\nd' }, POLL)).toBe(false)
    expect(fitsQuizPoll({ ...quiz, quizOptions: Array.from({ length: 11 }, (_, i) => `o${i}`) }, POLL)).toBe(false)
  })

  it('picks ru or en from a Telegram language code', () => {
    expect(pickLocale('en-US')).toBe('en')
    expect(pickLocale('ru')).toBe('ru')
    expect(pickLocale('de')).toBe('ru')
    expect(pickLocale(undefined)).toBe('ru')
  })
})
