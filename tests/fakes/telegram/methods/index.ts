import { botMethods } from './bot'
import { chatMethods } from './chats'
import type { MethodHandler } from './context'
import { editMethods } from './edit'
import { messageMethods } from './messages'

export type { MethodContext, MethodHandler } from './context'

/** All implemented Bot API methods, keyed by lower-cased name (Telegram ignores case). */
export const METHODS: ReadonlyMap<string, { name: string; handler: MethodHandler }> = new Map(
  Object.entries({ ...botMethods, ...messageMethods, ...editMethods, ...chatMethods })
    .map(([name, handler]) => [name.toLowerCase(), { name, handler }]),
)
