// AdminJS's toasts (NoticeBox, overridden): one at a time. A new notice
// replaces the one shown, so an old error never stands beside the next
// success; and on a page change only the newest notice stays, and only when it
// is not an error (an action's success comes along with its redirect; an
// error belongs to the page it was shown on and never follows the author).
import React, { useEffect, useRef } from 'react'
import { useDispatch, useSelector } from 'react-redux'
import { useLocation } from 'react-router-dom'

// AdminJS's own store action (adminjs/src/frontend/store/actions/drop-notice.ts)
const dropNotice = (noticeId: string) => ({ type: 'DROP_NOTICE', data: { noticeId } })

const OneNotice = (props: any) => {
  const { OriginalComponent } = props
  const notices: Array<{ id: string; type?: string }> = useSelector((state: any) => state.notices ?? [])
  const dispatch = useDispatch()
  const location = useLocation()
  const page = useRef(location.key)

  useEffect(() => {
    const newest = notices.at(-1)
    const pageChanged = page.current !== location.key
    page.current = location.key
    for (const n of notices) {
      const keep = n === newest && !(pageChanged && n.type === 'error')
      if (!keep) dispatch(dropNotice(n.id))
    }
  }, [notices, location.key])

  return OriginalComponent ? <OriginalComponent /> : null
}

export default OneNotice
