// The dashboard's data: the user's courses with enrolled/active counts and,
// for the chosen course, the charts' figures (see metrics.ts).
import type { ActionRequest, CurrentAdmin } from 'adminjs'
import type { AppContext } from '../context'
import { type CourseMetrics, type CourseSummaryRow, courseMetrics, courseSummaries } from './metrics'
import { courseScope, panelUser } from './panel-user'

export interface DashboardData {
  user: { title: string; role: string } | null
  courses: CourseSummaryRow[]
  selected: CourseMetrics | null
}

export function dashboardHandler(ctx: AppContext) {
  return async (request: ActionRequest, _response: unknown, context: { currentAdmin?: CurrentAdmin }): Promise<DashboardData> => {
    const user = panelUser(context.currentAdmin)
    if (!user) return { user: null, courses: [], selected: null }
    const courses = await courseSummaries(ctx.db.prisma, courseScope(user))
    const wanted = Number.parseInt(String(request.query?.course ?? ''), 10)
    // only a course from the user's own list can be chosen
    const chosen = courses.find((c) => c.id === wanted) ?? [...courses].sort((a, b) => b.enrolled - a.enrolled)[0]
    return {
      user: { title: user.title, role: user.role },
      courses,
      selected: chosen ? await courseMetrics(ctx.db.prisma, chosen.id) : null,
    }
  }
}
