// Builds message plans. A lesson (one content) first becomes a draft: parts in
// sending order (text, video link, media with caption, quiz poll) and button
// groups; then ONE splitter, `fitToProfile`, fits the draft to a platform
// profile: text split to the text / caption limits, buttons laid out in rows
// within the profile's row and label limits, all buttons under the last
// message. Notices (enrolled, course end, quiz verdicts) go through the same
// splitter.
import type { Translate } from '../i18n'
import type { Content } from '../types'
import { type LessonPosition, lessonHeader } from './lesson'
import type { ButtonRow, FlowAction, LessonPlan, MessagePlan, PlanButton, PlanMedia, PlanMessage, PlanPoll } from './plan'
import type { PlatformProfile } from './profile'
import { quizForm } from './quiz'
import { type Block, markdownToBlocks, safeLink, text } from './rich-text'
import { messageChunks } from './split'

export type DraftPart =
  | { type: 'text'; blocks: Block[] }
  | { type: 'link'; url: string; blocks: Block[] }
  /** `blocks` start in the caption; what does not fit follows as text messages. */
  | { type: 'media'; media: PlanMedia; blocks: Block[]; missing: Block[] }
  | { type: 'poll'; poll: PlanPoll }

/** Buttons that belong together: side by side in rows (`row`), or one per row (`column`) where the profile has room. */
export interface ButtonGroup {
  buttons: PlanButton[]
  layout: 'row' | 'column'
}

export interface MessageDraft {
  parts: DraftPart[]
  /** Shown under the last message, in this order. */
  buttons: ButtonGroup[]
}

/** Shortens plain text to `max` characters (code points) with an ellipsis. */
export function truncate(value: string, max: number): string {
  const chars = [...value]
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`
}

export function button(t: Translate, key: string, action: FlowAction, vars?: Record<string, string | number>): PlanButton {
  return { action, label: t(key, vars), key }
}

/** Lays button groups out in rows: labels cut to the profile's limit, at most `perRow` a row and `maxRows` rows (the rest is dropped). */
export function layoutButtons(groups: readonly ButtonGroup[], profile: Pick<PlatformProfile, 'buttons'>): ButtonRow[] {
  const { perRow, maxRows, labelMax } = profile.buttons
  const cut = (b: PlanButton): PlanButton => ({ ...b, label: truncate(b.label, labelMax) })
  const rows = (packColumns: boolean) =>
    groups.flatMap((g) => {
      const buttons = g.buttons.map(cut)
      const size = g.layout === 'column' && !packColumns ? 1 : perRow
      const out: ButtonRow[] = []
      for (let i = 0; i < buttons.length; i += size) out.push(buttons.slice(i, i + size))
      return out
    })
  const loose = rows(false)
  return (loose.length <= maxRows ? loose : rows(true)).slice(0, maxRows)
}

/** The one splitter: a draft as the messages a platform gets. */
export function fitToProfile(draft: MessageDraft, profile: PlatformProfile): PlanMessage[] {
  const messages: PlanMessage[] = []
  const texts = (blocks: Block[]) => {
    for (const chunk of messageChunks(blocks, profile)) messages.push({ type: 'text', blocks: chunk, buttons: [] })
  }
  for (const part of draft.parts) {
    switch (part.type) {
      case 'text':
        texts(part.blocks)
        break
      case 'link': {
        const chunks = messageChunks(part.blocks, profile)
        chunks.forEach((chunk, i) => messages.push(i === chunks.length - 1 ? { type: 'link', url: part.url, blocks: chunk, buttons: [] } : { type: 'text', blocks: chunk, buttons: [] }))
        break
      }
      case 'media': {
        const [caption = [], ...rest] = messageChunks(part.blocks, profile, { caption: true })
        messages.push({ type: 'media', media: part.media, caption, missing: part.missing, buttons: [] })
        for (const chunk of rest) messages.push({ type: 'text', blocks: chunk, buttons: [] })
        break
      }
      case 'poll':
        messages.push({ type: 'poll', poll: part.poll, buttons: [] })
        break
    }
  }
  const rows = layoutButtons(draft.buttons, profile)
  const last = messages.at(-1)
  if (last && rows.length) last.buttons = rows
  return messages
}

/** A notice (text and buttons) for a platform. */
export function noticePlan(blocks: Block[], buttons: ButtonGroup[], profile: PlatformProfile): MessagePlan {
  return { platform: profile.platform, messages: fitToProfile({ parts: [{ type: 'text', blocks }], buttons }, profile) }
}

export interface LessonNavState {
  /** The first lesson of the course: no Back button. */
  first: boolean
  /** The last lesson: "Finish" instead of "Next". */
  last: boolean
  /** A quiz the student has answered: "Next" instead of "Skip". */
  answered?: boolean
}

/** Back / Contents / Next (Skip for an unanswered quiz, Finish on the last lesson). */
export function lessonNav(content: Pick<Content, 'id' | 'kind'>, courseId: number, state: LessonNavState, t: Translate): ButtonGroup {
  const buttons: PlanButton[] = []
  if (!state.first) buttons.push(button(t, 'btn-prev', { type: 'prev', contentId: content.id }))
  buttons.push(button(t, 'btn-contents', { type: 'contents', courseId }))
  const key = state.last ? 'btn-finish' : content.kind === 'QUIZ' && !state.answered ? 'btn-skip' : 'btn-next'
  buttons.push(button(t, key, { type: 'next', contentId: content.id }))
  return { buttons, layout: 'row' }
}

export interface LessonInput {
  content: Content
  courseId: number
  position: LessonPosition
  nav: LessonNavState
}

const MEDIA_KIND = { IMAGE: 'photo', FILE: 'document', VIDEO: 'video' } as const

/** The file of a content as media (IMAGE, FILE and uploaded VIDEO contents), else null. */
export function lessonMedia(c: Content): PlanMedia | null {
  if (!c.filePath || (c.kind !== 'IMAGE' && c.kind !== 'FILE' && c.kind !== 'VIDEO')) return null
  return { contentId: c.id, kind: MEDIA_KIND[c.kind], filePath: c.filePath, fileName: c.fileName ?? c.filePath.split('/').at(-1) ?? 'file', mimeType: c.mimeType, fileSize: c.fileSize }
}

/** The lesson as a draft (platform-neutral, not yet split). */
export function lessonDraft(input: LessonInput, profile: Pick<PlatformProfile, 'poll'>, t: Translate): { draft: MessageDraft; quiz: LessonPlan['quiz'] } {
  const { content } = input
  const intro = [...lessonHeader(t('content-position', { ...input.position }), content.title), ...markdownToBlocks(content.body ?? '')]
  const nav = lessonNav(content, input.courseId, input.nav, t)
  const media = lessonMedia(content)
  if (media) {
    return { draft: { parts: [{ type: 'media', media, blocks: intro, missing: [{ type: 'text', spans: [text(t('file-missing'))] }] }], buttons: [nav] }, quiz: null }
  }
  if (content.kind === 'VIDEO') {
    const url = safeLink(content.videoUrl)
    if (!url) return { draft: { parts: [{ type: 'text', blocks: intro }], buttons: [nav] }, quiz: null }
    const watch: Block = { type: 'text', spans: [{ text: t('video-watch'), marks: [], href: url }] }
    return { draft: { parts: [{ type: 'link', url, blocks: [...intro, watch] }], buttons: [nav] }, quiz: null }
  }
  if (content.kind === 'QUIZ') {
    const form = quizForm(content, profile)
    if (form === 'poll') {
      const poll: PlanPoll = { contentId: content.id, question: content.quizQuestion ?? '', options: content.quizOptions, correctIndex: content.quizCorrectIndex ?? 0, explanation: content.quizExplanation }
      return { draft: { parts: [{ type: 'text', blocks: intro }, { type: 'poll', poll }], buttons: [nav] }, quiz: form }
    }
    const blocks: Block[] = [
      ...intro,
      { type: 'text', spans: [text(content.quizQuestion ?? '', ['bold'])] },
      { type: 'text', spans: [text(content.quizOptions.map((o, i) => `${i + 1}. ${o}`).join('\n'))] },
      { type: 'text', spans: [text(t('quiz-choose'), ['italic'])] },
    ]
    const options = content.quizOptions.map((o, i): PlanButton => ({ action: { type: 'quiz', contentId: content.id, option: i }, label: `${i + 1}. ${o}` }))
    return { draft: { parts: [{ type: 'text', blocks }], buttons: [{ buttons: options, layout: 'column' }, nav] }, quiz: form }
  }
  return { draft: { parts: [{ type: 'text', blocks: intro }], buttons: [nav] }, quiz: null }
}

/** One content as the messages a platform gets. */
export function buildLessonPlan(input: LessonInput, profile: PlatformProfile, t: Translate): LessonPlan {
  const { draft, quiz } = lessonDraft(input, profile, t)
  return { platform: profile.platform, contentId: input.content.id, kind: input.content.kind, quiz, messages: fitToProfile(draft, profile) }
}
