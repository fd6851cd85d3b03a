// The dashboard's data: the user's courses with enrolled/active counts and,
// for the chosen course, the charts' figures (both from the domain's MetricsService,
// which decides which courses the user may see).
import type { ActionRequest, CurrentAdmin } from 'adminjs'
import type { AppContext } from '../context'
import { type Actor, type CourseMetrics, type CourseSummaryRow, NotFoundError } from '../domain'
import { actorOf, panelUser } from './panel-user'

export interface DashboardData {
  user: { title: string; role: string } | null
  courses: CourseSummaryRow[]
  selected: CourseMetrics | null
}

export function dashboardHandler(ctx: AppContext) {
  return async (request: ActionRequest, _response: unknown, context: { currentAdmin?: CurrentAdmin }): Promise<DashboardData> => {
    const user = panelUser(context.currentAdmin)
    if (!user) return { user: null, courses: [], selected: null }
    const actor = actorOf(user)
    const courses = await ctx.domain.metrics.courseSummaries(actor)
    const wanted = Number.parseInt(String(request.query?.course ?? ''), 10)
    // only a course from the user's own list can be chosen
    const chosen = courses.find((c) => c.id === wanted) ?? [...courses].sort((a, b) => b.enrolled - a.enrolled)[0]
    return {
      user: { title: user.title, role: user.role },
      courses,
      selected: chosen ? await selectedMetrics(ctx, actor, chosen.id) : null,
    }
  }
}

/** The chosen course's figures; null when it was deleted (or the user lost access) since the list was read. */
async function selectedMetrics(ctx: AppContext, actor: Actor, courseId: number): Promise<CourseMetrics | null> {
  try {
    return await ctx.domain.metrics.courseMetrics(actor, courseId)
  } catch (err) {
    if (err instanceof NotFoundError) return null
    throw err
  }
}
