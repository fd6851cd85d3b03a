// A course's announcements (resources/announcement.resource.ts): write one in
// Markdown with an optional image, see it as students will, send it; the list
// shows each one's counts, which follow the course's live stream while it is
// sent (one fetch at a time, again after it if more changed meanwhile), and
// cancels what has not been sent yet. Text is shown as text, never as HTML.
import React, { useEffect, useRef, useState } from 'react'
import { Box, Button, FormGroup, FormMessage, H2, H3, Input, Label, Text, TextArea } from '@adminjs/design-system'
import { useNotice } from 'adminjs'
import { AskFirst } from './ask-first'
import { formatWhen } from './dates'
import { useLive } from './live'
import { MarkdownMessages, MarkdownStyle } from './markdown-style'
import { callPage } from './page-call'

const RESOURCE = 'Announcement'
const COUNTS: Array<[key: keyof Announcement['counts'], label: string]> = [
  ['sent', 'sent'],
  ['pending', 'pending'],
  ['failed', 'failed'],
  ['unreachable', 'unreachable'],
  ['cancelled', 'cancelled'],
]

interface Announcement {
  id: number
  body: string
  withImage: boolean
  status: 'QUEUED' | 'SENDING' | 'CANCELLED'
  createdAt: string
  listed: boolean
  cancelledAt: string | null
  counts: { total: number; pending: number; sent: number; failed: number; unreachable: number; cancelled: number }
}

const cancellable = (a: Announcement) => a.status !== 'CANCELLED' && (!a.listed || a.counts.pending > 0)

const stateOf = (a: Announcement) =>
  a.status === 'CANCELLED' ? 'cancelled' : !a.listed ? 'queued' : a.counts.pending > 0 ? 'sending' : 'done'

const Announcements = (props: any) => {
  const { record } = props
  const addNotice = useNotice()
  const [list, setList] = useState<Announcement[] | null>(null)
  const [refused, setRefused] = useState<string | null>(null)
  const [body, setBody] = useState('')
  const [image, setImage] = useState<File | null>(null)
  const [imageUrl, setImageUrl] = useState<string | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const [confirming, setConfirming] = useState<number | null>(null)
  const fileInput = useRef<HTMLInputElement | null>(null)

  // one fetch at a time; a change during it fetches once more after it
  const loading = useRef(false)
  const again = useRef(false)
  const refresh = async () => {
    if (loading.current) {
      again.current = true
      return
    }
    loading.current = true
    try {
      do {
        again.current = false
        const res = await callPage(RESOURCE, record.id, 'show')
        if (res.data.announcements) setList(res.data.announcements)
        else setRefused(res.notice?.message ?? 'This page could not be loaded.')
      } while (again.current)
    } finally {
      loading.current = false
    }
  }
  useEffect(() => {
    void refresh()
  }, [record.id])
  const { connected } = useLive({ course: record.id }, undefined, () => void refresh())
  // (a reconnect may have missed events)
  useEffect(() => {
    if (connected) void refresh()
  }, [connected])

  useEffect(() => {
    if (!image) return setImageUrl(null)
    const url = URL.createObjectURL(image)
    setImageUrl(url)
    return () => URL.revokeObjectURL(url)
  }, [image])

  const answered = (res: Awaited<ReturnType<typeof callPage>>) => {
    if (res.notice) addNotice(res.notice)
    if (res.data.announcements) setList(res.data.announcements)
    return res.notice?.type === 'success'
  }

  const send = async (e: React.FormEvent) => {
    e.preventDefault()
    setBusy(true)
    try {
      const res = await callPage(RESOURCE, record.id, 'announce', { body, ...(image ? { image } : {}) })
      setErrors(res.errors)
      if (answered(res)) {
        setBody('')
        setImage(null)
        if (fileInput.current) fileInput.current.value = ''
      }
    } finally {
      setBusy(false)
    }
  }

  const cancel = async (id: number) => {
    setConfirming(null)
    answered(await callPage(RESOURCE, record.id, 'cancelAnnouncement', { deliveryId: String(id) }))
  }

  if (refused) return <Text data-testid="announcements-refused">{refused}</Text>
  return (
    <Box data-testid="announcements" data-live={connected ? 'on' : 'off'}>
      <MarkdownStyle />
      <H2 mb="lg">Announcements · {record.title}</H2>
      <Box variant="container" as="form" onSubmit={send} mb="xl">
        <H3 mb="sm">New announcement</H3>
        <Text color="grey60" mb="lg">
          It goes to every actively enrolled student, on the platforms they use (Telegram, Discord or both), once.
        </Text>
        <FormGroup error={Boolean(errors.body)}>
          <Label htmlFor="announcement-body" required>
            Text (Markdown)
          </Label>
          <TextArea
            id="announcement-body"
            data-testid="announcement-body"
            rows={6}
            maxLength={4000}
            width="100%"
            value={body}
            style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' }}
            onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setBody(e.target.value)}
          />
          <Text variant="xs" color="grey60" mt="sm">
            **bold**, _italic_, ~~strike~~, `code`, [links](https://...), lists and &gt; quotes. HTML is shown as plain text.
          </Text>
          <FormMessage>{errors.body}</FormMessage>
        </FormGroup>
        <FormGroup error={Boolean(errors.file ?? errors.imagePath)}>
          <Label htmlFor="announcement-image">Image (optional: PNG, JPEG, GIF or WebP, at most 10 MB; the text becomes its caption)</Label>
          <Input
            id="announcement-image"
            data-testid="announcement-image"
            type="file"
            accept="image/png,image/jpeg,image/gif,image/webp"
            ref={fileInput}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setImage(e.target.files?.[0] ?? null)}
          />
          <FormMessage>{errors.file ?? errors.imagePath}</FormMessage>
        </FormGroup>
        <Label>What the students get</Label>
        <Box p="lg" bg="grey20" mb="lg" style={{ borderRadius: 8, minHeight: 60 }} data-testid="announcement-preview">
          {imageUrl ? <img src={imageUrl} alt="" style={{ maxWidth: 240, maxHeight: 180, display: 'block', marginBottom: 8, borderRadius: 6 }} /> : null}
          <MarkdownMessages markdown={body} caption={Boolean(image)} empty={<em>Nothing to preview yet</em>} />
        </Box>
        <Button type="submit" variant="contained" disabled={busy || !body.trim()} data-testid="announcement-send">
          Send to the students
        </Button>
      </Box>

      <Box variant="container">
        <H3 mb="lg">Sent announcements</H3>
        {list === null ? <Text>Loading…</Text> : null}
        {list?.length === 0 ? <Text color="grey60">None yet.</Text> : null}
        {list?.map((a) => (
          <Box key={a.id} mb="lg" pb="lg" data-testid={`announcement-${a.id}`} data-state={stateOf(a)} style={{ borderBottom: '1px solid #EEE' }}>
            <Text variant="sm" color="grey60" mb="sm">
              #{a.id} · {formatWhen(a.createdAt)} · {stateOf(a)}
              {a.withImage ? ' · with an image' : ''}
            </Text>
            <Text mb="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="announcement-text">
              {a.body}
            </Text>
            <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 12 }} mb="sm">
              {COUNTS.map(([key, label]) => (
                <Text as="span" key={key} data-testid={`count-${key}`} data-count={a.counts[key]}>
                  <strong>{a.counts[key]}</strong> {label}
                </Text>
              ))}
              <Text as="span" color="grey60">
                of {a.counts.total}
              </Text>
            </Box>
            {cancellable(a) ? (
              confirming === a.id ? (
                <AskFirst
                  question="Stop sending to the students who have not got it yet?"
                  yes="Yes, cancel"
                  testId="announcement-cancel-confirm"
                  onYes={() => cancel(a.id)}
                  onNo={() => setConfirming(null)}
                />
              ) : (
                <Button type="button" size="sm" variant="outlined" onClick={() => setConfirming(a.id)} data-testid="announcement-cancel">
                  Cancel what is not sent yet
                </Button>
              )
            ) : null}
          </Box>
        ))}
      </Box>
    </Box>
  )
}

export default Announcements
