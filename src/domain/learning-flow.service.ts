// The learning flow: what a student sees next, on any platform. Enrol, then
// the first (or next unfinished) lesson; Next marks the current lesson done
// (a quiz is done only when answered) and shows the next one, or the course
// end (finished, or the next lesson still open); Back shows the previous one.
// A quiz's first answer scores, and every reply about a quiz states the
// verdict of the stored answer, never of a later re-answer.
//
// A module its drip schedule has not opened yet for the student answers with
// a `module-locked` step saying on which day it opens (in the student's time
// zone), wherever a lesson of it was asked for.
//
// Results are plain data with the message plan for the caller's platform
// (built with its profile and the student's translations): a bot or a worker
// sends `plan` through its Messenger.
import type { CatalogService } from './catalog.service'
import { type LessonPosition, lessonPosition } from './delivery/lesson'
import { richBlock, richText } from './delivery/markup'
import type { LessonPlan, MessagePlan, PlanButton } from './delivery/plan'
import { button, buildLessonPlan, type ButtonGroup, lessonNav, type LessonNavState, noticePlan } from './delivery/plan-builder'
import type { PlatformProfile } from './delivery/profile'
import { progressBar } from './delivery/progress-bar'
import { type Block, text } from './delivery/rich-text'
import type { EnrolmentService } from './enrolment.service'
import { ModuleLockedError, NotFoundError } from './errors'
import type { Translate } from './i18n'
import type { Clock } from './ports'
import type { CompletionResult, ProgressService } from './progress.service'
import { formatOpeningDay } from './release-schedule'
import type { Actor, Content, Course, CourseProgress, CourseTree } from './types'

/** The platform a reply is for and the student's translations. */
export interface FlowView {
  profile: PlatformProfile
  t: Translate
}

export type CourseRef = Pick<Course, 'id' | 'slug' | 'title'>

export interface LessonStep {
  kind: 'lesson'
  course: CourseRef
  content: Content
  position: LessonPosition
  nav: LessonNavState
  /**
   * Set by `next` when the lesson opens another module: the module just left
   * and whether all its lessons are done now (platforms may say so; Telegram does not).
   */
  moduleEnd?: { module: { id: number; title: string }; finished: boolean }
  plan: LessonPlan
}

export interface CourseEndStep {
  kind: 'course-end'
  course: CourseRef
  progress: CourseProgress
  /** Every lesson done; otherwise `progress.next` is the first one still open. */
  finished: boolean
  plan: MessagePlan
}

/** The course (or module) has no lessons. */
export interface CourseEmptyStep {
  kind: 'course-empty'
  course: CourseRef
  plan: MessagePlan
}

/** The lesson asked for is in a module not open yet for this student. */
export interface ModuleLockedStep {
  kind: 'module-locked'
  module: { id: number; courseId: number; title: string }
  opensAt: Date
  plan: MessagePlan
}

export type FlowStep = LessonStep | CourseEndStep | CourseEmptyStep | ModuleLockedStep

export interface EnrolStep {
  kind: 'enrolled'
  course: CourseRef
  /** False when the student was already enrolled. */
  created: boolean
  /** "You are enrolled in …" (or "already enrolled"). */
  notice: MessagePlan
  /** The next unfinished lesson (the first one for a new student, or when all are done). */
  then: LessonStep | CourseEmptyStep | ModuleLockedStep
}

/** The verdict of the student's stored (first) answer; `first` is false when this answer came later and changed nothing. */
export type QuizVerdict = NonNullable<CompletionResult['quiz']>

export interface QuizVerdictStep {
  kind: 'quiz-verdict'
  course: CourseRef
  content: Content
  verdict: QuizVerdict
  progress: CourseProgress
  plan: MessagePlan
}

export interface ContentsStep {
  kind: 'contents'
  course: CourseRef
  tree: CourseTree
  progress: CourseProgress
  plan: MessagePlan
}

export interface LearningFlowDeps {
  catalog: CatalogService
  enrolment: EnrolmentService
  progress: ProgressService
  clock: Clock
}

export class LearningFlowService {
  constructor(private readonly deps: LearningFlowDeps) {}

  /** Enrols (idempotent) and returns the notice and the lesson to start with. */
  async enrol(actor: Actor, courseSlug: string, view: FlowView): Promise<EnrolStep> {
    const { course, created } = await this.deps.enrolment.enrol(actor.id, courseSlug, view.profile.platform)
    const notice = noticePlan([richBlock(view.t, created ? 'enrolled' : 'enrolled-again', { course: course.title })], [], view.profile)
    return { kind: 'enrolled', course: ref(course), created, notice, then: await this.start(actor, course, view) }
  }

  /** The next unfinished lesson, or the first one when all are done (a student who comes back starts over). */
  async start(actor: Actor, course: Pick<Course, 'id' | 'slug'>, view: FlowView): Promise<LessonStep | CourseEmptyStep | ModuleLockedStep> {
    return this.orLocked(view, () => this.startOrThrow(actor, course, view))
  }

  private async startOrThrow(actor: Actor, course: Pick<Course, 'id' | 'slug'>, view: FlowView): Promise<LessonStep | CourseEmptyStep> {
    const progress = await this.deps.progress.forCourse(actor.id, course.id)
    if (progress.next) return this.openOrThrow(actor, progress.next.contentId, view)
    const tree = await this.deps.catalog.getCourseTree(course.slug, actor)
    const first = tree.modules.flatMap((m) => m.contents)[0]
    if (first) return this.openOrThrow(actor, first.id, view)
    return this.empty(await this.deps.catalog.requireReadable(course.id, actor), view)
  }

  /**
   * One lesson (the student must be enrolled, or an author of the course).
   * Opening counts as the student's activity in the course, unless `pushed`:
   * a lesson the worker sends on its own (not asked for) is none.
   */
  async open(actor: Actor, contentId: number, view: FlowView, opts: { pushed?: boolean } = {}): Promise<LessonStep | ModuleLockedStep> {
    return this.orLocked(view, () => this.openOrThrow(actor, contentId, view, opts))
  }

  private async openOrThrow(actor: Actor, contentId: number, view: FlowView, opts: { pushed?: boolean } = {}): Promise<LessonStep> {
    const { course, content } = await this.deps.catalog.getContent(contentId, actor)
    return this.lessonStep(actor, course, content, view, opts)
  }

  /** The next unfinished lesson, or the course end when all are done. */
  async resume(actor: Actor, courseId: number, view: FlowView): Promise<LessonStep | CourseEndStep | CourseEmptyStep | ModuleLockedStep> {
    const course = await this.deps.catalog.requireReadable(courseId, actor)
    const progress = await this.deps.progress.forCourse(actor.id, course.id)
    if (progress.next) return this.open(actor, progress.next.contentId, view)
    if (progress.totalContents === 0) return this.empty(course, view)
    return this.courseEndStep(course, progress, view)
  }

  /** The first lesson of a module. */
  async openModule(actor: Actor, moduleId: number, view: FlowView): Promise<LessonStep | CourseEmptyStep | ModuleLockedStep> {
    return this.orLocked(view, async () => {
      const { course, contents } = await this.deps.catalog.getModuleContents(moduleId, actor)
      const first = contents[0]
      return first ? this.lessonStep(actor, course, first, view) : this.empty(course, view)
    })
  }

  /** Marks the lesson done (unless it is a quiz: answering does that) and returns the next lesson or the course end. */
  async next(actor: Actor, contentId: number, view: FlowView): Promise<LessonStep | CourseEndStep | ModuleLockedStep> {
    const { course, content } = await this.deps.catalog.getContent(contentId, actor)
    if (content.kind !== 'QUIZ') await this.deps.progress.complete(actor, content.id, { source: view.profile.platform })
    const following = await this.deps.progress.neighbour(course.id, content.id, 1)
    if (!following) return this.courseEndStep(course, await this.deps.progress.forCourse(actor.id, course.id), view)
    const step = await this.open(actor, following.id, view)
    if (step.kind === 'module-locked') return step
    if (following.moduleId !== content.moduleId) step.moduleEnd = await this.moduleEnd(actor, course.id, content.moduleId, step)
    return step
  }

  /** The lesson before this one (this one again at the start of the course). */
  async previous(actor: Actor, contentId: number, view: FlowView): Promise<LessonStep> {
    const { course, content } = await this.deps.catalog.getContent(contentId, actor)
    const before = await this.deps.progress.neighbour(course.id, content.id, -1)
    return before ? this.openOrThrow(actor, before.id, view) : this.lessonStep(actor, course, content, view)
  }

  /**
   * Records a quiz answer (the first answer is kept and scores) and returns the
   * verdict of the stored answer, its explanation, the progress bar and the way on.
   */
  async answerQuiz(actor: Actor, contentId: number, option: number, view: FlowView): Promise<QuizVerdictStep> {
    const { course, content } = await this.deps.catalog.getContent(contentId, actor)
    if (content.kind !== 'QUIZ' || !Number.isInteger(option) || option < 0 || option >= content.quizOptions.length) throw new NotFoundError('Quiz')
    const result = await this.deps.progress.complete(actor, content.id, { quizAnswer: option, source: view.profile.platform })
    const verdict = result.quiz!
    const { t } = view
    const right = content.quizOptions[verdict.correctIndex] ?? ''
    const blocks: Block[] = []
    if (!verdict.first) blocks.push(richBlock(t, 'quiz-answered-before'))
    blocks.push({
      type: 'text',
      spans: [
        text(t('quiz-your-answer', { answer: content.quizOptions[verdict.answer] ?? '' })),
        text('\n'),
        ...(verdict.correct ? richText(t, 'quiz-correct') : richText(t, 'quiz-wrong', { answer: right })),
      ],
    })
    if (verdict.explanation) blocks.push({ type: 'text', spans: [text(verdict.explanation, ['italic'])] })
    blocks.push({ type: 'text', spans: [text(progressBar(result.progress.percent))] })
    const position = await this.position(actor, course, content)
    const nav = lessonNav(content, course.id, { first: true, last: position.index >= position.total, answered: true }, t)
    return {
      kind: 'quiz-verdict',
      course: ref(course),
      content,
      verdict,
      progress: result.progress,
      plan: noticePlan(blocks, [nav], view.profile),
    }
  }

  /** After the last lesson: congratulations, or the first lesson still open with a Continue button. */
  async courseEnd(actor: Actor, courseId: number, view: FlowView): Promise<CourseEndStep> {
    const course = await this.deps.catalog.requireReadable(courseId, actor)
    return this.courseEndStep(course, await this.deps.progress.forCourse(actor.id, course.id), view)
  }

  /** The table of contents: progress, the next lesson, a button per module, Continue and From the start. */
  async contents(actor: Actor, courseId: number, view: FlowView): Promise<ContentsStep> {
    const { t } = view
    const course = await this.deps.catalog.requireReadable(courseId, actor)
    const [tree, progress] = await Promise.all([this.deps.catalog.getCourseTree(course.slug, actor), this.deps.progress.forCourse(actor.id, course.id)])
    const line: Block = {
      type: 'text',
      spans: [
        ...richText(t, 'toc-title', { course: course.title }),
        text(`\n${progressBar(progress.percent)}\n`),
        ...(progress.next ? richText(t, 'toc-next', { next: progress.next.title }) : richText(t, 'toc-done')),
      ],
    }
    const locks = await this.deps.catalog.moduleLocks(tree, actor)
    const modules: PlanButton[] = []
    tree.modules.forEach((m, i) => {
      const lock = locks.get(m.id)
      // a locked module's button says so; pressing it says when it opens
      if (m.contents.length) modules.push({ action: { type: 'module', moduleId: m.id }, label: `${lock ? '🔒 ' : ''}${i + 1}. ${m.title}` })
    })
    const way: PlanButton[] = []
    if (progress.next) way.push(button(t, 'btn-continue', { type: 'open', contentId: progress.next.contentId }))
    const first = tree.modules.flatMap((m) => m.contents)[0]
    if (first) way.push(button(t, 'btn-restart', { type: 'open', contentId: first.id }))
    const groups: ButtonGroup[] = [{ buttons: modules, layout: 'column' }, { buttons: way, layout: 'row' }]
    return { kind: 'contents', course: ref(course), tree, progress, plan: noticePlan([line], groups, view.profile) }
  }

  // ---- steps

  /** Runs a step; a lesson of a module not open yet for the student becomes the step that says when it opens. */
  private async orLocked<S>(view: FlowView, run: () => Promise<S>): Promise<S | ModuleLockedStep> {
    try {
      return await run()
    } catch (err) {
      if (!(err instanceof ModuleLockedError)) throw err
      const day = formatOpeningDay(err.opensAt, err.locale, err.timeZone, this.deps.clock.now())
      const notice = richBlock(view.t, 'module-locked', { module: err.module.title, date: day })
      const back = button(view.t, 'btn-contents', { type: 'contents', courseId: err.module.courseId })
      return { kind: 'module-locked', module: err.module, opensAt: err.opensAt, plan: noticePlan([notice], [{ buttons: [back], layout: 'row' }], view.profile) }
    }
  }

  private async lessonStep(actor: Actor, course: Course, content: Content, view: FlowView, opts: { pushed?: boolean } = {}): Promise<LessonStep> {
    if (!opts.pushed) await this.deps.progress.noteActivity(actor.id, course.id)
    const position = await this.position(actor, course, content)
    const nav: LessonNavState = { first: position.index === 1, last: position.index >= position.total }
    const plan = buildLessonPlan({ content, courseId: course.id, position, nav }, view.profile, view.t)
    return { kind: 'lesson', course: ref(course), content, position, nav, plan }
  }

  private async position(actor: Actor, course: Course, content: Content): Promise<LessonPosition> {
    const tree = await this.deps.catalog.getCourseTree(course.slug, actor)
    return lessonPosition(tree, content)
  }

  private courseEndStep(course: Course, progress: CourseProgress, view: FlowView): CourseEndStep {
    const { t } = view
    const finished = progress.next === null
    const spans = finished
      ? richText(t, 'course-finished', { course: course.title })
      : richText(t, 'course-end-unfinished', { course: course.title, done: progress.completedContents, total: progress.totalContents, next: progress.next!.title })
    const buttons: PlanButton[] = []
    if (progress.next) buttons.push(button(t, 'btn-continue', { type: 'open', contentId: progress.next.contentId }))
    buttons.push(button(t, 'btn-contents', { type: 'contents', courseId: course.id }))
    const blocks: Block[] = [{ type: 'text', spans: [...spans, text(`\n${progressBar(progress.percent)}`)] }]
    return { kind: 'course-end', course: ref(course), progress, finished, plan: noticePlan(blocks, [{ buttons, layout: 'row' }], view.profile) }
  }

  private empty(course: Course, view: FlowView): CourseEmptyStep {
    return { kind: 'course-empty', course: ref(course), plan: noticePlan([richBlock(view.t, 'course-empty')], [], view.profile) }
  }

  private async moduleEnd(actor: Actor, courseId: number, moduleId: number, step: LessonStep): Promise<LessonStep['moduleEnd']> {
    const outline = (await this.deps.catalog.outline(courseId))?.contents ?? []
    const progress = await this.deps.progress.doneIn(actor.id, courseId)
    const inModule = outline.filter((c) => c.moduleId === moduleId)
    const title = (await this.deps.catalog.getCourseTree(step.course.slug, actor)).modules.find((m) => m.id === moduleId)?.title ?? ''
    return { module: { id: moduleId, title }, finished: inModule.every((c) => progress.has(c.id)) }
  }
}

function ref(course: Course): CourseRef {
  return { id: course.id, slug: course.slug, title: course.title }
}
