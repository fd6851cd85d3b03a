// A worker job sends a lesson to a student on Telegram and on Discord through
// the Messenger port, with no bot role running and no incoming update: both
// simulators record the lesson, each in its platform's native form.
import { afterEach, describe, expect, it } from 'vitest'
import { DEMO_COURSE_SLUG, seed } from '../../../prisma/seed'
import { discordMessenger } from '../../../src/bot/discord/role'
import { telegramMessenger } from '../../../src/bot/telegram/runtime'
import type { AppContext } from '../../../src/context'
import { startWorkerRole } from '../../../src/jobs/worker'
import { startDiscordSimulator, type DiscordSimulator } from '../../fakes/discord'
import { startTelegramSimulator, type TelegramSimulator } from '../../fakes/telegram'
import { openTestContext, resetData } from '../../fixtures/context'

const cleanups: Array<() => Promise<unknown>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

describe('lesson.send through both messengers', () => {
  it('reaches a linked student on Telegram and on Discord', async () => {
    const tg: TelegramSimulator = await startTelegramSimulator({ limits: false })
    cleanups.push(() => tg.close())
    const dc: DiscordSimulator = await startDiscordSimulator({ limits: false })
    cleanups.push(() => dc.close())
    const ctx: AppContext = await openTestContext({
      TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot,
      DISCORD_TOKEN: dc.token, DISCORD_APPLICATION_ID: dc.applicationId, DISCORD_API_URL: dc.apiUrl,
    })
    cleanups.push(() => ctx.close())
    await resetData(ctx)
    await seed(ctx)

    // one student with both accounts (linked), enrolled
    const tgUser = tg.user({ first_name: 'Lena', language_code: 'en' })
    const dcUser = dc.user({ username: 'lena' })
    const { user } = await ctx.domain.accounts.registerFromPlatform({ platform: 'TELEGRAM', externalId: String(tgUser.id), displayName: 'Lena', languageCode: 'en' })
    const { user: other } = await ctx.domain.accounts.registerFromPlatform({ platform: 'DISCORD', externalId: dcUser.id, displayName: 'Lena' })
    const { code } = await ctx.domain.accounts.issueLinkCode(user.id)
    await ctx.domain.accounts.redeemLinkCode(code, other.id)
    const { course } = await ctx.domain.enrolment.enrol(user.id, DEMO_COURSE_SLUG, 'TELEGRAM')
    const quiz = (await ctx.ports.courses.listCourseOutline(course.id)).find((c) => c.kind === 'QUIZ')!

    const worker = await startWorkerRole(ctx, { messengers: { TELEGRAM: telegramMessenger(ctx), DISCORD: discordMessenger(ctx) } })
    cleanups.push(() => worker.stop())
    const jobs = ctx.ports.jobs
    for (const platform of ['TELEGRAM', 'DISCORD'] as const) await jobs.enqueue('lesson.send', { userId: user.id, contentId: quiz.id, platform })

    // Telegram: the intro, then a native quiz poll
    const tgMessages = await tg.waitFor({ chatId: tgUser.id, count: 2 })
    expect(tgMessages.at(-1)!.poll).toMatchObject({ type: 'quiz', question: 'Which clause sorts the rows of a result?' })
    // Discord: one DM with the question and option buttons
    const [dm] = await dc.waitForMessages({ dmOf: dcUser })
    expect(dm!.message.content).toContain('**Which clause sorts the rows of a result?**')
    const labels = (dm!.message.components as unknown as Array<{ components: Array<{ label: string }> }>).flatMap((r) => r.components.map((c) => c.label))
    expect(labels).toEqual(['1. WHERE', '2. ORDER BY', '3. GROUP BY', '4. LIMIT', '◀ Back', '📋 Contents', 'Finish ✓'])
    expect(dc.interactions).toEqual([])
  })
})
