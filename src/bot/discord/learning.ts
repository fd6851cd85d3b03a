// The student's way through a course on Discord: every decision is the
// learning flow's (domain.flow); this only asks it and delivers its plans
// (lessons to DMs, notices as answers).
import { NotFoundError } from '../../domain'
import type { FlowAction } from '../../domain/delivery/plan'
import { courseByRef, courseCard } from './course-card'
import type { InteractionScope } from './scope'

/** Enrols, answers with the flow's notice and sends the first (or next unfinished) lesson to DMs. */
export async function enrolAndStart(scope: InteractionScope, ref: string | null | undefined): Promise<void> {
  const course = await courseByRef(scope, ref)
  const { actor } = await scope.student()
  const step = await scope.deps.domain.flow.enrol(actor, course.slug, await scope.view())
  await scope.answerPlan(step.notice)
  await scope.confirmDelivered(await scope.deliver(step.then.plan))
}

/** The next unfinished lesson of a course, or of the first course with one left. */
export async function resume(scope: InteractionScope, ref: string | null | undefined): Promise<void> {
  const { actor, user } = await scope.student()
  const { domain } = scope.deps
  let courseId: number
  if (ref) courseId = (await courseByRef(scope, ref)).id
  else {
    const open = (await domain.progress.forStudent(user.id)).find((p) => p.next)
    if (!open) return scope.answer({ content: await scope.say('dc-nothing-next') })
    courseId = open.course.id
  }
  const step = await domain.flow.resume(actor, courseId, await scope.view())
  await scope.confirmDelivered(await scope.deliver(step.plan))
}

/** A flow button: what the flow answers goes to the student's DMs (a course card and the reminders switch are answered here). */
export async function runFlowAction(scope: InteractionScope, action: FlowAction): Promise<void> {
  const { actor } = await scope.student()
  const { flow } = scope.deps.domain
  const view = await scope.view()
  let plan
  switch (action.type) {
    case 'course':
      return scope.answer(await courseCard(scope, await courseByRef(scope, action.ref)))
    case 'enrol':
      return enrolAndStart(scope, action.ref)
    case 'open':
      plan = (await flow.open(actor, action.contentId, view)).plan
      break
    case 'next':
      plan = (await flow.next(actor, action.contentId, view)).plan
      break
    case 'prev':
      plan = (await flow.previous(actor, action.contentId, view)).plan
      break
    case 'module':
      plan = (await flow.openModule(actor, action.moduleId, view)).plan
      break
    case 'contents':
      plan = (await flow.contents(actor, action.courseId, view)).plan
      break
    case 'quiz':
      plan = (await flow.answerQuiz(actor, action.contentId, action.option, view)).plan
      break
    case 'reminders':
      await scope.deps.domain.reminders.setEnabled(actor.id, action.enabled)
      return scope.answer({ content: await scope.say(action.enabled ? 'reminders-on' : 'reminders-off') })
    case 'url':
      throw new NotFoundError('Action')
  }
  await scope.confirmDelivered(await scope.deliver(plan))
}
