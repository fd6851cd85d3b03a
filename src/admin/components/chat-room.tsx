// A course's chat room (resources/chat-room.resource.ts): the Telegram groups
// and Discord channels it is bound to (with unbind, and how to bind one in the
// bots), its recent history with "delete everywhere" per message, and muting
// or unmuting a member. Every change is a POST; message text is shown as text.
import React, { useEffect, useState } from 'react'
import { Box, Button, H2, H3, Input, Text } from '@adminjs/design-system'
import { useNotice } from 'adminjs'
import { AskFirst } from './ask-first'
import { formatWhen } from './dates'
import { callPage } from './page-call'

const RESOURCE = 'ChatRoom'
const PLATFORM: Record<string, string> = { TELEGRAM: 'Telegram', DISCORD: 'Discord', WEB: 'Web' }

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

const badge: React.CSSProperties = { background: '#EEF2FF', border: '1px solid #C7D2FE', borderRadius: 10, padding: '0 8px', fontSize: 12 }

const ChatRoom = (props: any) => {
  const { record } = props
  const addNotice = useNotice()
  const [room, setRoom] = useState<RoomView | null>(null)
  const [refused, setRefused] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [muting, setMuting] = useState<{ userId: number; name: string } | null>(null)
  const [reason, setReason] = useState('')
  const [deleting, setDeleting] = useState<number | null>(null)

  const load = async () => {
    const res = await callPage(RESOURCE, record.id, 'show')
    if (res.data.room) setRoom(res.data.room)
    else setRefused(res.notice?.message ?? 'This page could not be loaded.')
  }
  useEffect(() => {
    void load()
  }, [record.id])

  const change = async (actionName: string, data: Record<string, string>) => {
    setBusy(true)
    try {
      const res = await callPage(RESOURCE, record.id, actionName, data)
      if (res.notice) addNotice(res.notice)
      if (res.data.room) setRoom(res.data.room)
    } finally {
      setBusy(false)
    }
  }

  if (refused) return <Text data-testid="chat-room-refused">{refused}</Text>
  if (!room) return <Text>Loading…</Text>
  const slug = record.params?.slug ?? '<course>'
  return (
    <Box data-testid="chat-room">
      <H2 mb="lg">Chat room · {record.title}</H2>
      <Box variant="container" mb="xl">
        <H3 mb="sm">Where the room lives</H3>
        <Text color="grey60" mb="lg">
          The room is one chat on the web page /rooms/{slug} and in every Telegram group and Discord channel bound below: a message in one appears in all.
        </Text>
        {room.bindings.length === 0 ? <Text mb="lg">Not bound to any Telegram group or Discord channel yet.</Text> : null}
        {room.bindings.map((b) => (
          <Box key={`${b.platform}:${b.chatId}`} flex flexDirection="row" mb="sm" style={{ gap: 8, alignItems: 'center' }} data-testid={`binding-${b.platform}-${b.chatId}`}>
            <span style={badge}>{PLATFORM[b.platform]}</span>
            <Text as="span">
              {b.platform === 'TELEGRAM' ? 'group' : 'channel'} <code>{b.chatId}</code>
            </Text>
            <Button type="button" size="sm" variant="outlined" disabled={busy} onClick={() => change('unbindChat', { platform: b.platform, chatId: b.chatId })} data-testid="binding-unbind">
              Unbind
            </Button>
          </Box>
        ))}
        <Text variant="sm" color="grey60" mt="lg">
          To bind a Telegram group: add the bot to the group as an administrator (invite users via link, delete messages, ban users), then send{' '}
          <code>/bind {slug}</code> there from your Telegram account (linked to your panel account: ask an operator for a link code, then send <code>/link CODE</code> to the
          bot). <code>/unbind</code> there, or Unbind here, ends it. To bind a Discord channel: use the bot's <code>/bind</code> command in the channel (you need Manage
          Channels). Only the course's authors and admins can bind.
        </Text>
      </Box>

      <Box variant="container" mb="xl">
        <H3 mb="lg">Muted members</H3>
        {room.mutes.length === 0 ? <Text color="grey60">Nobody is muted.</Text> : null}
        {room.mutes.map((m) => (
          <Box key={m.userId} flex flexDirection="row" mb="sm" style={{ gap: 8, alignItems: 'center' }} data-testid={`muted-${m.userId}`}>
            <Text as="span">
              <strong>{m.name ?? `User ${m.userId}`}</strong> since {formatWhen(m.since)}
              {m.reason ? ` (${m.reason})` : ''}
            </Text>
            <Button type="button" size="sm" variant="outlined" disabled={busy} onClick={() => change('unmuteMember', { userId: String(m.userId) })} data-testid="unmute">
              Unmute
            </Button>
          </Box>
        ))}
        {muting ? (
          <Box mt="lg" data-testid="mute-form">
            <AskFirst
              question={`Mute ${muting.name}? Reason (they are told once):`}
              yes="Mute"
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
          <H3 mb="0">Recent messages</H3>
          <Button type="button" size="sm" variant="text" onClick={() => void load()}>
            Reload
          </Button>
        </Box>
        {room.messages.length === 0 ? <Text color="grey60">No messages yet.</Text> : null}
        {room.messages.map((m) => (
          <Box key={m.id} mb="default" pb="default" style={{ borderBottom: '1px solid #EEE' }} data-testid={`room-message-${m.id}`} data-deleted={m.deleted ? 'yes' : 'no'}>
            <Text variant="sm" color="grey60">
              <strong>{m.author.name}</strong> <span style={badge}>{PLATFORM[m.platform] ?? m.platform}</span> {formatWhen(m.createdAt)}
              {m.editedAt ? ' (edited)' : ''}
              {m.authorMuted ? ' · muted' : ''}
            </Text>
            {m.deleted ? (
              <Text color="grey60">
                <em>Deleted</em>
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
                  question="Delete it on the web page and in every bound chat?"
                  yes="Yes, delete everywhere"
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
                  Delete everywhere
                </Button>
              ) : null}
              {m.author.id !== null && m.author.id !== room.you && !m.authorMuted ? (
                <Button type="button" size="sm" variant="text" disabled={busy} onClick={() => setMuting({ userId: m.author.id!, name: m.author.name })} data-testid="room-message-mute">
                  Mute {m.author.name}
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
