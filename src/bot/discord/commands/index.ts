// Every slash command and component handler of the bot.
import { course, courses, pickCourse, showCourse } from './courses'
import { help } from './help'
import { lang } from './lang'
import { link } from './link'
import { progress } from './progress'
import type { ComponentHandler, SlashCommand } from './types'

export const COMMANDS: readonly SlashCommand[] = [courses, course, progress, link, lang, help]

export const COMPONENTS: readonly ComponentHandler[] = [pickCourse, showCourse]
