// Delivery rule: rich text is split into message-sized chunks for a platform
// profile: whole blocks (paragraphs) where they fit; a block longer than a
// message is cut at a line break, a sentence end or a space, never inside a
// surrogate pair. The message plan (plan-builder.ts) uses these chunks, so the
// bots send them and the admin panel previews the very same ones.
import type { PlatformProfile } from './profile'
import { type Block, blockLength, type Span } from './rich-text'

export interface SplitLimits {
  /** Length allowed in the first chunk (e.g. a 1024-character caption). */
  first: number
  /** Length allowed in each following chunk (e.g. 4096 for a text message). */
  rest: number
}

/** How a platform counts: a block's length once rendered, and the separator between two blocks. */
export interface Measure {
  measure(block: Block): number
  separator: number
}

/** Visible characters, "\n\n" between blocks (what Telegram counts). */
export const VISIBLE: Measure = { measure: blockLength, separator: 2 }

/**
 * Blocks as the chunks a platform gets, one message each, within the profile's
 * limits: the first is a media message's caption when `caption` is set, every
 * other one a text message.
 */
export function messageChunks(blocks: readonly Block[], profile: Pick<PlatformProfile, 'text' | 'caption' | 'measure' | 'separator'>, opts: { caption?: boolean } = {}): Block[][] {
  return splitBlocks(blocks, { first: opts.caption ? profile.caption : profile.text, rest: profile.text }, profile)
}

export function splitBlocks(blocks: readonly Block[], limits: SplitLimits, how: Measure = VISIBLE): Block[][] {
  const chunks: Block[][] = []
  let current: Block[] = []
  let length = 0
  const limit = () => (chunks.length === 0 ? limits.first : limits.rest)
  const flush = () => {
    if (current.length) chunks.push(current)
    current = []
    length = 0
  }
  const queue = [...blocks]
  while (queue.length) {
    const block = queue.shift()!
    const size = how.measure(block)
    const extra = current.length ? how.separator : 0
    if (length + extra + size <= limit()) {
      current.push(block)
      length += extra + size
    } else if (current.length) {
      flush()
      queue.unshift(block)
    } else {
      const [head, tail] = cutMeasured(block, limit(), how)
      current.push(head)
      flush()
      if (tail) queue.unshift(tail)
    }
  }
  flush()
  return chunks
}

/**
 * Cuts a block so that its head measures at most `max`: cut at `max` visible
 * characters, then shorter while the rendering (escapes, markers) is longer.
 */
function cutMeasured(block: Block, max: number, how: Measure): [Block, Block | undefined] {
  let visible = max
  for (;;) {
    const cut = cutBlock(block, visible)
    const over = how.measure(cut[0]) - max
    if (over <= 0 || visible <= 1) return cut
    visible -= Math.max(1, Math.min(over, visible - 1))
  }
}

/** Cuts a block so that the head has at most `max` visible characters. */
export function cutBlock(block: Block, max: number): [Block, Block | undefined] {
  if (block.type === 'code') {
    const { at, skip } = cutPoint(block.text, max)
    const tail = block.text.slice(at + skip)
    const lang = block.lang ? { lang: block.lang } : {}
    return [{ type: 'code', text: block.text.slice(0, at), ...lang }, tail ? { type: 'code', text: tail, ...lang } : undefined]
  }
  const plain = block.spans.map((s) => s.text).join('')
  const { at, skip } = cutPoint(plain, max)
  const [head, tail] = splitSpans(block.spans, at, skip)
  return [{ type: block.type, spans: head }, tail.length ? { type: block.type, spans: tail } : undefined]
}

/** Where to cut `text` so that the head is at most `max` long: [head end, characters dropped]. */
export function cutPoint(text: string, max: number): { at: number; skip: number } {
  if (text.length <= max) return { at: text.length, skip: 0 }
  const window = text.slice(0, max + 1)
  const minimum = Math.floor(max / 2) // do not make tiny chunks just to cut at a nice place
  // [pattern, where the head ends relative to the match]: line break, sentence end, any space
  const candidates: Array<[RegExp, number]> = [
    [/\n/g, 0],
    [/[.!?…]\s/g, 1],
    [/\s/g, 0],
  ]
  for (const [re, offset] of candidates) {
    let best = -1
    for (const m of window.matchAll(re)) {
      const at = m.index! + offset
      if (at <= max && at >= minimum) best = at
    }
    if (best >= 0) return { at: best, skip: 1 } // the break itself is dropped
  }
  let at = max
  const code = text.charCodeAt(at - 1)
  if (code >= 0xd800 && code <= 0xdbff) at -= 1 // keep surrogate pairs together
  return { at, skip: 0 }
}

/** Splits spans at a character index, dropping `skip` characters there. */
export function splitSpans(spans: readonly Span[], at: number, skip = 0): [Span[], Span[]] {
  const head: Span[] = []
  const tail: Span[] = []
  let pos = 0
  for (const s of spans) {
    const start = pos
    const end = pos + s.text.length
    pos = end
    const piece = (from: number, to: number) => ({ ...s, text: s.text.slice(Math.max(0, from - start), Math.max(0, to - start)) })
    if (end <= at) head.push(s)
    else if (start >= at + skip) tail.push(s)
    else {
      const h = piece(start, at)
      const t = piece(at + skip, end)
      if (h.text) head.push(h)
      if (t.text) tail.push(t)
    }
  }
  return [head, tail]
}
