// The panel's community section in headless Chromium (issues 9 and 10): an
// author sends an announcement to a course with enrolled Telegram students,
// with a worker role sending through the real Telegram messenger to the
// Telegram simulator, and watches its counts reach "sent" on the same page,
// without reloading it; then deletes a room message from the panel, and a
// student's web room socket (the api role) is told it is gone.
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApiRole } from '../../src/api/server'
import { telegramMessenger } from '../../src/bot/telegram/runtime'
import type { AppContext } from '../../src/context'
import type { User } from '../../src/domain'
import { webSignInPath } from '../../src/domain/web-sign-in.service'
import { type RunningWorker, startWorkerRole } from '../../src/jobs/worker'
import { PASSWORD, makeStaffUser, startPanel } from '../admin/support'
import { type TelegramSimulator, startTelegramSimulator } from '../fakes/telegram'
import { openTestContext, resetData } from '../fixtures/context'
import { makeCourse } from '../fixtures/factories'
import { waitFor } from '../fixtures/wait'
import { type PanelPage, artifact, closePagesAfterEach, launchBrowser, noticeText, openPage, signIn, visible } from './browser'

let sim: TelegramSimulator
let ctx: AppContext
let panel: Awaited<ReturnType<typeof startPanel>>
let api: Awaited<ReturnType<typeof startApiRole>>
let worker: RunningWorker
let browser: Browser
let author: User
let course: Awaited<ReturnType<typeof makeCourse>>
const opened: PanelPage[] = []

beforeAll(async () => {
  sim = await startTelegramSimulator({ limits: false })
  ctx = await openTestContext({ TELEGRAM_BOT_TOKEN: sim.token, TELEGRAM_API_ROOT: sim.apiRoot, PORT: '0' })
  await resetData(ctx)
  author = await makeStaffUser(ctx, 'alice.community@example.test', 'AUTHOR', 'Alice')
  course = await makeCourse(ctx, author, { slug: 'community', title: 'Community course' })
  ;[panel, api, worker, browser] = await Promise.all([
    startPanel(ctx),
    startApiRole(ctx),
    startWorkerRole(ctx, { messengers: { TELEGRAM: telegramMessenger(ctx) } }),
    launchBrowser(),
  ])
}, 120_000)

closePagesAfterEach(opened, 'community-failure')

afterAll(async () => {
  await browser?.close()
  await panel?.stop()
  await api?.stop()
  await worker?.stop()
  await ctx?.jobs.queue.obliterate({ force: true })
  await ctx?.close()
  await sim?.close()
})

async function authorPage(): Promise<PanelPage> {
  const p = await openPage(browser, panel.url)
  opened.push(p)
  await signIn(p.page, author.email!, PASSWORD)
  return p
}

/** A Telegram user of the simulator, enrolled in the course through the domain. */
async function telegramStudent(name: string) {
  const tg = sim.user({ first_name: name, language_code: 'en' })
  const { user } = await ctx.domain.accounts.registerFromPlatform({ platform: 'TELEGRAM', externalId: String(tg.id), displayName: name, languageCode: 'en' })
  await ctx.domain.enrolment.enrol(user.id, course.slug, 'TELEGRAM')
  return { tg, user }
}

describe('the community section in the browser', () => {
  it('an author sends an announcement and sees its counts reach "sent" live', async () => {
    const students = [await telegramStudent('Ann'), await telegramStudent('Ben'), await telegramStudent('Cid')]
    const { page, external, errors } = await authorPage()
    // Community › Announcements lists the author's courses; a course opens its page
    await page.goto('/admin/resources/Announcement')
    await page.getByText('Community course').first().click()
    await page.waitForURL(`**/admin/resources/Announcement/records/${course.id}/show`)
    await page.locator('[data-testid=announcements][data-live=on]').waitFor()

    const text = 'Live Q&A **tonight** <img src=x onerror=alert(1)>'
    await page.getByTestId('announcement-body').fill(text)
    // the preview shows the Markdown as students get it, and the HTML as text
    const preview = page.getByTestId('announcement-preview')
    await preview.locator('strong', { hasText: 'tonight' }).waitFor()
    expect(await preview.textContent()).toContain('<img src=x onerror=alert(1)>')
    expect(await preview.locator('img').count()).toBe(0)

    // the same page, never reloaded, follows the sending
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true))
    await page.getByTestId('announcement-send').click()
    expect(await noticeText(page)).toMatch(/^Announcement #\d+ is on its way/)
    const delivery = (await ctx.ports.deliveries.listForCourse(course.id, 1))[0]!
    const row = page.getByTestId(`announcement-${delivery.id}`)
    await row.locator('[data-testid=count-sent][data-count="3"]').waitFor()
    await page.locator(`[data-testid=announcement-${delivery.id}][data-state=done]`).waitFor()
    expect(await row.getByTestId('count-pending').getAttribute('data-count')).toBe('0')
    expect(await row.getByTestId('announcement-text').textContent()).toBe(text)
    expect(await row.locator('img').count()).toBe(0)
    expect(await row.getByTestId('announcement-cancel').count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true)
    await page.screenshot({ path: artifact('community-announcement.png'), fullPage: true })

    for (const s of students) {
      const [got] = await sim.waitFor({ chatId: s.tg.id })
      expect(got!.text).toBe('Live Q&A tonight <img src=x onerror=alert(1)>')
    }
    expect(external).toEqual([])
    expect(errors).toEqual([])
  })

  it("deleting a message from the panel removes it from the web room's sockets; a member muted there is refused", async () => {
    const ann = (await telegramStudent('Dora')).user
    // Dora in the web room (the api role), signed in by a one-time link
    const base = `http://127.0.0.1:${api.port}`
    const { token } = await ctx.domain.webSignIn.issueLoginToken(ann.id)
    const signedIn = await fetch(`${base}${webSignInPath(token, course.slug)}`, { redirect: 'manual' })
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0]!
    const frames: any[] = []
    const ws = new WebSocket(`${base.replace('http', 'ws')}/rooms/${course.slug}/ws`, { headers: { cookie } } as any)
    ws.addEventListener('message', (e) => frames.push(JSON.parse(String(e.data))))
    await new Promise((ok) => ws.addEventListener('open', ok))
    try {
      ws.send(JSON.stringify({ type: 'post', clientId: 'c1', text: 'Buy <b>cheap</b> pills @everyone' }))
      const ack = await waitFor(() => frames.find((f) => f.type === 'ack' && f.clientId === 'c1'), { what: 'the post acknowledged' })

      const { page, errors } = await authorPage()
      await page.goto(`/admin/resources/ChatRoom/records/${course.id}/show`)
      const message = await visible(page.getByTestId(`room-message-${ack.id}`))
      expect(await message.getByTestId('room-message-text').textContent()).toBe('Buy <b>cheap</b> pills @everyone')
      await message.getByTestId('room-message-delete').click()
      // nothing happens before it is confirmed
      expect((await ctx.domain.rooms.getMessage(ack.id))!.deletedAt).toBeNull()
      await message.getByTestId('room-message-delete-confirm').click()
      expect(await noticeText(page)).toBe('Deleted everywhere: on the web page and in every bound chat')
      await page.locator(`[data-testid=room-message-${ack.id}][data-deleted=yes]`).waitFor()
      await waitFor(() => frames.find((f) => f.type === 'deleted' && f.id === ack.id), { what: 'the web room told of the delete' })
      expect((await ctx.domain.rooms.getMessage(ack.id))!.deletedAt).not.toBeNull()

      // muted from the panel: Dora's next message is refused, and she is told why
      await message.getByTestId('room-message-mute').click()
      await page.getByTestId('mute-form').locator('input').fill('spam')
      await page.getByTestId('mute-confirm').click()
      await visible(page.getByTestId(`muted-${ann.id}`))
      expect(await page.getByTestId(`muted-${ann.id}`).textContent()).toContain('(spam)')
      ws.send(JSON.stringify({ type: 'post', clientId: 'c2', text: 'Still here' }))
      const refused = await waitFor(() => frames.find((f) => f.clientId === 'c2'), { what: 'the muted post answered' })
      expect(refused).toMatchObject({ type: 'error', code: 'muted' })
      expect(refused.message).toContain('spam')
      await page.screenshot({ path: artifact('community-room.png'), fullPage: true })
      expect(errors).toEqual([])
    } finally {
      ws.close()
    }
  })
})
