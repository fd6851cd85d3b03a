// The Telegram room adapter against the Telegram simulator: what the relay
// queue gets back from Telegram's answers (429 as RateLimitedError, a removed
// bot as PermanentDeliveryError, "not modified" and "already deleted" as done),
// entities only (never parse_mode), and files over the bots' 20 MB download
// limit as FileTooLargeError.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OutboundMessage } from '../../src/bridge/message'
import { FileTooLargeError, PermanentDeliveryError, RateLimitedError } from '../../src/bridge/ports'
import { TelegramRoomAdapter } from '../../src/bot/telegram/room-adapter'
import type { RoomBinding } from '../../src/domain/rooms.types'
import { startTelegramSimulator, type TelegramSimulator } from '../fakes/telegram'

let sim: TelegramSimulator
let adapter: TelegramRoomAdapter

beforeAll(async () => {
  sim = await startTelegramSimulator({ limits: false })
  adapter = new TelegramRoomAdapter(sim.token, sim.apiRoot)
})
afterAll(() => sim.close())

const bindingOf = (chatId: number): RoomBinding => ({ id: 1, roomId: 1, platform: 'TELEGRAM', chatId: String(chatId), webhookId: null, webhookToken: null })
const message = (text: string, over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  parts: [{ roomMessageId: 1, authorName: 'Zoë', originPlatform: 'WEB', text, entities: [{ type: 'italic', offset: 0, length: 2 }], attachments: [] }],
  replyToPlatformMessageId: null,
  ...over,
})

describe('TelegramRoomAdapter', () => {
  it('sends the name in bold and the text with its entities, replies to a missing message without failing, edits and deletes idempotently', async () => {
    const group = sim.group()
    const { platformMessageId } = await adapter.send(bindingOf(group.id), message('hi <b>x</b>', { replyToPlatformMessageId: '999' }))
    const sent = sim.chat(group.id).last!
    expect(sent.text).toBe('Zoë: hi <b>x</b>')
    expect(sent.entities).toEqual([{ type: 'bold', offset: 0, length: 3 }, { type: 'italic', offset: 5, length: 2 }])
    expect(sim.callsTo('sendMessage').at(-1)!.params).not.toHaveProperty('parse_mode')
    await adapter.edit(bindingOf(group.id), platformMessageId, message('changed'))
    await adapter.edit(bindingOf(group.id), platformMessageId, message('changed')) // not modified: done
    expect(sim.chat(group.id).last!.text).toBe('Zoë: changed')
    await adapter.delete(bindingOf(group.id), platformMessageId)
    await adapter.delete(bindingOf(group.id), platformMessageId) // already gone: done
    expect(sim.chat(group.id).deleted.map((m) => String(m.message_id))).toEqual([platformMessageId])
  })

  it('a 429 becomes RateLimitedError with retry_after; a bot removed from the group, PermanentDeliveryError', async () => {
    const group = sim.group()
    sim.failNext('sendMessage', { status: 429, retry_after: 7 })
    const limited = await adapter.send(bindingOf(group.id), message('x')).catch((e) => e)
    expect(limited).toBeInstanceOf(RateLimitedError)
    expect(limited.retryAfterMs).toBe(7000)
    const gone = sim.group().setBotStatus('kicked')
    await expect(adapter.send(bindingOf(gone.id), message('x'))).rejects.toBeInstanceOf(PermanentDeliveryError)
    await expect(adapter.send(bindingOf(-100_999_999), message('x'))).rejects.toBeInstanceOf(PermanentDeliveryError)
    // (the 429 holds that group for 7 s, like Telegram's flood wait: another group)
    sim.failNext('sendMessage', { status: 502 })
    const transient = await adapter.send(bindingOf(sim.group().id), message('x')).catch((e) => e)
    expect(transient).not.toBeInstanceOf(PermanentDeliveryError)
    expect(transient).not.toBeInstanceOf(RateLimitedError)
  })

  it('uploads files (a photo with the text as its caption), edits a caption, and refuses to fetch files over 20 MB', async () => {
    const group = sim.group()
    const data = new TextEncoder().encode('notes')
    const { platformMessageId } = await adapter.send(bindingOf(group.id), message('see file', {
      parts: [{ ...message('see file').parts[0]!, files: [{ name: 'notes.txt', kind: 'file', mimeType: 'text/plain', data }] }],
    }))
    const doc = sim.chat(group.id).last!
    expect(doc.document?.file_name).toBe('notes.txt')
    expect(doc.caption).toBe('Zoë: see file')
    await adapter.edit(bindingOf(group.id), platformMessageId, message('new caption'))
    expect(sim.chat(group.id).last!.caption).toBe('Zoë: new caption')
    // fetched back through getFile and the file URL
    const fetched = await adapter.fetchFile({ kind: 'file', name: 'notes.txt', platformFileId: doc.document!.file_id })
    expect(new TextDecoder().decode(fetched)).toBe('notes')
    const big = sim.state.files.add('document', new Uint8Array(20 * 1024 * 1024 + 1), { file_name: 'big.bin' })
    await expect(adapter.fetchFile({ kind: 'file', name: 'big.bin', platformFileId: big.file_id })).rejects.toBeInstanceOf(FileTooLargeError)
    await expect(adapter.fetchFile({ kind: 'file', name: 'big.bin', size: 30 * 1024 * 1024, platformFileId: 'whatever' })).rejects.toBeInstanceOf(FileTooLargeError)
  })
})
