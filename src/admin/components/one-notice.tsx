// AdminJS's toasts (NoticeBox, overridden): one at a time. A new notice
// replaces the one shown (an old error never stands beside the next success),
// and moving to another page drops what was shown before (it never follows the
// author there); the notice an action brings along with its redirect stays.
import React, { useEffect, useRef } from 'react'
import { useDispatch, useSelector } from 'react-redux'
import { useLocation } from 'react-router-dom'

// AdminJS's own store action (adminjs/src/frontend/store/actions/drop-notice.ts)
const dropNotice = (noticeId: string) => ({ type: 'DROP_NOTICE', data: { noticeId } })

const OneNotice = (props: any) => {
  const { OriginalComponent } = props
  const notices: Array<{ id: string }> = useSelector((state: any) => state.notices ?? [])
  const dispatch = useDispatch()
  const location = useLocation()

  // older notices leave as soon as a newer one comes
  useEffect(() => {
    for (const n of notices.slice(0, -1)) dispatch(dropNotice(n.id))
  }, [notices])

  // on a page change: the notices of the page before go; one that came in the same update (a redirect's) stays
  const before = useRef<Set<string>>(new Set())
  const page = useRef(location.key)
  useEffect(() => {
    if (page.current !== location.key) {
      page.current = location.key
      for (const n of notices) if (before.current.has(n.id)) dispatch(dropNotice(n.id))
    }
    before.current = new Set(notices.map((n) => n.id))
  })

  return OriginalComponent ? <OriginalComponent /> : null
}

export default OneNotice
