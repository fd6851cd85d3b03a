// Inline button actions. Payloads are signed for the user they are shown to
// (shared/callback-data.ts); a middleware decodes them once and refuses stale,
// forged or foreign ones politely before any feature runs.
import { Composer, type Middleware } from 'grammy'
import { type CallbackArg, CallbackCodec } from '../shared/callback-data'
import { FLOW_ACTION_CODES } from '../shared/flow-actions'
import type { BotContext } from './context'

/** Telegram's menus, and the learning flow's actions (the codes every bot shares: shared/flow-actions.ts). */
export const Action = {
  subjects: 'S', // S:<page>
  subject: 's', // s:<subjectId>:<page>
  course: FLOW_ACTION_CODES.course, // k:<slug or .id>
  enrol: FLOW_ACTION_CODES.enrol, // e:<slug or .id>
  contents: FLOW_ACTION_CODES.contents, // t:<courseId>
  module: FLOW_ACTION_CODES.module, // m:<moduleId>
  content: FLOW_ACTION_CODES.open, // c:<contentId>
  next: FLOW_ACTION_CODES.next, // n:<contentId> (marks it done, then shows the next one)
  prev: FLOW_ACTION_CODES.prev, // p:<contentId>
  quiz: FLOW_ACTION_CODES.quiz, // q:<contentId>:<option>
  reminders: FLOW_ACTION_CODES.reminders, // r:<1 on | 0 off>
  lang: 'L', // L:<locale>
  deliver: 'D', // D:<EVERY_LINKED | TELEGRAM_ONLY | DISCORD_ONLY>
  haveCode: 'lk',
} as const

export type ActionName = (typeof Action)[keyof typeof Action]

/** The decoded button of a callback query (set by {@link decodeCallbacks}). */
export interface PressedButton {
  action: string
  args: string[]
}

const pressed = new WeakMap<BotContext, PressedButton>()

export function buttonOf(ctx: BotContext): PressedButton | undefined {
  return pressed.get(ctx)
}

/** Callback data for a button the current user will press. */
export function cb(ctx: BotContext, action: ActionName, ...args: CallbackArg[]): string {
  const owner = ctx.sender?.id
  if (owner === undefined) throw new Error('cannot make a button without a user')
  return ctx.deps.callbacks.encode(owner, action, ...args)
}

/** Decodes callback data; stale, forged, foreign or oversized data gets a polite answer. */
export function decodeCallbacks(): Middleware<BotContext> {
  return async (ctx, next) => {
    const query = ctx.callbackQuery
    if (!query) return next()
    const decoded = ctx.deps.callbacks.decode(query.from.id, query.data)
    if (!decoded.ok) {
      ctx.log.info({ reason: decoded.reason }, 'refused callback data')
      await ctx.answerCallbackQuery({ text: ctx.t(decoded.reason === 'foreign' ? 'cb-foreign' : 'cb-stale'), show_alert: false })
      return
    }
    pressed.set(ctx, { action: decoded.action, args: decoded.args })
    await next()
  }
}

/** A composer that handles one button action. */
export function onAction(composer: Composer<BotContext>, action: ActionName, handler: (ctx: BotContext, args: string[]) => Promise<unknown>) {
  composer.on('callback_query', async (ctx, next) => {
    const button = buttonOf(ctx)
    if (!button || button.action !== action) return next()
    await handler(ctx, button.args)
  })
}

/** Derives the signing secret from the session secret and the bot token. */
export function callbackCodecFor(sessionSecret: string, token: string): CallbackCodec {
  return new CallbackCodec(`${sessionSecret}|telegram|${token}`, 64)
}
