// Live co-authoring in the browser: one EventSource per open page on
// /admin/live/stream (the server relays course changes from every admin
// process and keeps this page's presence while the connection is open;
// EventSource reconnects by itself). Used by the course tree, the edit forms
// (version-field.tsx) and the dashboard.
import React, { useEffect, useRef, useState } from 'react'
import { Box, Button, MessageBox, Text } from '@adminjs/design-system'
import { ViewHelpers, useTranslation } from 'adminjs'

const h = new ViewHelpers()

export interface Present {
  userId: number
  name: string
  editing: { entity: 'course' | 'module' | 'content'; id: number; title: string } | null
}

export interface Change {
  courseId: number
  entity: 'course' | 'module' | 'content'
  entityId: number | null
  action: string
  version: number | null
  actor: { id: number; name: string } | null
}

/** This browser tab's id (kept across reloads of the tab), so two tabs of one author are two presences. */
function tabId(): string {
  try {
    let id = window.sessionStorage.getItem('tm-live-tab')
    if (!id) {
      id = Math.random().toString(36).slice(2, 12)
      window.sessionStorage.setItem('tm-live-tab', id)
    }
    return id
  } catch {
    return Math.random().toString(36).slice(2, 12)
  }
}

/**
 * Follows a course (`{ course }`), a record being edited (`{ editing: 'module:12' }`)
 * or, with neither, every course the user may see. `onChange` runs for each
 * change a co-author (or the user elsewhere) commits; `onDelivery` (a course's
 * page) for each change of an announcement's counts.
 */
export function useLive(scope: { course?: string | number; editing?: string } | null, onChange?: (change: Change) => void, onDelivery?: (deliveryId: number) => void) {
  const [you, setYou] = useState<number | null>(null)
  const [present, setPresent] = useState<Present[]>([])
  const handler = useRef(onChange)
  handler.current = onChange
  const deliveryHandler = useRef(onDelivery)
  deliveryHandler.current = onDelivery
  const key = scope ? `${scope.course ?? ''}|${scope.editing ?? ''}` : null

  useEffect(() => {
    if (key === null || typeof EventSource === 'undefined') return
    const query = new URLSearchParams({ tab: tabId() })
    if (scope?.editing) query.set('editing', scope.editing)
    else if (scope?.course) query.set('course', String(scope.course))
    const source = new EventSource(`${h.dashboardUrl()}/live/stream?${query}`)
    const read = (e: Event) => {
      try {
        return JSON.parse((e as MessageEvent).data)
      } catch {
        return null
      }
    }
    source.addEventListener('hello', (e) => setYou(read(e)?.you ?? null))
    source.addEventListener('presence', (e) => setPresent(read(e)?.present ?? []))
    source.addEventListener('change', (e) => {
      const change = read(e)
      if (change) handler.current?.(change)
    })
    // (a course's page only) an announcement's counts changed
    source.addEventListener('delivery', (e) => {
      const id = read(e)?.deliveryId
      if (typeof id === 'number') deliveryHandler.current?.(id)
    })
    source.addEventListener('revoked', () => source.close())
    source.addEventListener('error', () => setYou(null)) // (EventSource reconnects; hello comes again)
    return () => source.close()
  }, [key])

  /** connected: the server has confirmed the stream (changes from now on arrive). */
  return { you, connected: you !== null, present, others: present.filter((p) => p.userId !== you) }
}

/** A component translation (AdminJS's translateComponent), for the helpers below. */
type Tc = (key: string, options?: Record<string, unknown>) => string

const EDITING: Record<string, string> = {
  course: 'Live.editingCourse',
  module: 'Live.editingModule',
  content: 'Live.editingContent',
}

const editingText = (p: Present, tc: Tc) => (p.editing ? tc(EDITING[p.editing.entity] ?? 'Live.viewing', { title: p.editing.title }) : tc('Live.viewing'))

/** "Also here: Bob · editing module “Basics”". Nothing when the user is alone. */
export const PresenceBar = ({ others }: { others: Present[] }) => {
  const { tc } = useTranslation()
  if (!others.length) return null
  return (
    <Box mb="lg" data-testid="presence" style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
      <Text as="span" color="grey60">
        {tc('Live.alsoHere')}
      </Text>
      {others.map((p) => (
        <span
          key={`${p.userId}-${p.editing?.entity ?? ''}-${p.editing?.id ?? ''}`}
          data-testid={`presence-user-${p.userId}`}
          title={editingText(p, tc)}
          style={{ background: '#EEF2FF', border: '1px solid #C7D2FE', borderRadius: 12, padding: '2px 10px', fontSize: 13 }}
        >
          <strong>{p.name}</strong> · {editingText(p, tc)}
        </span>
      ))}
    </Box>
  )
}

const ACTIONS = new Set(['create', 'update', 'delete', 'reorder', 'publish', 'unpublish', 'set-co-authors'])

/** "Bob: reordered the modules": what the last change was, for the tree's status line. */
export function describeChange(c: Change, tc: Tc): string {
  const who = c.actor?.name ?? tc('Live.someone')
  const what = tc(`Live.change.${ACTIONS.has(c.action) ? c.action : 'other'}`, { entity: tc(`Live.entity.${c.entity}`) })
  return tc('Live.lastChange', { who, what })
}

const RESOURCE_ENTITY: Record<string, Change['entity']> = { Course: 'course', Module: 'module', Content: 'content' }

/**
 * In an edit form: follows the record and says so as soon as someone else
 * saves it (or deletes it) while the form is open, before this author saves;
 * also when the author saves it from another tab. The form's own save (a
 * submit not followed by more typing) is not reported back to it.
 */
export const LiveEditNotice = ({ resourceId, recordId }: { resourceId?: string; recordId?: string | number }) => {
  const { tc } = useTranslation()
  const entity = resourceId ? RESOURCE_ENTITY[resourceId] : undefined
  const [changed, setChanged] = useState<Change | null>(null)
  const youRef = useRef<number | null>(null)
  const saving = useRef(false)
  useEffect(() => {
    const submitted = () => (saving.current = true)
    const typed = () => (saving.current = false)
    document.addEventListener('submit', submitted, true)
    document.addEventListener('input', typed, true)
    return () => {
      document.removeEventListener('submit', submitted, true)
      document.removeEventListener('input', typed, true)
    }
  }, [])
  const { you, others } = useLive(entity && recordId ? { editing: `${entity}:${recordId}` } : null, (c) => {
    // (what makes a save of this form stale: an edit or a deletion of this very record; publishing or a reorder does not)
    const thisRecord = c.entity === entity && c.entityId === Number(recordId) && (c.action === 'update' || c.action === 'delete')
    if (thisRecord && (c.actor?.id !== youRef.current || !saving.current)) setChanged(c)
  })
  youRef.current = you
  const alsoEditing = others.filter((p) => p.editing?.entity === entity && p.editing?.id === Number(recordId))
  return (
    <>
      {alsoEditing.length ? (
        <Text variant="sm" color="grey60" mb="default" data-testid="co-editing">
          {tc(alsoEditing.length === 1 ? 'Live.coEditingOne' : 'Live.coEditingMany', { names: alsoEditing.map((p) => p.name).join(', ') })}
        </Text>
      ) : null}
      {changed ? (
        <MessageBox mb="xl" variant="warning" data-testid="changed-meanwhile" message={tc(changed.action === 'delete' ? 'Live.deletedMeanwhile' : 'Live.changedMeanwhile', { entity: tc(`Live.entity.${entity}`), by: changed.actor?.id === you ? tc('Live.byYou') : tc('Live.byName', { name: changed.actor?.name ?? tc('Live.someone') }) })}>
          <Button type="button" variant="outlined" size="sm" mt="default" onClick={() => window.location.reload()}>
            {tc('Common.reloadLatest')}
          </Button>
        </MessageBox>
      ) : null}
    </>
  )
}
