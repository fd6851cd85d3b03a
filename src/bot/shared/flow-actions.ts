// The flow's abstract button actions as signed button payloads (Telegram
// callback_data, Discord custom_id), the same codes on every platform:
// `c:<contentId>` open, `n:<contentId>` next, `p:<contentId>` previous,
// `t:<courseId>` contents, `m:<moduleId>` module, `q:<contentId>:<option>` quiz
// answer, `k:<ref>` course card, `e:<ref>` enrol, `r:<1|0>` reminders on / off.
// URL buttons have no payload.
import type { FlowAction } from '../../domain/delivery/plan'
import { type CallbackArg, type CallbackCodec, intArg } from './callback-data'

export const FLOW_ACTION_CODES = {
  open: 'c',
  next: 'n',
  prev: 'p',
  contents: 't',
  module: 'm',
  quiz: 'q',
  course: 'k',
  enrol: 'e',
  reminders: 'r',
} as const satisfies Record<Exclude<FlowAction['type'], 'url'>, string>

export type FlowActionCode = (typeof FLOW_ACTION_CODES)[keyof typeof FLOW_ACTION_CODES]

/** The action code and arguments of a callback button; null for a URL button. */
export function flowActionArgs(action: FlowAction): { code: FlowActionCode; args: CallbackArg[] } | null {
  switch (action.type) {
    case 'url':
      return null
    case 'open':
    case 'next':
    case 'prev':
      return { code: FLOW_ACTION_CODES[action.type], args: [action.contentId] }
    case 'contents':
      return { code: FLOW_ACTION_CODES.contents, args: [action.courseId] }
    case 'module':
      return { code: FLOW_ACTION_CODES.module, args: [action.moduleId] }
    case 'quiz':
      return { code: FLOW_ACTION_CODES.quiz, args: [action.contentId, action.option] }
    case 'course':
    case 'enrol':
      return { code: FLOW_ACTION_CODES[action.type], args: [action.ref] }
    case 'reminders':
      return { code: FLOW_ACTION_CODES.reminders, args: [action.enabled ? 1 : 0] }
  }
}

/** Signed payload of a callback button for the platform user `owner`; null for a URL button. */
export function encodeFlowAction(codec: CallbackCodec, owner: CallbackArg, action: FlowAction): string | null {
  const a = flowActionArgs(action)
  return a && codec.encode(owner, a.code, ...a.args)
}

/** The action of a decoded payload (see CallbackCodec.decode), or null when it is not a flow action or its arguments are bad. */
export function parseFlowAction(code: string, args: readonly string[]): FlowAction | null {
  const [a, b] = args
  const id = intArg(a)
  switch (code) {
    case FLOW_ACTION_CODES.open:
      return id === undefined ? null : { type: 'open', contentId: id }
    case FLOW_ACTION_CODES.next:
      return id === undefined ? null : { type: 'next', contentId: id }
    case FLOW_ACTION_CODES.prev:
      return id === undefined ? null : { type: 'prev', contentId: id }
    case FLOW_ACTION_CODES.contents:
      return id === undefined ? null : { type: 'contents', courseId: id }
    case FLOW_ACTION_CODES.module:
      return id === undefined ? null : { type: 'module', moduleId: id }
    case FLOW_ACTION_CODES.quiz: {
      const option = intArg(b)
      return id === undefined || option === undefined ? null : { type: 'quiz', contentId: id, option }
    }
    case FLOW_ACTION_CODES.course:
      return a ? { type: 'course', ref: a } : null
    case FLOW_ACTION_CODES.enrol:
      return a ? { type: 'enrol', ref: a } : null
    case FLOW_ACTION_CODES.reminders:
      return a === '1' || a === '0' ? { type: 'reminders', enabled: a === '1' } : null
    default:
      return null
  }
}
