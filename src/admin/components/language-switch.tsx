// The panel's language switch, in the top bar (AdminJS's Version slot,
// overridden: its own language menu would change the page for the moment
// only). A choice is stored in the author's profile (POST /admin/language/:locale)
// and the page reloads in that language; the next sign-in keeps it.
import React, { useState } from 'react'
import { Box, Button, Text } from '@adminjs/design-system'
import { ViewHelpers, useTranslation } from 'adminjs'

const h = new ViewHelpers()
const LANGUAGES = [
  { id: 'ru', label: 'RU', name: 'Русский' },
  { id: 'en', label: 'EN', name: 'English' },
]

/** The session's CSRF token, where the panel hands one to scripts (sent back as axios does). */
function csrfHeader(): Record<string, string> {
  const found = document.cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith('XSRF-TOKEN='))
  return found ? { 'X-XSRF-TOKEN': decodeURIComponent(found.slice('XSRF-TOKEN='.length)) } : {}
}

const LanguageSwitch = (props: any) => {
  const { OriginalComponent } = props
  const { tc, i18n } = useTranslation()
  const current = i18n.language
  const [busy, setBusy] = useState(false)
  const [failed, setFailed] = useState(false)

  const choose = async (language: string) => {
    if (language === current || busy) return
    setBusy(true)
    setFailed(false)
    try {
      const res = await fetch(`${h.dashboardUrl()}/language/${language}`, { method: 'POST', credentials: 'same-origin', headers: csrfHeader() })
      if (!res.ok) throw new Error(String(res.status))
      window.location.reload()
    } catch {
      setFailed(true)
      setBusy(false)
    }
  }

  return (
    <>
      {OriginalComponent ? <OriginalComponent {...props} /> : <Box flexGrow={1} />}
      <Box flex flexDirection="row" alignItems="center" px="default" style={{ gap: 4 }} data-testid="language-switch" data-language={current} title={tc('LanguageSwitch.label')}>
        {LANGUAGES.map((l) => (
          <Button
            key={l.id}
            type="button"
            size="sm"
            variant={l.id === current ? 'contained' : 'text'}
            disabled={busy}
            aria-pressed={l.id === current}
            title={l.name}
            lang={l.id}
            onClick={() => choose(l.id)}
            data-testid={`language-${l.id}`}
          >
            {l.label}
          </Button>
        ))}
        {failed ? (
          <Text variant="sm" color="error" ml="default">
            {tc('LanguageSwitch.failed')}
          </Text>
        ) : null}
      </Box>
    </>
  )
}

export default LanguageSwitch
