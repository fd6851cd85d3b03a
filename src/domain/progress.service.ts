// Progress through a course: marking contents done, quiz scoring, what comes
// next and the percentage done; and the student's last activity in a course
// (what reminders count from), noted here for every platform.
import type { CatalogService } from './catalog.service'
import { ValidationError } from './errors'
import type { Clock, CourseRepository, EnrollmentRepository, ProgressRepository } from './ports'
import type { Actor, CourseProgress, Platform, ProgressEntry } from './types'

export interface ProgressDeps {
  courses: CourseRepository
  enrollments: EnrollmentRepository
  progress: ProgressRepository
  catalog: CatalogService
  clock: Clock
}

export interface CompletionResult {
  entry: ProgressEntry
  /**
   * For quizzes, the verdict of the STORED answer (the student's first one:
   * only it scores): that answer, whether it was right, the right option, the
   * explanation, and whether this call is the one that stored it.
   */
  quiz: { answer: number; correct: boolean; correctIndex: number; explanation: string | null; first: boolean } | null
  progress: CourseProgress
}

export class ProgressService {
  constructor(private readonly deps: ProgressDeps) {}

  /**
   * Marks a content done for the student. A quiz needs an answer (the option's
   * index); the first answer is kept: answering again changes nothing and the
   * result states the verdict of that first answer.
   */
  async complete(actor: Actor, contentId: number, opts: { quizAnswer?: number; source?: Platform | null } = {}): Promise<CompletionResult> {
    const { course, content } = await this.deps.catalog.getContent(contentId, actor)
    let quizAnswer: number | null = null
    let quizCorrect: boolean | null = null
    if (content.kind === 'QUIZ') {
      const answer = opts.quizAnswer
      if (answer === undefined || !Number.isInteger(answer) || answer < 0 || answer >= content.quizOptions.length)
        throw new ValidationError(`quizAnswer must be an option index from 0 to ${content.quizOptions.length - 1}`, { field: 'quizAnswer' })
      quizAnswer = answer
      quizCorrect = answer === content.quizCorrectIndex
    }
    const now = this.deps.clock.now()
    const entry = await this.deps.progress.record({ userId: actor.id, contentId: content.id, quizAnswer, quizCorrect, source: opts.source ?? null, completedAt: now })
    await this.deps.enrollments.noteActivity(actor.id, course.id, now)
    let quiz: CompletionResult['quiz'] = null
    if (content.kind === 'QUIZ') {
      // the repository keeps the first answer: the verdict is the stored one's
      const stored = entry.quizAnswer ?? quizAnswer!
      quiz = {
        answer: stored,
        correct: entry.quizCorrect ?? stored === content.quizCorrectIndex,
        correctIndex: content.quizCorrectIndex ?? 0,
        explanation: content.quizExplanation,
        // a completion stored earlier (an answer, or a completion before the content became a quiz) keeps its date
        first: entry.quizAnswer === quizAnswer && entry.completedAt.getTime() === now.getTime(),
      }
    }
    return { entry, quiz, progress: await this.forCourse(actor.id, course.id) }
  }

  /**
   * Notes that the student is active in the course (opened a lesson; completing
   * and answering note it themselves): reminders count inactivity from the last one.
   */
  async noteActivity(userId: number, courseId: number): Promise<void> {
    await this.deps.enrollments.noteActivity(userId, courseId, this.deps.clock.now())
  }

  /** The student's progress in one course. */
  async forCourse(userId: number, courseId: number): Promise<CourseProgress> {
    const [found, entries] = await Promise.all([this.deps.catalog.outline(courseId), this.deps.progress.listForCourse(userId, courseId)])
    if (!found) throw new ValidationError('unknown course')
    const { course, contents: outline } = found
    const done = new Map(entries.map((e) => [e.contentId, e]))
    const quizzes = outline.filter((c) => c.kind === 'QUIZ')
    const answered = quizzes.map((q) => done.get(q.id)).filter((e): e is ProgressEntry => !!e && e.quizAnswer !== null)
    const completed = outline.filter((c) => done.has(c.id)).length
    const next = outline.find((c) => !done.has(c.id)) ?? null
    return {
      course: { id: course.id, slug: course.slug, title: course.title },
      totalContents: outline.length,
      completedContents: completed,
      percent: outline.length === 0 ? 0 : Math.floor((completed * 100) / outline.length),
      quiz: { total: quizzes.length, answered: answered.length, correct: answered.filter((e) => e.quizCorrect).length },
      next: next && { moduleId: next.moduleId, contentId: next.id, title: next.title },
    }
  }

  /** Progress in every course the student is enrolled in. */
  async forStudent(userId: number): Promise<CourseProgress[]> {
    const courses = await this.deps.enrollments.listActiveCourses(userId)
    return Promise.all(courses.map((c) => this.forCourse(userId, c.id)))
  }

  /** Ids of the contents of the course the student has done. */
  async doneIn(userId: number, courseId: number): Promise<Set<number>> {
    return new Set((await this.deps.progress.listForCourse(userId, courseId)).map((e) => e.contentId))
  }

  /** The content after (or before) the given one in reading order, or null at the ends. */
  async neighbour(courseId: number, contentId: number, direction: 1 | -1): Promise<{ id: number; moduleId: number } | null> {
    const outline = (await this.deps.catalog.outline(courseId))?.contents ?? []
    const at = outline.findIndex((c) => c.id === contentId)
    if (at < 0) return null
    return outline[at + direction] ?? null
  }
}
