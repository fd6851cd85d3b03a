// A course's chat room (resources/chat-room.resource.ts): the Telegram groups
// and Discord channels it is bound to (with unbind, and how to bind one in the
// bots), its recent history with "delete everywhere" per message, and muting
// or unmuting a member. Every change is a POST; message text is shown as text.
import React, { useEffect, useState } from 'react'
import { Box, Button, H2, H3, Input, Text } from '@adminjs/design-system'
import { useNotice, useTranslation } from 'adminjs'
import { AskFirst } from './ask-first'
import { formatWhen } from './dates'
import { usePageCall } from './page-call'

const RESOURCE = 'ChatRoom'

interface RoomView {
  you: number
  bindings: Array<{ platform: 'TELEGRAM' | 'DISCORD'; chatId: string }>
  mutes: Array<{ userId: number; name: string | null; reason: string; since: string }>
  messages: Array<{
    id: number
    author: { id: number | null; name: string }
    platform: string
    text: string
    placeholder: string
    createdAt: string
    editedAt: string | null
    deleted: boolean
    authorMuted: boolean
  }>
}

/** A translated text whose `backticked` parts are shown as code. */
const withCode = (text: string) => text.split('`').map((part, i) => (i % 2 ? <code key={i}>{part}</code> : part))

const badge: React.CSSProperties = { background: '#EEF2FF', border: '1px solid #C7D2FE', borderRadius: 10, padding: '0 8px', fontSize: 12 }

const ChatRoom = (props: any) => {
  const { record } = props
  const addNotice = useNotice()
  const { tc } = useTranslation()
  const callPage = usePageCall(RESOURCE, record.id)
  const platformName = (platform: string) => tc(`Dashboard.platform.${platform}`)
  const [room, setRoom] = useState<RoomView | null>(null)
  const [refused, setRefused] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [muting, setMuting] = useState<{ userId: number; name: string } | null>(null)
  const [reason, setReason] = useState('')
  const [deleting, setDeleting] = useState<number | null>(null)

  const load = async () => {
    const res = await callPage('show')
    if (res.data.room) setRoom(res.data.room)
    else setRefused(res.notice?.message ?? tc('Community.loadFailed'))
  }
  useEffect(() => {
    void load()
  }, [record.id])

  const change = async (actionName: string, data: Record<string, string>) => {
    setBusy(true)
    try {
      const res = await callPage(actionName, data)
      if (res.notice) addNotice(res.notice)
      if (res.data.room) setRoom(res.data.room)
    } finally {
      setBusy(false)
    }
  }

  if (refused) return <Text data-testid="chat-room-refused">{refused}</Text>
  if (!room) return <Text>{tc('Common.loading')}</Text>
  const slug = record.params?.slug ?? '…'
  return (
    <Box data-testid="chat-room">
      <H2 mb="lg">{tc('ChatRoom.heading', { title: record.title })}</H2>
      <Box variant="container" mb="xl">
        <H3 mb="sm">{tc('ChatRoom.whereHeading')}</H3>
        <Text color="grey60" mb="lg">
          {tc('ChatRoom.whereExplain', { slug })}
        </Text>
        {room.bindings.length === 0 ? <Text mb="lg">{tc('ChatRoom.notBound')}</Text> : null}
        {room.bindings.map((b) => (
          <Box key={`${b.platform}:${b.chatId}`} flex flexDirection="row" mb="sm" style={{ gap: 8, alignItems: 'center' }} data-testid={`binding-${b.platform}-${b.chatId}`}>
            <span style={badge}>{platformName(b.platform)}</span>
            <Text as="span">
              {tc(b.platform === 'TELEGRAM' ? 'ChatRoom.group' : 'ChatRoom.channel')} <code>{b.chatId}</code>
            </Text>
            <Button type="button" size="sm" variant="outlined" disabled={busy} onClick={() => change('unbindChat', { platform: b.platform, chatId: b.chatId })} data-testid="binding-unbind">
              {tc('ChatRoom.unbind')}
            </Button>
          </Box>
        ))}
        <Text variant="sm" color="grey60" mt="lg">
          {withCode(tc('ChatRoom.bindHelp', { slug }))}
        </Text>
      </Box>

      <Box variant="container" mb="xl">
        <H3 mb="lg">{tc('ChatRoom.mutedHeading')}</H3>
        {room.mutes.length === 0 ? <Text color="grey60">{tc('ChatRoom.nobodyMuted')}</Text> : null}
        {room.mutes.map((m) => (
          <Box key={m.userId} flex flexDirection="row" mb="sm" style={{ gap: 8, alignItems: 'center' }} data-testid={`muted-${m.userId}`}>
            <Text as="span">
              <strong>{m.name ?? tc('ChatRoom.user', { id: m.userId })}</strong> {tc('ChatRoom.since', { when: formatWhen(m.since) })}
              {m.reason ? ` (${m.reason})` : ''}
            </Text>
            <Button type="button" size="sm" variant="outlined" disabled={busy} onClick={() => change('unmuteMember', { userId: String(m.userId) })} data-testid="unmute">
              {tc('ChatRoom.unmute')}
            </Button>
          </Box>
        ))}
        {muting ? (
          <Box mt="lg" data-testid="mute-form">
            <AskFirst
              question={tc('ChatRoom.muteAsk', { name: muting.name })}
              yes={tc('ChatRoom.muteYes')}
              testId="mute-confirm"
              busy={busy}
              onYes={async () => {
                await change('muteMember', { userId: String(muting.userId), reason })
                setMuting(null)
                setReason('')
              }}
              onNo={() => setMuting(null)}
            >
              <Input value={reason} maxLength={200} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setReason(e.target.value)} />
            </AskFirst>
          </Box>
        ) : null}
      </Box>

      <Box variant="container">
        <Box flex flexDirection="row" mb="lg" style={{ gap: 8, alignItems: 'center' }}>
          <H3 mb="0">{tc('ChatRoom.recent')}</H3>
          <Button type="button" size="sm" variant="text" onClick={() => void load()}>
            {tc('ChatRoom.reload')}
          </Button>
        </Box>
        {room.messages.length === 0 ? <Text color="grey60">{tc('ChatRoom.noMessages')}</Text> : null}
        {room.messages.map((m) => (
          <Box key={m.id} mb="default" pb="default" style={{ borderBottom: '1px solid #EEE' }} data-testid={`room-message-${m.id}`} data-deleted={m.deleted ? 'yes' : 'no'}>
            <Text variant="sm" color="grey60">
              <strong>{m.author.name}</strong> <span style={badge}>{platformName(m.platform)}</span> {formatWhen(m.createdAt)}
              {m.editedAt ? tc('ChatRoom.edited') : ''}
              {m.authorMuted ? tc('ChatRoom.authorMuted') : ''}
            </Text>
            {m.deleted ? (
              <Text color="grey60">
                <em>{tc('ChatRoom.deleted')}</em>
              </Text>
            ) : (
              <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="room-message-text">
                {m.text}
                {m.placeholder ? ` ${m.placeholder}` : ''}
              </Text>
            )}
            <Box flex flexDirection="row" mt="sm" style={{ gap: 8, alignItems: 'center' }}>
              {!m.deleted && deleting === m.id ? (
                <AskFirst
                  question={tc('ChatRoom.deleteAsk')}
                  yes={tc('ChatRoom.deleteYes')}
                  testId="room-message-delete-confirm"
                  busy={busy}
                  onYes={() => {
                    setDeleting(null)
                    return change('deleteRoomMessage', { messageId: String(m.id) })
                  }}
                  onNo={() => setDeleting(null)}
                />
              ) : null}
              {!m.deleted && deleting !== m.id ? (
                <Button type="button" size="sm" variant="outlined" disabled={busy} onClick={() => setDeleting(m.id)} data-testid="room-message-delete">
                  {tc('ChatRoom.delete')}
                </Button>
              ) : null}
              {m.author.id !== null && m.author.id !== room.you && !m.authorMuted ? (
                <Button type="button" size="sm" variant="text" disabled={busy} onClick={() => setMuting({ userId: m.author.id!, name: m.author.name })} data-testid="room-message-mute">
                  {tc('ChatRoom.mute', { name: m.author.name })}
                </Button>
              ) : null}
            </Box>
          </Box>
        ))}
      </Box>
    </Box>
  )
}

export default ChatRoom
