// The Discord bot's own words, ru and en, in one place (command names and
// descriptions, replies). Variables are Discord-Markdown-escaped by `t` (see
// render.ts), so a course title can never ping anyone or break the formatting.
import { type Locale, pickLocale } from '../../domain/accounts.service'
import { escapeText } from './render'

const en = {
  'cmd-courses': 'Browse the published courses',
  'cmd-courses-search': 'Find a course by its title',
  'cmd-course': 'Show a course card',
  'cmd-course-course': 'The course',
  'cmd-enrol': 'Enrol in a course and get its first lesson in DMs',
  'cmd-next': 'Get your next unfinished lesson in DMs',
  'cmd-next-course': 'The course (default: the one you studied last)',
  'cmd-progress': 'Your progress in every course',
  'cmd-link': 'Link this account with your Telegram account',
  'cmd-link-code': 'A code from the Telegram bot (leave empty to get a code here)',
  'cmd-lang': 'Choose the bot language',
  'cmd-lang-language': 'The language',
  'cmd-help': 'What this bot does',
  'cmd-bind': 'Course authors: give a role to the students of a course in this server',
  'cmd-bind-role': 'The role the course gives',

  'help': '**TaskMetrics** — courses in Discord.\n`/courses` browse the catalogue · `/course` a course card · `/enrol` enrol (lessons arrive in your DMs) · `/next` the next lesson · `/progress` your progress · `/link` continue a Telegram account here · `/lang` language',
  'subjects-empty': 'No published courses yet.',
  'courses-title': 'Courses — pick one:',
  'courses-none-match': 'No course matches “{query}”.',
  'course-subject': 'Subject: {subject}',
  'course-modules': '{count} modules',
  'course-authors': 'Authors: {authors}',
  'course-enrolled': 'You are enrolled: {bar}',
  'btn-enrol': 'Enrol',
  'btn-continue': 'Continue',
  'btn-next': 'Next ▶',
  'btn-prev': '◀ Back',
  'btn-finish': 'Finish ✓',
  'select-course': 'Choose a course',
  'enrolled': 'You are enrolled in **{course}**. Lessons arrive in your DMs.',
  'enrolled-again': 'You are already enrolled in **{course}**; here is where you left off.',
  'lesson-sent': 'Sent to your DMs.',
  'dm-closed': 'I cannot write to you in DMs. To get lessons there: Server menu → Privacy settings → allow direct messages from server members (or User Settings → Privacy & Safety). Here is the lesson for now:',
  'course-empty': 'This course has no lessons yet.',
  'course-finished': '🎉 You finished **{course}**!',
  'nothing-next': 'You have no unfinished lessons. Try `/courses`.',
  'progress-title': 'My progress',
  'progress-empty': 'You are not enrolled in any course yet. Try `/courses`.',
  'progress-line': '{bar} ({done}/{total})',
  'progress-quiz': 'Quizzes: {correct} of {quizzes} correct ({answered} answered)',
  'quiz-correct': '✅ Correct!',
  'quiz-wrong': '❌ Not quite. The right answer: {answer}',
  'quiz-your-answer': 'Your answer: {answer}',
  'link-issued': 'Your link code: `{code}` (valid {minutes} minutes). Send `/link {code}` to the TaskMetrics bot in Telegram.',
  'link-done': 'Accounts linked: your courses and progress are shared now.',
  'link-unknown': 'There is no such link code.',
  'link-expired': 'This code has expired or was already used; ask for a new one.',
  'link-own': 'This code was made by this account; redeem it on the other platform.',
  'link-conflict': 'Both accounts already have a {platform} identity; they cannot be linked.',
  'link-bad-format': 'A link code looks like `ABCD2345`.',
  'lang-set': 'Language: English.',
  'bind-done': 'Students of **{course}** get {role} in this server.',
  'bind-guild-only': 'Use /bind in a server.',
  'bind-not-author': 'Only the course’s authors can bind it.',
  'bind-no-permission': 'You need the Manage Roles permission.',
  'cb-stale': 'This button is no longer valid. Run the command again.',
  'cb-foreign': 'This button was made for someone else.',
  'not-enrolled': 'Enrol in this course first (`/enrol`).',
  'not-found': 'Not found (it may have been removed or unpublished).',
  'error': 'Something went wrong on our side. Please try again.',
  'file-missing': '(the file of this lesson is missing; the author has been told)',
  'video-watch': '▶ Watch the video',
} as const

export type StringKey = keyof typeof en

const ru: Record<StringKey, string> = {
  'cmd-courses': 'Каталог опубликованных курсов',
  'cmd-courses-search': 'Найти курс по названию',
  'cmd-course': 'Карточка курса',
  'cmd-course-course': 'Курс',
  'cmd-enrol': 'Записаться на курс и получить первый урок в личные сообщения',
  'cmd-next': 'Следующий непройденный урок в личные сообщения',
  'cmd-next-course': 'Курс (по умолчанию — последний, который вы проходили)',
  'cmd-progress': 'Ваш прогресс по всем курсам',
  'cmd-link': 'Связать этот аккаунт с аккаунтом в Telegram',
  'cmd-link-code': 'Код от бота в Telegram (без кода — получить код здесь)',
  'cmd-lang': 'Язык бота',
  'cmd-lang-language': 'Язык',
  'cmd-help': 'Что умеет бот',
  'cmd-bind': 'Для авторов: выдавать роль ученикам курса на этом сервере',
  'cmd-bind-role': 'Роль, которую даёт курс',

  'help': '**TaskMetrics** — курсы в Discord.\n`/courses` каталог · `/course` карточка курса · `/enrol` записаться (уроки придут в личные сообщения) · `/next` следующий урок · `/progress` прогресс · `/link` продолжить здесь аккаунт из Telegram · `/lang` язык',
  'subjects-empty': 'Опубликованных курсов пока нет.',
  'courses-title': 'Курсы — выберите:',
  'courses-none-match': 'Нет курса «{query}».',
  'course-subject': 'Предмет: {subject}',
  'course-modules': 'Модулей: {count}',
  'course-authors': 'Авторы: {authors}',
  'course-enrolled': 'Вы записаны: {bar}',
  'btn-enrol': 'Записаться',
  'btn-continue': 'Продолжить',
  'btn-next': 'Далее ▶',
  'btn-prev': '◀ Назад',
  'btn-finish': 'Завершить ✓',
  'select-course': 'Выберите курс',
  'enrolled': 'Вы записаны на курс **{course}**. Уроки придут в личные сообщения.',
  'enrolled-again': 'Вы уже записаны на **{course}**; продолжаем с того места, где вы остановились.',
  'lesson-sent': 'Отправил в личные сообщения.',
  'dm-closed': 'Не могу написать вам в личные сообщения. Чтобы получать уроки там: меню сервера → Настройки конфиденциальности → разрешить личные сообщения от участников сервера (или Настройки пользователя → Конфиденциальность). А пока урок здесь:',
  'course-empty': 'В этом курсе пока нет уроков.',
  'course-finished': '🎉 Вы прошли курс **{course}**!',
  'nothing-next': 'Непройденных уроков нет. Загляните в `/courses`.',
  'progress-title': 'Мой прогресс',
  'progress-empty': 'Вы ещё не записаны ни на один курс. Загляните в `/courses`.',
  'progress-line': '{bar} ({done}/{total})',
  'progress-quiz': 'Тесты: верно {correct} из {quizzes} (отвечено {answered})',
  'quiz-correct': '✅ Верно!',
  'quiz-wrong': '❌ Не совсем. Правильный ответ: {answer}',
  'quiz-your-answer': 'Ваш ответ: {answer}',
  'link-issued': 'Код для связи аккаунтов: `{code}` (действует {minutes} мин). Отправьте `/link {code}` боту TaskMetrics в Telegram.',
  'link-done': 'Аккаунты связаны: курсы и прогресс теперь общие.',
  'link-unknown': 'Такого кода нет.',
  'link-expired': 'Код истёк или уже использован; получите новый.',
  'link-own': 'Этот код выдан этому же аккаунту; введите его на другой платформе.',
  'link-conflict': 'У обоих аккаунтов уже есть аккаунт {platform}; связать их нельзя.',
  'link-bad-format': 'Код выглядит так: `ABCD2345`.',
  'lang-set': 'Язык: русский.',
  'bind-done': 'Ученики курса **{course}** получают роль {role} на этом сервере.',
  'bind-guild-only': 'Команда /bind работает на сервере.',
  'bind-not-author': 'Привязать курс могут только его авторы.',
  'bind-no-permission': 'Нужно право «Управлять ролями».',
  'cb-stale': 'Эта кнопка устарела. Вызовите команду заново.',
  'cb-foreign': 'Эта кнопка создана для другого пользователя.',
  'not-enrolled': 'Сначала запишитесь на курс (`/enrol`).',
  'not-found': 'Не найдено (возможно, удалено или снято с публикации).',
  'error': 'У нас что-то сломалось. Попробуйте ещё раз.',
  'file-missing': '(файл этого урока пропал; автору сообщено)',
  'video-watch': '▶ Смотреть видео',
}

const TABLES: Record<Locale, Record<StringKey, string>> = { en, ru }

export type Vars = Record<string, string | number>

/** A localized string; string variables are escaped for Discord Markdown (no pings, no formatting). */
export function t(locale: Locale, key: StringKey, vars: Vars = {}): string {
  return TABLES[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name]
    if (value === undefined) return whole
    return typeof value === 'number' ? String(value) : escapeText(value)
  })
}

/** Discord's locale ('en-US', 'ru', ...) as ours. */
export function discordLocale(value: string | null | undefined): Locale {
  return pickLocale(value)
}

/** `name_localizations` / `description_localizations` of a command or option. */
export function localizations(key: StringKey): { en: string; ru: string } {
  return { en: en[key], ru: ru[key] }
}
