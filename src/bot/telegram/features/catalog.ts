// Browsing: /courses lists subjects, then a subject's courses (paged inline
// keyboards, edited in place), then a course card with an Enrol button.
// Only published courses are ever listed (the domain's catalogue).
import { Composer, InlineKeyboard } from 'grammy'
import type { CourseSummary } from '../../../domain'
import { NotFoundError } from '../../../domain'
import { intArg } from '../../shared/callback-data'
import { paginate } from '../../shared/paginate'
import { progressBar } from '../../../domain/delivery/progress-bar'
import { markdownToBlocks } from '../../../domain/delivery/rich-text'
import { Action, cb, onAction } from '../callbacks'
import type { BotContext } from '../context'
import { safeError } from '../log-safety'
import { flowView, sendPlan } from '../flow'
import { htmlMessages, truncate } from '../format'
import { tr } from '../i18n'
import { pagerRow } from '../keyboards'
import { offerCourseGroups } from './room'

const PER_PAGE = 8

export const catalogFeature = new Composer<BotContext>()
const privateChat = catalogFeature.chatType('private')

privateChat.command('courses', (ctx) => showSubjects(ctx, 0, 'reply'))

onAction(catalogFeature, Action.subjects, async (ctx, [page]) => {
  await showSubjects(ctx, intArg(page) ?? 0, 'edit')
  await ctx.answerCallbackQuery()
})

onAction(catalogFeature, Action.subject, async (ctx, [subjectId, page]) => {
  const id = intArg(subjectId)
  const subject = (await ctx.deps.domain.catalog.listSubjects()).find((s) => s.id === id)
  if (!subject) throw new NotFoundError('Subject')
  const courses = await ctx.deps.domain.catalog.listCourses({ subjectSlug: subject.slug })
  const { items, page: shown, pages } = paginate(courses, intArg(page) ?? 0, PER_PAGE)
  const kb = new InlineKeyboard()
  for (const c of items) kb.text(truncate(c.title, 60), cb(ctx, Action.course, courseRef(c))).row()
  pagerRow(kb, ctx, shown, pages, (p) => cb(ctx, Action.subject, subject.id, p))
  kb.row().text(ctx.t('btn-back-subjects'), cb(ctx, Action.subjects, 0))
  const text = courses.length ? tr(ctx, 'courses-title', { subject: subject.title }) : tr(ctx, 'courses-empty')
  await show(ctx, text, kb, 'edit')
  await ctx.answerCallbackQuery()
})

onAction(catalogFeature, Action.course, async (ctx, [ref]) => {
  await showCourseCard(ctx, await courseByRef(ctx, ref), 'edit')
  await ctx.answerCallbackQuery()
})

onAction(catalogFeature, Action.enrol, async (ctx, [ref]) => {
  const { actor } = await ctx.student()
  const step = await ctx.deps.domain.flow.enrol(actor, await slugOfRef(ctx, ref), await flowView(ctx))
  await ctx.answerCallbackQuery()
  await sendPlan(ctx, step.notice)
  await sendPlan(ctx, step.then.plan)
  await offerCourseGroups(ctx, step.course, actor)
})

async function showSubjects(ctx: BotContext, page: number, mode: 'reply' | 'edit') {
  const subjects = (await ctx.deps.domain.catalog.listSubjects()).filter((s) => s.courseCount > 0)
  if (subjects.length === 0) return show(ctx, ctx.t('subjects-empty'), undefined, mode)
  const { items, page: shown, pages } = paginate(subjects, page, PER_PAGE)
  const kb = new InlineKeyboard()
  for (const s of items) kb.text(ctx.t('subject-button', { title: truncate(s.title, 50), count: s.courseCount }), cb(ctx, Action.subject, s.id, 0)).row()
  pagerRow(kb, ctx, shown, pages, (p) => cb(ctx, Action.subjects, p))
  await show(ctx, ctx.t('subjects-title'), kb, mode)
}

/** The card of a published course: overview, module count, authors, and Enrol or Continue. */
export async function showCourseCard(ctx: BotContext, course: CourseSummary, mode: 'reply' | 'edit') {
  const { user } = await ctx.student()
  const enrolled = await ctx.deps.domain.enrolment.isEnrolled(user.id, course.id)
  const facts = [
    ctx.t('course-subject', { subject: course.subject.title }),
    ctx.t('course-modules', { count: course.moduleCount }),
    ...(course.authors.length ? [ctx.t('course-authors', { authors: course.authors.join(', ') })] : []),
  ]
  const kb = new InlineKeyboard()
  if (enrolled) {
    const progress = await ctx.deps.domain.progress.forCourse(user.id, course.id)
    facts.push(ctx.t('course-enrolled-note', { bar: progressBar(progress.percent) }))
    if (progress.next) kb.text(ctx.t('btn-continue'), cb(ctx, Action.content, progress.next.contentId))
    kb.text(ctx.t('btn-contents'), cb(ctx, Action.contents, course.id))
  } else {
    kb.text(ctx.t('btn-enrol'), cb(ctx, Action.enrol, courseRef(course)))
  }
  kb.row().text(ctx.t('btn-back-courses'), cb(ctx, Action.subject, course.subject.id, 0))
  const blocks = [
    { type: 'text' as const, spans: [{ text: course.title, marks: ['bold' as const] }] },
    ...markdownToBlocks(course.overview),
    { type: 'text' as const, spans: [{ text: facts.join('\n'), marks: [] }] },
  ]
  // a card is one message: an overview longer than that is cut at a paragraph
  const [text] = htmlMessages(blocks)
  await show(ctx, text!, kb, mode)
}

/**
 * How buttons name a course: its slug when short enough for callback data (then
 * the card comes from the cached course tree), else "." and its id.
 */
function courseRef(course: Pick<CourseSummary, 'id' | 'slug'>): string {
  return course.slug.length <= 40 ? course.slug : `.${course.id}`
}

/** The course a button names, as the catalogue shows it (published, or NotFound for stale buttons). */
async function courseByRef(ctx: BotContext, ref: string | undefined): Promise<CourseSummary> {
  const { actor } = await ctx.student()
  return ctx.deps.domain.catalog.getCourseTree(await slugOfRef(ctx, ref), actor)
}

async function slugOfRef(ctx: BotContext, ref: string | undefined): Promise<string> {
  if (!ref) throw new NotFoundError('Course')
  if (!ref.startsWith('.')) return ref
  const id = intArg(ref.slice(1))
  const course = id === undefined ? undefined : (await ctx.deps.domain.catalog.listCourses()).find((c) => c.id === id)
  if (!course) throw new NotFoundError('Course', { course: id })
  return course.slug
}

/** Edits the pressed message (lists and cards move in place) or sends a new one. */
async function show(ctx: BotContext, html: string, keyboard: InlineKeyboard | undefined, mode: 'reply' | 'edit') {
  const options = { parse_mode: 'HTML' as const, link_preview_options: { is_disabled: true }, ...(keyboard ? { reply_markup: keyboard } : {}) }
  if (mode === 'edit' && ctx.callbackQuery?.message && 'text' in ctx.callbackQuery.message) {
    try {
      await ctx.editMessageText(html, options)
      return
    } catch (err) {
      if (/message is not modified/.test(String((err as Error).message))) return
      ctx.log.debug({ err: safeError(err) }, 'could not edit; sending a new message')
    }
  }
  await ctx.reply(html, options)
}
