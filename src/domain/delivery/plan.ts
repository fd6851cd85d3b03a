// The message plan: what a student receives, as an ordered list of
// platform-neutral messages (rich-text blocks, media with a caption, a video
// link, a quiz poll, buttons as abstract actions), already fitted to one
// platform profile. Every Messenger renders a plan; the admin panel's preview
// shows the very same plan. Labels and texts are localized when the plan is
// built (a `Translate` function, no bot context).
import type { Content } from '../types'
import type { MessagingPlatform } from './profile'
import type { Block } from './rich-text'

/** What a button does, whatever platform shows it. Each bot encodes it as signed callback data / custom_id. */
export type FlowAction =
  /** Show this lesson. */
  | { type: 'open'; contentId: number }
  /** Mark this lesson done (unless it is a quiz) and show the next one, or the course end. */
  | { type: 'next'; contentId: number }
  /** Show the lesson before this one. */
  | { type: 'prev'; contentId: number }
  /** The course's table of contents. */
  | { type: 'contents'; courseId: number }
  /** The first lesson of a module. */
  | { type: 'module'; moduleId: number }
  /** Answer a quiz with an option (0-based). */
  | { type: 'quiz'; contentId: number; option: number }
  /** The course card (`ref`: the slug, or "." and the id when the slug is long). */
  | { type: 'course'; ref: string }
  | { type: 'enrol'; ref: string }
  /** Turn the student's reminders of unfinished courses on or off. */
  | { type: 'reminders'; enabled: boolean }
  /** A link button (opens the URL; no callback). */
  | { type: 'url'; url: string }

export type ButtonStyle = 'primary' | 'secondary' | 'success' | 'danger'

export interface PlanButton {
  action: FlowAction
  /** Localized, already cut to the profile's label limit. */
  label: string
  /** The i18n key the label came from (absent for labels made of content, e.g. quiz options). */
  key?: string
  style?: ButtonStyle
}

/** Buttons shown in one row. */
export type ButtonRow = PlanButton[]

/** `PlanMedia.contentId` of a file that belongs to no content (an announcement's image): its platform file id is never cached. */
export const NO_CONTENT = 0

/** A file of a content, sent as the platform's native media. */
export interface PlanMedia {
  /** The content the file belongs to (its platform file ids are cached under it), or NO_CONTENT. */
  contentId: number
  /** photo: an image shown inline; document: any file; video: an uploaded video. */
  kind: 'photo' | 'document' | 'video'
  /** The content's stored file (FileStorage path) and what the student sees it named. */
  filePath: string
  fileName: string
  mimeType: string | null
  fileSize: number | null
}

/** A quiz sent as the platform's native quiz poll (only when the profile has poll limits and it fits them). */
export interface PlanPoll {
  contentId: number
  question: string
  options: string[]
  correctIndex: number
  explanation: string | null
}

export type PlanMessage =
  /** Formatted text. */
  | { type: 'text'; blocks: Block[]; buttons: ButtonRow[] }
  /**
   * Text that ends with a link to `url` (a video): platforms show a large
   * preview of the URL (Telegram link preview, Discord embed).
   */
  | { type: 'link'; url: string; blocks: Block[]; buttons: ButtonRow[] }
  /**
   * A photo, document or video with a caption. When the file is gone from
   * storage, the messenger sends the caption as text, then `missing`, and
   * moves the buttons under that.
   */
  | { type: 'media'; media: PlanMedia; caption: Block[]; missing: Block[]; buttons: ButtonRow[] }
  | { type: 'poll'; poll: PlanPoll; buttons: ButtonRow[] }

export interface MessagePlan {
  platform: MessagingPlatform
  /** In sending order; buttons that lead on are under the last message. */
  messages: PlanMessage[]
}

/** A plan that delivers one lesson (one content). */
export interface LessonPlan extends MessagePlan {
  contentId: number
  kind: Content['kind']
  /** How its quiz goes (null for other kinds): native poll or option buttons. */
  quiz: 'poll' | 'buttons' | null
}
