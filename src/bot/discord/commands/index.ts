// Every slash command and component handler of the bot.
import { bind } from './bind'
import { course, courses, pickCourse } from './courses'
import { help } from './help'
import { deliver } from './deliver'
import { lang } from './lang'
import { enrol, flowButtons, next } from './learn'
import { leave } from './leave'
import { link } from './link'
import { progress } from './progress'
import { reminders } from './reminders'
import type { ComponentHandler, SlashCommand } from './types'

export const COMMANDS: readonly SlashCommand[] = [courses, course, enrol, next, progress, leave, link, lang, reminders, deliver, help, bind]

export const COMPONENTS: readonly ComponentHandler[] = [pickCourse, flowButtons]
