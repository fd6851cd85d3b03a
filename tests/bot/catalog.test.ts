// /courses: only published courses, paged subject and course lists edited in place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeCourse, makeStaff } from '../fixtures/factories'
import { type Harness, startHarness, Student, textOf } from './harness'

let h: Harness
beforeAll(async () => {
  h = await startHarness({ seed: false })
})
afterAll(() => h.close())

describe('/courses', () => {
  it('pages through subjects and courses and never lists unpublished ones', async () => {
    const author = await makeStaff(h.ctx)
    for (let i = 1; i <= 10; i++) await makeCourse(h.ctx, author, { slug: `math-${i}`, title: `Math ${String(i).padStart(2, '0')}`, subjectSlug: 'math' })
    await makeCourse(h.ctx, author, { slug: 'math-draft', title: 'Math draft', subjectSlug: 'math', published: false })
    for (let i = 1; i <= 9; i++) await makeCourse(h.ctx, author, { slug: `s${i}-course`, title: `Course ${i}`, subjectSlug: `subject-${i}` })
    await makeCourse(h.ctx, author, { slug: 'only-draft', subjectSlug: 'drafts', published: false })

    const sam = new Student(h.sim, h.sim.user({ first_name: 'Sam', language_code: 'en' }))
    const [subjects] = await sam.say('/courses')
    const firstPage = sam.buttons(subjects!)
    expect(firstPage).toHaveLength(8 + 2) // 8 subjects, then "1 / 2" and "»"
    expect(firstPage.slice(-2)).toEqual(['1 / 2', '»'])
    expect(firstPage).toContain('MATH (10)') // the draft is not counted
    expect(firstPage.join()).not.toMatch(/DRAFTS/)

    const page2 = await sam.pressEdit(subjects!, '»', /Subjects/)
    await h.sim.waitUntil(() => sam.buttons(page2).includes('2 / 2'))
    expect(sam.buttons(page2)).toEqual(['SUBJECT-8 (1)', 'SUBJECT-9 (1)', '«', '2 / 2'])

    await sam.pressEdit(page2, '«', /Subjects/)
    await h.sim.waitUntil(() => sam.buttons(subjects!).includes('MATH (10)'))
    const math = await sam.pressEdit(subjects!, 'MATH (10)', /MATH — choose a course/)
    expect(sam.buttons(math).slice(0, 8)).toEqual(['Math 01', 'Math 02', 'Math 03', 'Math 04', 'Math 05', 'Math 06', 'Math 07', 'Math 08'])
    expect(sam.buttons(math).slice(8)).toEqual(['1 / 2', '»', '« Subjects'])
    await sam.pressEdit(math, '»', /choose a course/)
    await h.sim.waitUntil(() => sam.buttons(math).includes('2 / 2'))
    expect(sam.buttons(math)).toEqual(['Math 09', 'Math 10', '«', '2 / 2', '« Subjects'])
    const card = await sam.pressEdit(math, 'Math 10', /^Math 10/)
    expect(textOf(card)).toContain('Subject: MATH\n1 module\nAuthors:')
    // the page label button just shows the page again: nothing breaks
    expect(h.sim.calls.filter((c) => !c.ok)).toEqual([])
  })
})
