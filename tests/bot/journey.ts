// The whole student journey, shared by the polling and webhook tests.
import { expect } from 'vitest'
import type { Harness } from './harness'
import { DEMO_COURSE_SLUG, Student, textOf } from './harness'

export async function studentJourney(h: Harness): Promise<Student> {
  const { sim, ctx } = h
  const alice = new Student(sim, sim.user({ first_name: 'Alice', username: 'alice', language_code: 'en' }))

  // /start registers (once) and greets
  const [hello] = await alice.say('/start')
  expect(textOf(hello!)).toMatch(/^Hi, Alice! I am the TaskMetrics learning bot/)
  expect(hello!.entities).toContainEqual({ type: 'bold', offset: 4, length: 5 })
  const [again] = await alice.say('/start')
  expect(textOf(again!)).toMatch(/^Welcome back, Alice!/)
  const user = await ctx.domain.accounts.findByPlatform('TELEGRAM', String(alice.id))
  expect(user?.profile).toMatchObject({ displayName: 'Alice', locale: 'en' })
  expect(await ctx.ports.users.listAccounts(user!.id)).toHaveLength(1)

  // /courses: subjects, then courses, then the course card (one message edited in place)
  const [subjects] = await alice.say('/courses')
  expect(textOf(subjects!)).toBe('Subjects — choose one:')
  expect(alice.buttons(subjects!)).toEqual(['Databases (1)'])
  const courses = await alice.pressEdit(subjects!, 'Databases (1)', /choose a course/)
  expect(alice.buttons(courses)).toEqual(['Introduction to SQL', '« Subjects'])
  const card = await alice.pressEdit(courses, 'Introduction to SQL', /Introduction to SQL/)
  expect(textOf(card)).toContain('Read, filter and join data with SQL')
  expect(textOf(card)).toContain('3 modules')
  expect(textOf(card)).toContain('Authors: Admin')
  expect(alice.buttons(card)).toEqual(['✍️ Enrol', '« Courses'])

  // enrol: a confirmation and the first lesson (formatted text)
  const [enrolled, lesson1] = await alice.press(card, '✍️ Enrol', 2)
  expect(textOf(enrolled!)).toBe('You are enrolled in Introduction to SQL. Here is your first lesson.')
  expect(textOf(lesson1!)).toContain('Module 1/3 · What is SQL · lesson 1 of 6\nTables and rows\n\nA table holds rows')
  expect(textOf(lesson1!)).toContain('SELECT title FROM courses;')
  expect(lesson1!.entities?.map((e) => e.type)).toEqual(expect.arrayContaining(['italic', 'bold', 'pre']))
  expect(alice.buttons(lesson1!)).toEqual(['📋 Contents', 'Next ▶'])

  // image as a photo with the caption
  const [photo] = await alice.press(lesson1!, 'Next ▶')
  expect(photo!.photo).toBeDefined()
  expect(textOf(photo!)).toContain('How SELECT reads a table\n\nSELECT picks columns, WHERE picks rows.')
  expect(alice.buttons(photo!)).toEqual(['◀ Back', '📋 Contents', 'Next ▶'])

  // video URL as a link with a large preview
  const [video] = await alice.press(photo!, 'Next ▶')
  expect(textOf(video!)).toContain('SQL in 100 seconds')
  expect(video!.entities).toContainEqual(expect.objectContaining({ type: 'text_link', url: 'https://www.youtube.com/watch?v=zsjvFFKOm3c' }))
  const videoCall = sim.callsTo('sendMessage').find((c) => String(c.params.text).includes('SQL in 100 seconds'))!
  expect(videoCall.params.link_preview_options).toMatchObject({ url: 'https://www.youtube.com/watch?v=zsjvFFKOm3c', prefer_large_media: true })

  const [lesson4] = await alice.press(video!, 'Next ▶')
  expect(textOf(lesson4!)).toContain('WHERE and ORDER BY')
  expect(textOf(lesson4!)).toContain('Comparisons like < and >= work')

  // file as a document
  const [doc] = await alice.press(lesson4!, 'Next ▶')
  expect(doc!.document).toMatchObject({ file_name: 'sql-cheatsheet.md' })
  expect(textOf(doc!)).toContain('Cheat sheet')

  // quiz as a quiz poll; the answer comes back as poll_answer
  const [quizTitle, poll] = await alice.press(doc!, 'Next ▶', 2)
  expect(textOf(quizTitle!)).toBe('Module 3/3 · Check yourself · lesson 6 of 6\nSorting results')
  expect(poll!.poll).toMatchObject({ type: 'quiz', question: 'Which clause sorts the rows of a result?', correct_option_id: 1, is_anonymous: false })
  expect(poll!.poll!.options.map((o) => o.text)).toEqual(['WHERE', 'ORDER BY', 'GROUP BY', 'LIMIT'])
  expect(alice.buttons(poll!)).toEqual(['◀ Back', '📋 Contents', 'Finish ✓'])
  const before = alice.messages.length
  alice.user.answerPoll(poll!.poll!.id, [1])
  const verdict = (await sim.waitFor({ chatId: alice.id, count: before + 1 })).at(-1)!
  expect(textOf(verdict)).toContain('Your answer: ORDER BY\n✅ Correct!')
  expect(textOf(verdict)).toContain('ORDER BY sorts; WHERE filters')
  expect(textOf(verdict)).toContain('100%')

  const [finished] = await alice.press(verdict, 'Finish ✓')
  expect(textOf(finished!)).toMatch(/^🎉 You finished Introduction to SQL!\n▓{10} 100%$/)

  const [progress] = await alice.say('/progress')
  expect(textOf(progress!)).toBe('My progress\n\nIntroduction to SQL\n▓▓▓▓▓▓▓▓▓▓ 100% (6/6)\nQuizzes: 1 of 1 correct (1 answered)')

  // the domain agrees
  const course = await ctx.ports.courses.findCourseBySlug(DEMO_COURSE_SLUG)
  const p = await ctx.domain.progress.forCourse(user!.id, course!.id)
  expect(p).toMatchObject({ percent: 100, completedContents: 6, quiz: { total: 1, answered: 1, correct: 1 } })
  return alice
}
