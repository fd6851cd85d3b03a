// Row -> domain type mappers shared by the Prisma repositories.
import type { Course, CourseSummary, DeliveryPlatforms, Module, User } from '../../domain/types'

export const userInclude = { profile: true } as const

export function toUser(row: {
  id: number
  role: User['role']
  email: string | null
  profile: { displayName: string; bio: string; avatarUrl: string | null; locale: string; timezone: string; reminders: boolean; deliveryPlatforms: DeliveryPlatforms } | null
}): User {
  return {
    id: row.id,
    role: row.role,
    email: row.email,
    profile: row.profile && {
      displayName: row.profile.displayName,
      bio: row.profile.bio,
      avatarUrl: row.profile.avatarUrl,
      locale: row.profile.locale,
      timezone: row.profile.timezone,
      deliveryPlatforms: row.profile.deliveryPlatforms,
      reminders: row.profile.reminders,
    },
  }
}

type ModuleRow = Omit<Module, 'opensOnDate'> & { opensOnDate: Date | null }

/** The stored date (a DATE column, read as UTC midnight) as `YYYY-MM-DD`. */
export function toModule(row: ModuleRow): Module {
  return {
    id: row.id,
    courseId: row.courseId,
    title: row.title,
    description: row.description,
    order: row.order,
    version: row.version,
    opensDaysAfterEnrolment: row.opensDaysAfterEnrolment,
    opensOnDate: row.opensOnDate && row.opensOnDate.toISOString().slice(0, 10),
  }
}

/** A module input's schedule as columns (the date at UTC midnight: a DATE column keeps only the date). */
export function moduleSchedule(input: { opensDaysAfterEnrolment?: number | null; opensOnDate?: string | null }) {
  return {
    ...(input.opensDaysAfterEnrolment !== undefined ? { opensDaysAfterEnrolment: input.opensDaysAfterEnrolment } : {}),
    ...(input.opensOnDate !== undefined ? { opensOnDate: input.opensOnDate === null ? null : new Date(`${input.opensOnDate}T00:00:00Z`) } : {}),
  }
}

export const courseSummaryInclude = {
  subject: true,
  owner: { include: { profile: true } },
  coAuthors: { include: { user: { include: { profile: true } } } },
  _count: { select: { modules: true } },
} as const

type NamedUser = { email: string | null; profile: { displayName: string } | null }
const nameOf = (u: NamedUser) => u.profile?.displayName ?? u.email ?? 'author'

export function toCourse(row: Course): Course {
  return {
    id: row.id,
    ownerId: row.ownerId,
    subjectId: row.subjectId,
    title: row.title,
    slug: row.slug,
    overview: row.overview,
    published: row.published,
    remindAfterDays: row.remindAfterDays,
    version: row.version,
    settingsVersion: row.settingsVersion,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }
}

export function toCourseSummary(
  row: Course & {
    subject: { id: number; title: string; slug: string }
    owner: NamedUser
    coAuthors: Array<{ user: NamedUser }>
    _count: { modules: number }
  },
): CourseSummary {
  return {
    ...toCourse(row),
    subject: { id: row.subject.id, title: row.subject.title, slug: row.subject.slug },
    moduleCount: row._count.modules,
    authors: [nameOf(row.owner), ...row.coAuthors.map((c) => nameOf(c.user))],
  }
}
