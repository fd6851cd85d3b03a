// A reminder to a student who paused a course: where they stopped (lessons
// done, the next one, a progress bar), a Continue button that opens the next
// lesson and a button that turns reminders off. Built per recipient, in their
// language, through the same splitter as every notice.
import type { Translate } from '../i18n'
import type { CourseProgress } from '../types'
import { richText } from './markup'
import type { MessagePlan } from './plan'
import { button, noticePlan } from './plan-builder'
import type { PlatformProfile } from './profile'
import { progressBar } from './progress-bar'
import { text } from './rich-text'

/** The reminder, or null when there is nothing left to continue (the course is finished or empty). */
export function reminderPlan(progress: CourseProgress, profile: PlatformProfile, t: Translate): MessagePlan | null {
  const next = progress.next
  if (!next) return null
  const spans = [
    ...richText(t, 'reminder', { course: progress.course.title, done: progress.completedContents, total: progress.totalContents, next: next.title }),
    text(`\n${progressBar(progress.percent)}`),
  ]
  const buttons = [button(t, 'btn-continue', { type: 'open', contentId: next.contentId }), button(t, 'btn-reminders-off', { type: 'reminders', enabled: false })]
  return noticePlan([{ type: 'text', spans }], [{ buttons, layout: 'row' }], profile)
}
