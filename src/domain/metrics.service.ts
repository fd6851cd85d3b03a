// The author panel's dashboard figures. Admins see every course, authors the
// courses they own or co-author, students nothing. A course an author may not
// see is reported as not found, exactly like one that does not exist.
import { NotFoundError } from './errors'
import type { Clock, CourseRepository, MetricsRepository } from './ports'
import { isAdmin, mayEditCourseById, requireStaff } from './access'
import { type Actor, type CourseMetrics, type CourseSummaryRow, PLATFORMS, type PlatformLabel } from './types'

export interface MetricsDeps {
  metrics: MetricsRepository
  courses: Pick<CourseRepository, 'isAuthor'>
  clock: Clock
}

const DAY_MS = 24 * 60 * 60 * 1000
/** "Active" means a completion within this window. */
const ACTIVE_WINDOW_MS = 7 * DAY_MS
/** The dashboard lists at most this many courses. */
const SUMMARY_LIMIT = 200

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part * 1000) / whole) / 10 : null)
const activeSince = (now: Date) => new Date(now.getTime() - ACTIVE_WINDOW_MS)

export class MetricsService {
  constructor(private readonly deps: MetricsDeps) {}

  /** One line per course the actor may see (by title): enrolled and active students. */
  async courseSummaries(actor: Actor, now: Date = this.deps.clock.now()): Promise<CourseSummaryRow[]> {
    requireMetricsViewer(actor)
    return this.deps.metrics.courseSummaries({
      authorId: isAdmin(actor) ? undefined : actor.id,
      since: activeSince(now),
      limit: SUMMARY_LIMIT,
    })
  }

  /** The charts' figures for one course the actor may see. */
  async courseMetrics(actor: Actor, courseId: number, now: Date = this.deps.clock.now()): Promise<CourseMetrics> {
    requireMetricsViewer(actor)
    if (!(await mayEditCourseById(actor, () => this.deps.courses.isAuthor(courseId, actor.id)))) throw new NotFoundError('Course', { courseId })
    const figures = await this.deps.metrics.courseFigures(courseId, activeSince(now))
    if (!figures) throw new NotFoundError('Course', { courseId })

    const counts = new Map<PlatformLabel, number>()
    for (const row of figures.enrolledBySource) counts.set(row.source ?? 'UNKNOWN', row.count)
    const enrolled = [...counts.values()].reduce((a, b) => a + b, 0)
    const answered = figures.quizzes.reduce((a, q) => a + q.answered, 0)
    const correct = figures.quizzes.reduce((a, q) => a + q.correct, 0)
    return {
      course: figures.course,
      enrolled,
      active7d: figures.active,
      modules: figures.modules,
      quizzes: figures.quizzes.map((q) => ({ ...q, percent: pct(q.correct, q.answered) })),
      quizAverage: pct(correct, answered),
      platforms: PLATFORMS.map((platform) => ({ platform, count: counts.get(platform) ?? 0 })),
      generatedAt: now.toISOString(),
    }
  }
}

const requireMetricsViewer = (actor: Actor) => requireStaff(actor, 'Only authors and admins can see course metrics')
