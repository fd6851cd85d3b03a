// Up/down moves for modules and contents, expressed as a full new order and
// applied by domain.authoring.reorderModules / reorderContents.
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
