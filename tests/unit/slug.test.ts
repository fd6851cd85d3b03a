import { describe, expect, it } from 'vitest'
import { SLUG_PATTERN, withQuizTitle } from '../../src/domain/rules'
import { SLUG_MAX, freeSlug, slugFromTitle } from '../../src/domain/slug'

describe('slugFromTitle', () => {
  it('transliterates Russian titles to Latin', () => {
    expect(slugFromTitle('Основы баз данных')).toBe('osnovy-baz-dannykh')
    expect(slugFromTitle('Щука, ёж и объём: «Съешь же ещё»!')).toBe('shchuka-yozh-i-obyom-sesh-zhe-eshchyo')
    expect(slugFromTitle('Python для начинающих 2.0')).toBe('python-dlya-nachinayushchikh-2-0')
  })

  it('keeps Latin letters without their accents, and drops everything else', () => {
    expect(slugFromTitle('  Crème brûlée — SQL & <b>HTML</b>  ')).toBe('creme-brulee-sql-b-html-b')
    expect(slugFromTitle('🙂 !!!')).toBe('')
  })

  it('always proposes a valid slug, cut at a word within the limit', () => {
    const long = slugFromTitle('очень длинное название курса '.repeat(10))
    expect(long.length).toBeLessThanOrEqual(SLUG_MAX)
    expect(long).toMatch(SLUG_PATTERN)
    expect(long.endsWith('-')).toBe(false)
  })

  it('makes a slug unique with a number', async () => {
    const taken = new Set(['osnovy', 'osnovy-2'])
    expect(await freeSlug('osnovy', async (s) => taken.has(s))).toBe('osnovy-3')
    expect(await freeSlug('novyi', async (s) => taken.has(s))).toBe('novyi')
  })
})

describe('withQuizTitle', () => {
  it("names a quiz without a title by its question's first line, within the title limit", () => {
    expect(withQuizTitle({ kind: 'QUIZ', title: '', quizQuestion: '\n  Что выберет SELECT?\nВторая строка' }).title).toBe('Что выберет SELECT?')
    const long = withQuizTitle({ kind: 'QUIZ', title: ' ', quizQuestion: 'я'.repeat(300) }).title
    expect(long.length).toBe(200)
    expect(long.endsWith('…')).toBe(true)
  })

  it('leaves a given title and other kinds alone', () => {
    expect(withQuizTitle({ kind: 'QUIZ', title: 'Проверка', quizQuestion: 'Вопрос?' }).title).toBe('Проверка')
    expect(withQuizTitle({ kind: 'TEXT', title: '', quizQuestion: 'Вопрос?' }).title).toBe('')
  })
})
