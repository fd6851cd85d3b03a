// Up/down moves for modules and contents, expressed as a full new order and
// applied by domain.authoring.reorderModules / reorderContents.
import type { ActionContext, ActionRequest } from 'adminjs'
import type { Actor } from '../../domain'
import type { Logger } from '../../infra/logger'
import { type ActionHandler, attempt, changed, confirmedAction, expectedVersion } from '../action-kit'
import { sayTo } from '../locales'
import { actorOf } from '../panel-user'

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

export interface MoveSpec {
  log: Logger
  /** The record's reference to what holds it (a module's `course`, a content's `module`). */
  parent: string
  /** The ids under the parent, in their current order. */
  siblings(parentId: number): Promise<number[]>
  /** The domain call that applies the new order. */
  reorder(actor: Actor, parentId: number, order: number[], opts: { expectedVersion?: number }): Promise<unknown>
  /** Where to go afterwards: the list of the parent's items in order. */
  listUrl(parentId: number): string
  /** The confirmation page of a move opened by its address (components.ConfirmAction). */
  confirmComponent: string
}

function moveHandler(spec: MoveSpec, direction: Direction): ActionHandler {
  return (request: ActionRequest, _response: unknown, context: ActionContext) =>
    attempt(context, { log: spec.log }, async () => {
      const id = Number(context.record!.id())
      const parentId = Number(context.record!.params[spec.parent])
      const order = moved(await spec.siblings(parentId), id, direction)
      // (a stale tree page sends the version it shows, in the body or the query)
      const version = expectedVersion(request.payload) ?? expectedVersion(request.query)
      if (order) await spec.reorder(actorOf(context.currentAdmin), parentId, order, { expectedVersion: version })
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
