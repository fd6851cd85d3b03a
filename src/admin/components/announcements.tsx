// A course's announcements (resources/announcement.resource.ts): write one in
// Markdown with an optional image, see it as students will, send it; the list
// shows each one's counts, which follow the course's live stream while it is
// sent (one fetch at a time, again after it if more changed meanwhile), and
// cancels what has not been sent yet. Text is shown as text, never as HTML.
import React, { useEffect, useRef, useState } from 'react'
import { Box, Button, FormGroup, FormMessage, H2, H3, Input, Label, Text, TextArea } from '@adminjs/design-system'
import { useNotice, useTranslation } from 'adminjs'
import { AskFirst } from './ask-first'
import { formatWhen } from './dates'
import { useLive } from './live'
import { MarkdownMessages, MarkdownStyle } from './markdown-style'
import { type PageAnswer, usePageCall } from './page-call'

const RESOURCE = 'Announcement'
/** The counts shown, in order (their words: Announcements.count.<key>). */
const COUNTS = ['sent', 'pending', 'failed', 'unreachable', 'cancelled'] as const

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
  const { tc } = useTranslation()
  const callPage = usePageCall(RESOURCE, record.id)
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
        const res = await callPage('show')
        if (res.data.announcements) setList(res.data.announcements)
        else setRefused(res.notice?.message ?? tc('Community.loadFailed'))
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

  const answered = (res: PageAnswer) => {
    if (res.notice) addNotice(res.notice)
    if (res.data.announcements) setList(res.data.announcements)
    return res.notice?.type === 'success'
  }

  const send = async (e: React.FormEvent) => {
    e.preventDefault()
    setBusy(true)
    try {
      const res = await callPage('announce', { body, ...(image ? { image } : {}) })
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
    answered(await callPage('cancelAnnouncement', { deliveryId: String(id) }))
  }

  if (refused) return <Text data-testid="announcements-refused">{refused}</Text>
  return (
    <Box data-testid="announcements" data-live={connected ? 'on' : 'off'}>
      <MarkdownStyle />
      <H2 mb="lg">{tc('Announcements.heading', { title: record.title })}</H2>
      <Box variant="container" as="form" onSubmit={send} mb="xl">
        <H3 mb="sm">{tc('Announcements.newHeading')}</H3>
        <Text color="grey60" mb="lg">
          {tc('Announcements.explain')}
        </Text>
        <FormGroup error={Boolean(errors.body)}>
          <Label htmlFor="announcement-body" required>
            {tc('MarkdownEdit.text')}
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
            {tc('Announcements.markdownHelp')}
          </Text>
          <FormMessage>{errors.body}</FormMessage>
        </FormGroup>
        <FormGroup error={Boolean(errors.file ?? errors.imagePath)}>
          <Label htmlFor="announcement-image">{tc('Announcements.image')}</Label>
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
        <Label>{tc('Announcements.studentsGet')}</Label>
        <Box p="lg" bg="grey20" mb="lg" style={{ borderRadius: 8, minHeight: 60 }} data-testid="announcement-preview">
          {imageUrl ? <img src={imageUrl} alt="" style={{ maxWidth: 240, maxHeight: 180, display: 'block', marginBottom: 8, borderRadius: 6 }} /> : null}
          <MarkdownMessages markdown={body} caption={Boolean(image)} empty={<em>{tc('MarkdownEdit.nothing')}</em>} />
        </Box>
        <Button type="submit" variant="contained" disabled={busy || !body.trim()} data-testid="announcement-send">
          {tc('Announcements.send')}
        </Button>
      </Box>

      <Box variant="container">
        <H3 mb="lg">{tc('Announcements.sentHeading')}</H3>
        {list === null ? <Text>{tc('Common.loading')}</Text> : null}
        {list?.length === 0 ? <Text color="grey60">{tc('Announcements.none')}</Text> : null}
        {list?.map((a) => (
          <Box key={a.id} mb="lg" pb="lg" data-testid={`announcement-${a.id}`} data-state={stateOf(a)} style={{ borderBottom: '1px solid #EEE' }}>
            <Text variant="sm" color="grey60" mb="sm">
              #{a.id} · {formatWhen(a.createdAt)} · {tc(`Announcements.state.${stateOf(a)}`)}
              {a.withImage ? tc('Announcements.withImage') : ''}
            </Text>
            <Text mb="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="announcement-text">
              {a.body}
            </Text>
            <Box flex flexDirection="row" flexWrap="wrap" style={{ gap: 12 }} mb="sm">
              {COUNTS.map((key) => (
                <Text as="span" key={key} data-testid={`count-${key}`} data-count={a.counts[key]}>
                  <strong>{a.counts[key]}</strong> {tc(`Announcements.count.${key}`)}
                </Text>
              ))}
              <Text as="span" color="grey60">
                {tc('Announcements.ofTotal', { total: a.counts.total })}
              </Text>
            </Box>
            {cancellable(a) ? (
              confirming === a.id ? (
                <AskFirst
                  question={tc('Announcements.cancelAsk')}
                  yes={tc('Announcements.cancelYes')}
                  testId="announcement-cancel-confirm"
                  onYes={() => cancel(a.id)}
                  onNo={() => setConfirming(null)}
                />
              ) : (
                <Button type="button" size="sm" variant="outlined" onClick={() => setConfirming(a.id)} data-testid="announcement-cancel">
                  {tc('Announcements.cancel')}
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
