// How a quiz reaches a student: the platform's native quiz poll when the
// profile has one and the quiz fits its limits (Telegram: question 300,
// options 100, explanation 200 characters, at most two line breaks in the
// explanation), option buttons otherwise (always on Discord). The plan
// builder, and so the bots and the panel's preview, decide with this.
import type { Content } from '../types'
import type { PlatformProfile, PollLimits } from './profile'

type QuizFields = Pick<Content, 'quizQuestion' | 'quizOptions' | 'quizExplanation' | 'quizCorrectIndex'>

export function fitsQuizPoll(c: QuizFields, limits: PollLimits): boolean {
  const question = c.quizQuestion ?? ''
  const explanation = c.quizExplanation ?? ''
  return (
    question.trim().length > 0 &&
    question.length <= limits.question &&
    c.quizOptions.length >= limits.minOptions &&
    c.quizOptions.length <= limits.maxOptions &&
    c.quizOptions.every((o) => o.trim().length > 0 && o.length <= limits.option) &&
    explanation.length <= limits.explanation &&
    (explanation.match(/\n/g)?.length ?? 0) <= limits.explanationLineBreaks &&
    c.quizCorrectIndex !== null
  )
}

/** How this platform gets the quiz: a native poll, or a message with option buttons. */
export function quizForm(c: QuizFields, profile: Pick<PlatformProfile, 'poll'>): 'poll' | 'buttons' {
  return profile.poll && fitsQuizPoll(c, profile.poll) ? 'poll' : 'buttons'
}
