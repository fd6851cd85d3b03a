// The web room in a real headless Chromium: two students on phone-sized pages
// see each other's messages live, hostile text shows as text (no script runs, no
// element is made from it), and a page that lost its socket fills the gap; a
// message written in the course's Telegram group (the real telegram role on the
// simulator) arrives live in the page, and one written in the page reaches the group.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startApiRole } from '../../src/api/server'
import { startTelegramRole } from '../../src/bot/telegram/role'
import { telegramRoomAdapter } from '../../src/bot/telegram/runtime'
import type { RoomHub } from '../../src/api/rooms/hub'
import type { AppContext } from '../../src/context'
import type { User } from '../../src/domain'
import { webSignInPath } from '../../src/domain/web-sign-in.service'
import { startRelayDelivery } from '../../src/relay'
import type { RunningRole } from '../../src/roles/types'
import { startTelegramSimulator, type TelegramSimulator } from '../fakes/telegram'
import { openTestContext, resetData } from '../fixtures/context'
import { actor, makeCourse, makeStaff, makeStudent } from '../fixtures/factories'
import { waitFor } from '../fixtures/wait'
import { artifact, launchBrowser, openPage } from './browser'

let ctx: AppContext
let api: RunningRole & { port: number; hub: RoomHub }
let browser: Browser
let sim: TelegramSimulator
let telegram: RunningRole
let relayDelivery: { close(): Promise<void> }

beforeAll(async () => {
  sim = await startTelegramSimulator({ limits: false })
  ctx = await openTestContext({ PORT: '0', TELEGRAM_BOT_TOKEN: sim.token, TELEGRAM_API_ROOT: sim.apiRoot, TELEGRAM_MODE: 'polling' })
  await resetData(ctx)
  api = await startApiRole(ctx)
  telegram = await startTelegramRole(ctx, { webhookServedHere: false })
  relayDelivery = await startRelayDelivery(ctx, [telegramRoomAdapter(ctx)])
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await relayDelivery?.close()
  await telegram?.stop()
  await api?.stop()
  await ctx?.close()
  await sim?.close()
})

const PHONE = { width: 390, height: 760 }

async function openRoom(user: User, base: string, slug = 'browser-room') {
  const opened = await openPage(browser, base)
  await opened.page.setViewportSize(PHONE)
  const { token } = await ctx.domain.webSignIn.issueLoginToken(user.id)
  await opened.page.goto(webSignInPath(token, slug))
  await opened.page.waitForURL(`**/rooms/${slug}`)
  await opened.page.locator('#room[data-state=live]').waitFor()
  return opened
}

async function post(page: Page, text: string) {
  await page.fill('#text', text)
  await page.click('#send')
}

const texts = (page: Page) => page.locator('#messages .message .text').allTextContents()

describe('web room in a browser', () => {
  it('two pages see each other live; hostile text stays text; a dropped page catches up', async () => {
    const base = `http://127.0.0.1:${api.port}`
    const author = await makeStaff(ctx)
    await makeCourse(ctx, author, { slug: 'browser-room', title: 'Browser room' })
    const ann = await makeStudent(ctx, 'Ann')
    const bob = await makeStudent(ctx, 'Bob')
    await ctx.domain.enrolment.enrol(ann.id, 'browser-room')
    await ctx.domain.enrolment.enrol(bob.id, 'browser-room')

    const a = await openRoom(ann, base)
    const b = await openRoom(bob, base)
    try {
      await post(a.page, 'Hi Bob, from the web')
      await b.page.locator('.message .text', { hasText: 'Hi Bob, from the web' }).waitFor()
      await post(b.page, 'Hi Ann!')
      await a.page.locator('.message .text', { hasText: 'Hi Ann!' }).waitFor()
      expect(await a.page.locator('.message').last().locator('.name').textContent()).toBe('Bob')
      expect(await a.page.locator('.message').last().locator('.badge').textContent()).toBe('Web')

      const hostile = '@everyone <script>alert(1)</script><img src=x onerror="document.title=1">'
      let dialogs = 0
      b.page.on('dialog', (d) => {
        dialogs++
        void d.dismiss()
      })
      await post(a.page, hostile)
      await b.page.locator('.message .text', { hasText: '<script>' }).waitFor()
      expect((await texts(b.page)).at(-1)).toBe(hostile)
      expect(await b.page.locator('#messages script, #messages img').count()).toBe(0)
      expect(dialogs).toBe(0)
      expect(await b.page.title()).toBe('Browser room · chat')

      // Bob's socket drops (the server closes it); Ann posts meanwhile; Bob's page reconnects and catches up
      await api.hub.close() // closes every socket of this process with 1001, like a restart
      await (api.hub as RoomHub).start()
      await post(a.page, 'sent while Bob was reconnecting').catch(() => undefined)
      await b.page.locator('#room[data-state=live]').waitFor()
      await a.page.locator('#room[data-state=live]').waitFor()
      await post(a.page, 'after the reconnect')
      await b.page.locator('.message .text', { hasText: 'after the reconnect' }).waitFor()
      await waitFor(async () => (await texts(b.page)).includes('sent while Bob was reconnecting'), { what: 'the gap filled' })
      const bobSees = await texts(b.page)
      expect(bobSees.filter((t) => t === 'sent while Bob was reconnecting')).toHaveLength(1)

      await b.page.screenshot({ path: artifact('web-room-phone.png'), fullPage: false })
      expect(a.external).toEqual([])
      expect(a.errors).toEqual([])
      expect(b.errors).toEqual([])
    } finally {
      await a.context.close()
      await b.context.close()
    }
  })

  it('a message written in the Telegram group of the course arrives live in the page; one written in the page reaches the group', async () => {
    const base = `http://127.0.0.1:${api.port}`
    const author = await makeStaff(ctx)
    const course = await makeCourse(ctx, author, { slug: 'tg-browser-room', title: 'Telegram room' })
    const group = sim.group({ title: 'Course group' })
    await ctx.domain.rooms.bind(actor(author), course.id, { platform: 'TELEGRAM', chatId: String(group.id) })
    const sam = sim.user({ first_name: 'Sam', language_code: 'en' })
    const samUser = await makeStudent(ctx, 'Sam', String(sam.id))
    await ctx.domain.enrolment.enrol(samUser.id, course.slug)
    const wendy = await makeStudent(ctx, 'Wendy')
    await ctx.domain.enrolment.enrol(wendy.id, course.slug)

    const w = await openRoom(wendy, base, course.slug)
    try {
      group.send(sam, 'Hello from the Telegram group <b>!</b>')
      const arrived = w.page.locator('.message', { hasText: 'Hello from the Telegram group' })
      await arrived.waitFor()
      expect(await arrived.locator('.name').textContent()).toBe('Sam')
      expect(await arrived.locator('.badge').textContent()).toBe('Telegram')
      expect(await arrived.locator('.text').textContent()).toBe('Hello from the Telegram group <b>!</b>')

      await post(w.page, 'Hi Sam, from the browser')
      const copy = await sim.waitFor((m) => m.chat.id === group.id && m.text === 'Wendy: Hi Sam, from the browser')
      expect(copy.entities).toEqual([{ type: 'bold', offset: 0, length: 5 }])
      await w.page.screenshot({ path: artifact('web-room-telegram.png'), fullPage: false })
      expect(w.errors).toEqual([])
    } finally {
      await w.context.close()
    }
  })
})
