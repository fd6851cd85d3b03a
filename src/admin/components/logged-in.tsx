// The user menu in the panel's top bar (AdminJS's LoggedIn, overridden):
// "Sign out" posts the sign-out form with the session's CSRF token (read from
// the XSRF-TOKEN cookie) instead of following a link, so signing out is never
// a GET (see ../sign-out.ts).
import React from 'react'
import { Box, CurrentUserNav } from '@adminjs/design-system'
import { useTranslation } from 'adminjs'

function csrfToken(): string {
  const found = document.cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith('XSRF-TOKEN='))
  return found ? decodeURIComponent(found.slice('XSRF-TOKEN='.length)) : ''
}

function postSignOut(action: string) {
  const form = document.createElement('form')
  form.method = 'post'
  form.action = action
  const field = document.createElement('input')
  field.type = 'hidden'
  field.name = '_csrf'
  field.value = csrfToken()
  form.appendChild(field)
  document.body.appendChild(form)
  form.submit()
}

const LoggedIn = (props: any) => {
  const { session, paths } = props
  const { translateButton } = useTranslation()
  const dropActions = [
    {
      label: translateButton('logout'),
      icon: 'LogOut',
      onClick: (event: Event) => {
        event.preventDefault()
        postSignOut(paths.logoutPath)
      },
    },
  ]
  return (
    <Box flexShrink={0} data-css="logged-in" data-testid="logged-in">
      <CurrentUserNav name={session.email} title={session.title} avatarUrl={session.avatarUrl} dropActions={dropActions} />
    </Box>
  )
}

export default LoggedIn
