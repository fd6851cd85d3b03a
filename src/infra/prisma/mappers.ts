// Row -> domain type mappers shared by the Prisma repositories.
import type { Course, CourseSummary, User } from '../../domain/types'

export const userInclude = { profile: true } as const

export function toUser(row: {
  id: number
  role: User['role']
  email: string | null
  profile: { displayName: string; bio: string; avatarUrl: string | null; locale: string; timezone: string; reminders: boolean } | null
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
      reminders: row.profile.reminders,
    },
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
