// How a quiz reaches a student: a native quiz poll when it fits Telegram's poll
// limits (question 300, options 100, explanation 200 characters, at most two
// line breaks in the explanation), option buttons otherwise. The bot and the
// panel's preview both decide with this.
import type { Content } from '../types'

export const POLL_LIMITS = { question: 300, option: 100, explanation: 200, explanationLineBreaks: 2, minOptions: 2, maxOptions: 10 } as const

export function fitsQuizPoll(c: Pick<Content, 'quizQuestion' | 'quizOptions' | 'quizExplanation' | 'quizCorrectIndex'>): boolean {
  const question = c.quizQuestion ?? ''
  const explanation = c.quizExplanation ?? ''
  return (
    question.trim().length > 0 &&
    question.length <= POLL_LIMITS.question &&
    c.quizOptions.length >= POLL_LIMITS.minOptions &&
    c.quizOptions.length <= POLL_LIMITS.maxOptions &&
    c.quizOptions.every((o) => o.trim().length > 0 && o.length <= POLL_LIMITS.option) &&
    explanation.length <= POLL_LIMITS.explanation &&
    (explanation.match(/\n/g)?.length ?? 0) <= POLL_LIMITS.explanationLineBreaks &&
    c.quizCorrectIndex !== null
  )
}
