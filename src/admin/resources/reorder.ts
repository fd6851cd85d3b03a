// Reordering modules and contents, always as a full new order applied by
// domain.authoring.reorderModules / reorderContents:
// - moveUp / moveDown on the item (the ↑↓ buttons, for keyboards): a swap
//   with its current neighbour;
// - reorder on the parent (drag-and-drop in the course tree): the order the
//   author dropped, checked against the order their page showed, so a drop
//   made on a tree a co-author reordered meanwhile is refused, not applied.
// Only a POST changes anything (see confirmedAction).
import type { ActionContext, ActionRequest } from 'adminjs'
import { type Actor, type ReorderGuard, ValidationError } from '../../domain'
import type { Logger } from '../../infra/logger'
import { type ActionHandler, attempt, changed, confirmedAction, recordJson, success, text } from '../action-kit'
import { sayTo } from '../locales'
import { actorOf, staffAction } from '../panel-user'

export type Direction = 'up' | 'down'

/** The ids with `id` swapped with its neighbour; null when it is already at that end. */
export function moved(ids: number[], id: number, direction: Direction): number[] | null {
  const at = ids.indexOf(id)
  const to = direction === 'up' ? at - 1 : at + 1
  if (at < 0 || to < 0 || to >= ids.length) return null
  const next = [...ids]
  ;[next[at], next[to]] = [next[to]!, next[at]!]
  return next
}

/** "3,1,2" -> [3, 1, 2]; a ValidationError for anything else (at most 500 ids). */
export function idList(value: unknown, field: string): number[] {
  const raw = text(value).trim()
  if (!/^[1-9]\d{0,9}(,[1-9]\d{0,9}){0,499}$/.test(raw)) throw new ValidationError('the order must list the items by their ids, separated by commas', { field, reason: 'orderIncomplete' })
  return raw.split(',').map(Number)
}

export interface MoveSpec {
  log: Logger
  /** The record's reference to what holds it (a module's `course`, a content's `module`). */
  parent: string
  /** The ids under the parent, in their current order. */
  siblings(parentId: number): Promise<number[]>
  /** The domain call that applies the new order. */
  reorder(actor: Actor, parentId: number, order: number[], guard: ReorderGuard): Promise<unknown>
  /** Where to go afterwards: the list of the parent's items in order. */
  listUrl(parentId: number): string
  /** The confirmation page of a move opened by its address (components.ConfirmAction). */
  confirmComponent: string
}

function moveHandler(spec: MoveSpec, direction: Direction): ActionHandler {
  return (_request: ActionRequest, _response: unknown, context: ActionContext) =>
    attempt(context, { log: spec.log }, async () => {
      const id = Number(context.record!.id())
      const parentId = Number(context.record!.params[spec.parent])
      // (a swap with the current neighbour: nothing a stale page could get wrong)
      const order = moved(await spec.siblings(parentId), id, direction)
      if (order) await spec.reorder(actorOf(context.currentAdmin), parentId, order, {})
      const key = order ? (direction === 'up' ? 'movedUp' : 'movedDown') : direction === 'up' ? 'alreadyFirst' : 'alreadyLast'
      return changed(context, id, spec.listUrl(parentId), sayTo(context.currentAdmin)(`messages.${key}`))
    })
}

/** The moveUp and moveDown record actions of a resource (a POST moves; see confirmedAction). */
export function moveActions(spec: MoveSpec) {
  const action = (direction: Direction, icon: string) =>
    confirmedAction({
      component: spec.confirmComponent,
      icon,
      confirm: direction === 'up' ? 'confirmMoveUp' : 'confirmMoveDown',
      run: moveHandler(spec, direction),
    })
  return { moveUp: action('up', 'ArrowUp'), moveDown: action('down', 'ArrowDown') }
}

/**
 * The parent's `reorder` record action (drag-and-drop in the course tree): a
 * POST of `order` (the ids in their new order) and `shown` (the order the page
 * showed) applies it; anything else changes nothing. Not a page of its own.
 */
/** `items`: what the parent orders (its notice: messages.orderSavedModules / orderSavedContents). */
export function reorderAction(opts: { items: 'Modules' | 'Contents'; log: Logger; reorder: (actor: Actor, parentId: number, order: number[], guard: ReorderGuard) => Promise<unknown> }) {
  return {
    actionType: 'record' as const,
    isVisible: false,
    isAccessible: staffAction,
    // (a refusal is answered as AdminJS answers its actions: 200 with an error notice)
    handler: (async (request, _response, context) => {
      if (request.method !== 'post') return { record: recordJson(context) }
      return attempt(context, { log: opts.log }, async () => {
        const order = idList(request.payload?.order, 'order')
        const shown = idList(request.payload?.shown, 'shown')
        await opts.reorder(actorOf(context.currentAdmin), Number(context.record!.id()), order, { expectedOrder: shown })
        return { record: recordJson(context), notice: success(sayTo(context.currentAdmin)(`messages.orderSaved${opts.items}`)) }
      })
    }) as ActionHandler,
  }
}
