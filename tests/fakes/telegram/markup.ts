import type { InlineKeyboardMarkup, ReplyKeyboardMarkup } from 'grammy/types'
import { badRequest } from './errors'
import type { ChatRecord } from './state'

type AnyMarkup = Partial<InlineKeyboardMarkup & ReplyKeyboardMarkup & { remove_keyboard: true; force_reply: true }>

const ACTIONS = ['url', 'callback_data', 'web_app', 'login_url', 'switch_inline_query', 'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat', 'copy_text', 'callback_game', 'pay']

/**
 * Validates reply_markup like the Bot API and returns the inline keyboard
 * (the only kind echoed back in Message.reply_markup).
 */
export function validateMarkup(markup: unknown): InlineKeyboardMarkup | undefined {
  if (markup === undefined) return undefined
  if (!markup || typeof markup !== 'object') throw badRequest("can't parse reply keyboard markup JSON object")
  const m = markup as AnyMarkup
  if (m.inline_keyboard !== undefined) {
    if (!Array.isArray(m.inline_keyboard) || m.inline_keyboard.some((row) => !Array.isArray(row))) {
      throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays')
    }
    for (const row of m.inline_keyboard) {
      for (const button of row as unknown as Record<string, unknown>[]) {
        if (typeof button.text !== 'string' || button.text === '') throw badRequest('text buttons are unallowed in the inline keyboard')
        if (!ACTIONS.some((a) => a in button)) throw badRequest('text buttons are unallowed in the inline keyboard')
        if ('callback_data' in button) {
          const data = button.callback_data
          const bytes = typeof data === 'string' ? Buffer.byteLength(data) : 0
          if (bytes < 1 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID')
        }
        if ('url' in button && !isValidUrl(button.url)) throw badRequest('BUTTON_URL_INVALID')
      }
    }
    return m.inline_keyboard.length > 0 ? { inline_keyboard: m.inline_keyboard } : undefined
  }
  if (m.keyboard !== undefined) {
    if (!Array.isArray(m.keyboard) || m.keyboard.some((row) => !Array.isArray(row))) {
      throw badRequest('field "keyboard" of the ReplyKeyboardMarkup should be an Array of Arrays')
    }
    return undefined
  }
  if (m.remove_keyboard || m.force_reply) return undefined
  throw badRequest("can't parse reply keyboard markup JSON object")
}

/** Tracks the reply keyboard a chat currently shows. */
export function applyReplyKeyboard(rec: ChatRecord, markup: unknown) {
  const m = markup as AnyMarkup | undefined
  if (m?.keyboard) rec.replyKeyboard = m as ReplyKeyboardMarkup
  else if (m?.remove_keyboard) rec.replyKeyboard = undefined
}

function isValidUrl(url: unknown): boolean {
  if (typeof url !== 'string') return false
  try {
    const u = new URL(url)
    return ['http:', 'https:', 'tg:'].includes(u.protocol)
  } catch {
    return false
  }
}
