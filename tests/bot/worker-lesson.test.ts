// A lesson sent from a worker job (no incoming update) reaches a Telegram
// student through the Messenger port, with buttons the bot then answers; a
// student who blocked the bot is reported unreachable, not retried.
import { QueueEvents } from 'bullmq'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { telegramMessenger } from '../../src/bot/telegram/runtime'
import { createJobQueue, type JobQueue } from '../../src/jobs/queue'
import type { JobName, JobPayloads } from '../../src/jobs/registry'
import { startWorkerRole } from '../../src/jobs/worker'
import type { RunningRole } from '../../src/roles/types'
import { makeStudent } from '../fixtures/factories'
import { DEMO_COURSE_SLUG, expectNoFailedCalls, type Harness, startHarness, Student, textOf } from './harness'

let h: Harness
let worker: RunningRole
let jobs: JobQueue
let events: QueueEvents
// the file's own BullMQ prefix, inside its worker's Redis key prefix
const prefix = `${process.env.TEST_REDIS_PREFIX ?? ''}bull`

beforeAll(async () => {
  h = await startHarness()
  worker = await startWorkerRole(h.ctx, { prefix, messengers: { TELEGRAM: telegramMessenger(h.ctx) } })
  jobs = createJobQueue(h.ctx.redis, prefix)
  events = new QueueEvents('taskmetrics', { connection: h.ctx.redis.duplicate({ maxRetriesPerRequest: null, keyPrefix: '' }), prefix })
  await events.waitUntilReady()
})
afterAll(async () => {
  await jobs?.queue.obliterate({ force: true })
  await events?.close()
  await jobs?.close()
  await worker?.stop()
  await h?.close()
})

async function run<N extends JobName>(name: N, payload: JobPayloads[N]): Promise<any> {
  const id = await jobs.enqueue(name, payload)
  return (await jobs.queue.getJob(id))!.waitUntilFinished(events, 15_000)
}

async function enrolledStudent(name: string) {
  const student = new Student(h.sim, h.sim.user({ first_name: name, language_code: 'en' }))
  const [card] = await student.say(`/start course-${DEMO_COURSE_SLUG}`)
  await student.press(card!, '✍️ Enrol', 2)
  const user = (await h.ctx.domain.accounts.findByPlatform('TELEGRAM', String(student.id)))!
  const tree = await h.ctx.domain.catalog.getCourseTree(DEMO_COURSE_SLUG)
  return { student, user, lessons: tree.modules.flatMap((m) => m.contents) }
}

describe('lesson.send job', () => {
  it('sends a lesson to a Telegram student from a worker, with buttons the bot answers', async () => {
    const { student, user, lessons } = await enrolledStudent('Wanda')
    const before = student.messages.length
    const quiz = lessons.find((c) => c.kind === 'QUIZ')!
    const result = await run('lesson.send', { userId: user.id, contentId: quiz.id, platform: 'TELEGRAM' })
    expect(result).toMatchObject({ sent: true })
    const sent = await h.sim.waitFor({ chatId: student.id, count: before + 2 })
    const [intro, poll] = sent.slice(before)
    expect(result.messageIds).toEqual([String(intro!.message_id), String(poll!.message_id)])
    expect(textOf(intro!)).toContain(`lesson ${lessons.indexOf(quiz) + 1} of ${lessons.length}\n${quiz.title}`)
    expect(poll!.poll?.type).toBe('quiz')

    // the poll is mapped to the content: answering it gets the verdict from the bot
    student.user.answerPoll(poll!.poll!.id, [poll!.poll!.correct_option_ids![0]!])
    const [verdict] = (await h.sim.waitFor({ chatId: student.id, count: before + 3 })).slice(before + 2)
    expect(textOf(verdict!)).toMatch(/^Your answer: .+\n✅ Correct!/)
    // and the buttons the worker signed are the bot's
    const [next] = await student.press(verdict!, /^(Next ▶|Finish ✓)$/)
    expect(textOf(next!)).toMatch(/lesson \d+ of \d+|You reached the end|You finished/)
    expectNoFailedCalls(h.sim)
  })

  it('reports a student who blocked the bot as unreachable, and one without Telegram as not reachable there', async () => {
    const { student, user, lessons } = await enrolledStudent('Blocky')
    student.user.block()
    const blocked = await run('lesson.send', { userId: user.id, contentId: lessons[0]!.id, platform: 'TELEGRAM' })
    expect(blocked).toEqual({ sent: false, reason: 'blocked' })

    const webOnly = await makeStudent(h.ctx)
    await h.ctx.db.prisma.platformAccount.deleteMany({ where: { userId: webOnly.id } })
    const none = await run('lesson.send', { userId: webOnly.id, contentId: lessons[0]!.id, platform: 'TELEGRAM' })
    expect(none).toEqual({ sent: false, reason: 'no_account' })
  })
})
