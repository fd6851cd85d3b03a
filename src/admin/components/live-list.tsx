// AdminJS's list page (overridden as DefaultListAction for every resource):
// the lists of course records (courses, modules, contents, audit entries)
// reload when a co-author changes one of the user's courses.
import React, { useState } from 'react'
import { useLive } from './live'

const LIVE_RESOURCES = new Set(['Course', 'Module', 'Content', 'AuditEntry'])

const LiveList = (props: any) => {
  const { OriginalComponent, resource } = props
  const [changes, setChanges] = useState(0)
  const live = LIVE_RESOURCES.has(resource?.id)
  const { connected } = useLive(live ? {} : null, () => setChanges((n) => n + 1))
  // a new key mounts the list again, which fetches the records again
  const list = <OriginalComponent key={changes} {...props} />
  return live ? <div data-testid="live-list" data-live={connected ? 'on' : 'off'}>{list}</div> : list
}

export default LiveList
