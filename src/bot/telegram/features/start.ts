// /start: registers the student (idempotent) and greets; `/start course-<slug>`
// (the t.me/<bot>?start=course-<slug> deep link) opens that course's card.
import { Composer } from 'grammy'
import type { BotContext } from '../context'
import { tr } from '../i18n'
import { showCourseCard } from './catalog'

export const startFeature = new Composer<BotContext>()

startFeature.chatType('private').command('start', async (ctx) => {
  const { user, created, actor } = await ctx.student()
  const name = user.profile?.displayName ?? ctx.from.first_name
  const slug = /^course-([a-z0-9-]{1,80})$/.exec(ctx.match.trim())?.[1]
  if (slug) {
    const course = await ctx.deps.domain.catalog.getCourseTree(slug, actor)
    await showCourseCard(ctx, course, 'reply')
    return
  }
  const greeting = tr(ctx, created ? 'start-new' : 'start-back', { name })
  await ctx.reply(`${greeting}\n\n${ctx.t('start-next-steps')}`, { parse_mode: 'HTML' })
})
