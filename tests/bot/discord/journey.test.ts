// The real discord role against the Discord simulator, on real PostgreSQL and
// Redis: the whole student journey through the demo course in DMs.
import { afterEach, describe, expect, it } from 'vitest'
import { makeCourse, makeStaff, text } from '../../fixtures/factories'
import { DEMO_COURSE_SLUG, DiscordStudent, type DiscordHarness, expectAllAcknowledgedInTime, expectNoMentionsAllowed, startDiscordHarness, textOf } from './harness'

let h: DiscordHarness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

describe('discord journey', () => {
  it('a new member browses, enrols, gets every content kind in DMs, answers the quiz and sees 100%', async () => {
    const started = performance.now()
    h = await startDiscordHarness()
    const { sim, guild, general, ctx } = h
    const alice = new DiscordStudent(sim, sim.user({ username: 'alice', globalName: 'Alice', locale: 'en-US' }))
    guild.addMember(alice.user)

    // autocomplete by title
    const typed = alice.user.autocomplete('courses', 'search', 'sql', { channel: general })
    await sim.waitUntil(() => typed.acknowledged)
    expect(typed.callbackData).toMatchObject({ choices: [{ name: 'Introduction to SQL', value: DEMO_COURSE_SLUG }] })

    // /courses in the server: the only published course's card, ephemeral, with Enrol
    const courses = await alice.slash('courses', { channel: general })
    const card = courses.reply!
    expect(card.ephemeralTo).toBe(alice.id)
    expect(textOf(card)).toContain('Introduction to SQL')
    expect(textOf(card)).toContain('Read, filter and join data with SQL')
    expect(textOf(card)).toContain('3 modules')
    expect(alice.buttons(card)).toEqual(['✍️ Enrol'])

    // enrol: the notice here, the first lesson in DMs (formatted text)
    const [lesson1] = await alice.press(card, '✍️ Enrol')
    expect(lesson1!.message.content).toContain('*Module 1/3 · What is SQL · lesson 1 of 6*')
    expect(lesson1!.message.content).toContain('**Tables and rows**')
    expect(lesson1!.message.content).toContain('```sql\nSELECT title FROM courses;\n```')
    expect(alice.buttons(lesson1!)).toEqual(['📋 Contents', 'Next ▶'])
    const enrolPress = sim.interactions.at(-1)!
    await sim.waitUntil(() => enrolPress.followUps.length >= 2)
    expect(enrolPress.followUps.map(textOf)).toEqual(['You are enrolled in **Introduction to SQL**. Here is your first lesson.', 'Sent to your DMs.'])
    const user = await ctx.domain.accounts.findByPlatform('DISCORD', alice.id)
    expect(user?.profile).toMatchObject({ displayName: 'Alice', locale: 'en' })

    // an image as an attachment with its caption
    const [image] = await alice.press(lesson1!, 'Next ▶')
    expect(image!.message.attachments.map((a) => a.filename)).toEqual(['select-diagram.png'])
    expect(image!.message.content).toContain('SELECT picks columns, WHERE picks rows.')
    expect(alice.buttons(image!)).toEqual(['◀ Back', '📋 Contents', 'Next ▶'])

    // a video link: the URL on its own line (Discord embeds it)
    const [video] = await alice.press(image!, 'Next ▶')
    expect(video!.message.content).toContain('**SQL in 100 seconds**')
    expect(video!.message.content).toMatch(/\nhttps:\/\/www\.youtube\.com\/watch\?v=zsjvFFKOm3c$/)

    const [lesson4] = await alice.press(video!, 'Next ▶')
    expect(lesson4!.message.content).toContain('Comparisons like `<` and `>=` work')

    // a file as an attachment
    const [file] = await alice.press(lesson4!, 'Next ▶')
    expect(file!.message.attachments.map((a) => a.filename)).toEqual(['sql-cheatsheet.md'])
    expect(file!.message.content).toContain('Cheat sheet')

    // the quiz with option buttons
    const [quiz] = await alice.press(file!, 'Next ▶')
    expect(quiz!.message.content).toContain('**Which clause sorts the rows of a result?**')
    expect(alice.buttons(quiz!)).toEqual(['1. WHERE', '2. ORDER BY', '3. GROUP BY', '4. LIMIT', '◀ Back', '📋 Contents', 'Finish ✓'])
    const [verdict] = await alice.press(quiz!, '2. ORDER BY')
    expect(verdict!.message.content).toContain('Your answer: ORDER BY\n✅ Correct!')
    expect(verdict!.message.content).toContain('*ORDER BY sorts; WHERE filters, GROUP BY groups and LIMIT cuts the result short.*')
    expect(verdict!.message.content).toContain('▓▓▓▓▓▓▓▓▓▓ 100%')
    await sim.waitUntil(() => alice.buttons(quiz!).length === 0) // answered: the options are gone

    const [finished] = await alice.press(verdict!, 'Finish ✓')
    expect(finished!.message.content).toMatch(/^🎉 You finished \*\*Introduction to SQL\*\*!\n▓{10} 100%$/)

    // /progress: an embed with the bar
    const progress = await alice.slash('progress', { channel: general })
    const embed = progress.reply!.message.embeds[0]!
    expect(embed.title).toBe('My progress')
    expect(embed.fields).toEqual([{ name: 'Introduction to SQL', value: '▓▓▓▓▓▓▓▓▓▓ 100% (6/6)\nQuizzes: 1 of 1 correct (1 answered)' }])

    // the domain agrees
    const course = await ctx.ports.courses.findCourseBySlug(DEMO_COURSE_SLUG)
    expect(await ctx.domain.progress.forCourse(user!.id, course!.id)).toMatchObject({ percent: 100, completedContents: 6, quiz: { total: 1, answered: 1, correct: 1 } })
    // uploaded files' CDN URLs are remembered for the next student
    const imageContent = (await ctx.ports.courses.listCourseOutline(course!.id)).find((c) => c.kind === 'IMAGE')!
    expect((await ctx.ports.platformFiles.find(imageContent.id, 'DISCORD'))?.fileId).toBe(image!.message.attachments[0]!.url)

    expectAllAcknowledgedInTime(sim)
    expectNoMentionsAllowed(sim)
    console.info(`discord journey: ${Math.round(performance.now() - started)} ms (start-up included), ${sim.interactions.length} interactions, max ack ${sim.ackReport().maxLatencyMs} ms`)
  })

  it('with several courses /courses is a select menu; a Russian student sees Russian', async () => {
    h = await startDiscordHarness()
    const { sim, ctx } = h
    const author = await makeStaff(ctx)
    await makeCourse(ctx, author, { title: 'Indexes in depth', slug: 'indexes', modules: [{ contents: [text('B-trees')] }] })
    const olga = new DiscordStudent(sim, sim.user({ username: 'olga', locale: 'ru' }))
    const list = (await olga.slash('courses')).reply!
    expect(textOf(list)).toBe('**Курсы** — выберите:')
    const menu = (list.message.components![0] as unknown as { components: Array<{ custom_id: string; options: Array<{ label: string; value: string }> }> }).components[0]!
    expect(menu.options.map((o) => o.label).sort()).toEqual(['Indexes in depth', 'Introduction to SQL'])
    const picked = olga.user.select(list, menu.custom_id, ['indexes'])
    await sim.waitUntil(() => picked.followUps[0])
    const card = picked.followUps[0]!
    expect(textOf(card)).toContain('Indexes in depth')
    expect(textOf(card)).toContain('1 модуль')
    expect(olga.buttons(card)).toEqual(['✍️ Записаться'])
    expectAllAcknowledgedInTime(sim)
  })
})
