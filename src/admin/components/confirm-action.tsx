// The page of a record action that changes something (publish, unpublish, move
// up/down): it says what will happen and does it only when confirmed, with a
// POST. Opening the action's address (a link in a lesson, a bookmark) changes
// nothing.
import React, { useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { Box, Button, H3, Icon, Text } from '@adminjs/design-system'
import { ApiClient, ViewHelpers, useNotice, useTranslation } from 'adminjs'

const api = new ApiClient()
const h = new ViewHelpers()

const ConfirmAction = (props: any) => {
  const { action, record, resource } = props
  const navigate = useNavigate()
  const addNotice = useNotice()
  const { tm, ta, tc } = useTranslation()
  const [busy, setBusy] = useState(false)
  const shown = h.showUrl(resource.id, record.id)

  const run = async () => {
    setBusy(true)
    try {
      const res = await api.recordAction({ resourceId: resource.id, recordId: record.id, actionName: action.name, data: { confirmed: 'yes' } })
      if (res.data.notice) addNotice(res.data.notice)
      navigate(res.data.redirectUrl ?? shown)
    } catch {
      addNotice({ message: tc('ConfirmAction.failed'), type: 'error' })
      setBusy(false)
    }
  }

  return (
    <Box variant="container" data-testid="confirm-action">
      <H3 mb="default">{record.title}</H3>
      <Text mb="lg">{action.custom?.confirm ? tm(action.custom.confirm, resource.id) : action.label}</Text>
      <Box flex flexDirection="row" style={{ gap: 8 }}>
        <Button type="button" variant="contained" disabled={busy} onClick={run} data-testid="confirm-action-run">
          {action.icon ? <Icon icon={action.icon} /> : null} {ta(action.name, resource.id)}
        </Button>
        <Button as={Link} to={shown} variant="outlined" data-testid="confirm-action-cancel">
          {tc('Common.cancel')}
        </Button>
      </Box>
    </Box>
  )
}

export default ConfirmAction
