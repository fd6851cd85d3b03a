// The catalogue as Discord shows it: a select menu of published courses, and a
// course card (an embed) with Enrol, or Continue for an enrolled student.
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, type ApplicationCommandOptionChoiceData, StringSelectMenuBuilder } from 'discord.js'
import { NotFoundError } from '../../domain'
import type { CourseProgress, CourseSummary } from '../../domain'
import type { FlowAction } from '../../domain/delivery/plan'
import { markdownToBlocks } from '../../domain/delivery/rich-text'
import { intArg } from '../shared/callback-data'
import { renderDiscordMarkdown, escapeDiscord } from '../../domain/delivery/discord-markdown'
import { progressBar } from '../../domain/delivery/progress-bar'
import { encodeFlowAction } from '../shared/flow-actions'
import { courseRef, DiscordAction } from './actions'
import type { Answer, InteractionScope } from './scope'

/** Discord's limits on what we fill here. */
const SELECT_OPTIONS = 25
const LABEL = 100
const EMBED_TITLE = 256
const EMBED_DESCRIPTION = 4096

export async function coursesAnswer(scope: InteractionScope, query?: string): Promise<Answer> {
  const all = await scope.deps.domain.catalog.listCourses()
  const courses = query ? matching(all, query) : all
  if (courses.length === 0) return { content: query ? await scope.say('dc-courses-none-match', { query }) : await scope.say('subjects-empty') }
  if (courses.length === 1) return courseCard(scope, courses[0]!)
  const menu = new StringSelectMenuBuilder()
    .setCustomId(scope.button(DiscordAction.pickCourse))
    .setPlaceholder(await scope.plain('dc-select-course'))
    .addOptions(
      courses.slice(0, SELECT_OPTIONS).map((c) => ({
        label: cut(c.title, LABEL),
        value: courseRef(c),
        description: cut(`${c.subject.title} · ${c.moduleCount}`, LABEL),
      })),
    )
  return { content: await scope.say('dc-courses-title'), components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(menu).toJSON()] }
}

/** The card of a published course: overview, subject, modules, authors; Enrol or Continue. */
export async function courseCard(scope: InteractionScope, course: CourseSummary): Promise<Answer> {
  const { user } = await scope.student()
  const { domain } = scope.deps
  const enrolled = await domain.enrolment.isEnrolled(user.id, course.id)
  const facts = [
    await scope.say('course-subject', { subject: course.subject.title }),
    await scope.say('course-modules', { count: course.moduleCount }),
    ...(course.authors.length ? [await scope.say('course-authors', { authors: course.authors.join(', ') })] : []),
  ]
  let progress: CourseProgress | undefined
  if (enrolled) {
    progress = await domain.progress.forCourse(user.id, course.id)
    facts.push(await scope.say('dc-course-enrolled', { bar: progressBar(progress.percent) }))
  }
  // the facts always show; a long overview is cut before them
  const factsText = facts.join('\n')
  const overview = renderDiscordMarkdown(markdownToBlocks(course.overview))
  const room = EMBED_DESCRIPTION - factsText.length - 2
  const embed = new EmbedBuilder()
    .setTitle(cut(escapeDiscord(course.title), EMBED_TITLE))
    .setDescription(overview ? `${cutAtLine(overview, room)}\n\n${factsText}` : factsText)
  const row = new ActionRowBuilder<ButtonBuilder>()
  if (progress) {
    if (progress.next) row.addComponents(new ButtonBuilder().setStyle(ButtonStyle.Primary).setLabel(await scope.plain('btn-continue')).setCustomId(flowId(scope, { type: 'open', contentId: progress.next.contentId })))
  } else {
    row.addComponents(new ButtonBuilder().setStyle(ButtonStyle.Success).setLabel(await scope.plain('btn-enrol')).setCustomId(flowId(scope, { type: 'enrol', ref: courseRef(course) })))
  }
  return { embeds: [embed.toJSON()], components: row.components.length ? [row.toJSON()] : [] }
}

/** Autocomplete: published courses whose title contains what was typed. */
export async function courseChoices(scope: InteractionScope, typed: string, opts: { enrolledOnly?: boolean } = {}): Promise<ApplicationCommandOptionChoiceData[]> {
  const listed = opts.enrolledOnly ? await scope.deps.domain.enrolment.myCourses((await scope.student()).user.id) : await scope.deps.domain.catalog.listCourses()
  const courses = matching(listed, typed)
  return courses.slice(0, SELECT_OPTIONS).map((c) => ({ name: cut(c.title, LABEL), value: courseRef(c) }))
}

/** The published course a ref (slug, ".id", or a typed title) names; NotFound otherwise. */
export async function courseByRef(scope: InteractionScope, ref: string | null | undefined): Promise<CourseSummary> {
  const value = (ref ?? '').trim()
  if (!value) throw new NotFoundError('Course')
  const all = await scope.deps.domain.catalog.listCourses()
  const id = value.startsWith('.') ? intArg(value.slice(1)) : undefined
  const found =
    (id !== undefined ? all.find((c) => c.id === id) : all.find((c) => c.slug === value)) ??
    // typed without picking a suggestion: an exact title, or the only match
    all.find((c) => c.title.toLowerCase() === value.toLowerCase()) ??
    (matching(all, value).length === 1 ? matching(all, value)[0] : undefined)
  if (!found) throw new NotFoundError('Course', { course: value })
  return found
}

function flowId(scope: InteractionScope, action: FlowAction): string {
  return encodeFlowAction(scope.deps.codec, scope.userId, action)!
}

function matching(courses: CourseSummary[], query: string): CourseSummary[] {
  const q = query.trim().toLowerCase()
  return q ? courses.filter((c) => c.title.toLowerCase().includes(q) || c.slug.includes(q)) : courses
}

/** Rendered Markdown cut at a line end (never inside a formatting run of the line). */
function cutAtLine(markdown: string, max: number): string {
  if (markdown.length <= max) return markdown
  const at = markdown.lastIndexOf('\n', max - 1)
  return at > 0 ? `${markdown.slice(0, at)}\n…` : '…'
}

function cut(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`
}
