// The course-chat relay as the panel uses it: deleting a room message from the
// panel goes through the same RelayRouter as the web room (src/api/rooms), so
// the delete reaches the web sockets and every platform copy. Opened on first
// use, once per admin process, and closed when the admin role stops.
import type { AppContext } from '../context'
import { type Relay, createRelay } from '../relay'

const opened = new WeakMap<AppContext, Relay>()

export function panelRelay(ctx: AppContext): Relay {
  let relay = opened.get(ctx)
  if (!relay) opened.set(ctx, (relay = createRelay(ctx)))
  return relay
}

export async function closePanelRelay(ctx: AppContext): Promise<void> {
  const relay = opened.get(ctx)
  opened.delete(ctx)
  await relay?.close()
}
