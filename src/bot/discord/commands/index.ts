// Every slash command and component handler of the bot.
import { bind, unbind } from './bind'
import { course, courses, pickCourse } from './courses'
import { help } from './help'
import { deliver } from './deliver'
import { lang } from './lang'
import { enrol, flowButtons, next } from './learn'
import { leave } from './leave'
import { link } from './link'
import { progress } from './progress'
import { deleteEverywhere, muteAuthor, unmuteAuthor } from './moderation'
import { reminders } from './reminders'
import type { ComponentHandler, MessageCommand, SlashCommand } from './types'
import { web } from './web'

export const COMMANDS: readonly SlashCommand[] = [courses, course, enrol, next, progress, leave, link, lang, reminders, deliver, help, bind, unbind, web]

/** Course chat moderation on a message (Apps menu). */
export const MESSAGE_COMMANDS: readonly MessageCommand[] = [deleteEverywhere, muteAuthor, unmuteAuthor]

export const COMPONENTS: readonly ComponentHandler[] = [pickCourse, flowButtons]
