# TaskMetrics: messages of the bots (Telegram, Discord) and of scheduled sends, English.
# Markup: only <b>, <i>, <u>, <s>, <code> and the entities &amp; &lt; &gt; &quot;
# (see src/domain/i18n.ts); variables are plain text, escaped by the sender.

cmd-start = Start and main menu
cmd-courses = Browse courses
cmd-my = My courses
cmd-progress = My progress
cmd-link = Link with your account on another platform
cmd-lang = Change language
cmd-deliver = Where new modules and announcements reach you
cmd-help = Help

start-new =
    Hi, <b>{ $name }</b>! I am the TaskMetrics learning bot.
    Lessons arrive right here as messages: texts, pictures, files, videos and quizzes.
start-back = Welcome back, <b>{ $name }</b>!
start-next-steps = Pick a course with /courses, continue with /my, see your results with /progress. /help lists everything.

help =
    <b>What I can do</b>
    /courses — browse subjects and courses
    /my — your courses, with progress
    /progress — progress and quiz scores per course
    /link — a code to link this account with your account on another platform (Discord), or redeem one: /link CODE
    /chat — join your courses' Telegram groups
    /web — a sign-in link to the web chat room of your courses (/web course-slug opens that one)
    /lang — switch between English and Russian
    /deliver — where new modules and announcements reach you (Telegram, Discord or both)
    /reminders — reminders of courses you paused: /reminders on or /reminders off
    /help — this message
unknown = I did not understand that.

subjects-title = <b>Subjects</b> — choose one:
subjects-empty = There are no published courses yet. Come back soon!
subject-button = { $title } ({ $count })
courses-title = <b>{ $subject }</b> — choose a course:
courses-empty = This subject has no published courses yet.
page-label = { $page } / { $pages }
btn-page-prev = «
btn-page-next = »
btn-back-subjects = « Subjects
btn-back-courses = « Courses

course-modules = { $count ->
    [one] { $count } module
   *[other] { $count } modules
}
course-authors = Authors: { $authors }
course-subject = Subject: { $subject }
course-enrolled-note = You are enrolled. { $bar }
btn-enrol = ✍️ Enrol
btn-continue = Continue ▶
btn-contents = 📋 Contents
btn-restart = ↺ From the start
enrolled = You are enrolled in <b>{ $course }</b>. Here is your first lesson.
enrolled-again = You are already enrolled in <b>{ $course }</b>. Let's continue.
course-empty = This course has no lessons yet.
module-locked = 🔒 The module <b>{ $module }</b> opens on { $date }.
drip-module-open = 🔓 The module <b>{ $module }</b> of <b>{ $course }</b> is open now.
btn-start-module = ▶️ Start the module

content-position = Module { $module }/{ $modules } · { $moduleTitle } · lesson { $index } of { $total }
btn-next = Next ▶
btn-prev = ◀ Back
btn-finish = Finish ✓
btn-skip = Skip ▶
video-watch = ▶️ Watch the video
file-missing = The file of this lesson is missing on the server; the authors have been told.

quiz-choose = Choose an answer:
quiz-correct = ✅ Correct!
quiz-wrong = ❌ Not quite. The right answer is <b>{ $answer }</b>.
quiz-your-answer = Your answer: { $answer }
quiz-answered-before = You answered this quiz before: your first answer is the one that counts.
quiz-expired = This quiz is no longer active. Use /my to continue.

course-finished = 🎉 You finished <b>{ $course }</b>!
course-end-unfinished = You reached the end of <b>{ $course }</b>: { $done } of { $total } lessons done. Next unfinished lesson: <b>{ $next }</b>.
toc-title = <b>{ $course }</b> — contents
toc-next = Next up: <b>{ $next }</b>
toc-done = All lessons done.

my-title = <b>My courses</b>
my-empty = You are not enrolled in any course yet. Start with /courses.
progress-title = <b>My progress</b>
progress-course = <b>{ $course }</b>
    { $bar } ({ $done }/{ $total })
progress-quiz = Quizzes: { $correct } of { $quizzes } correct ({ $answered } answered)
progress-no-quiz = No quizzes in this course.
progress-unknown-course = You are not enrolled in a course called “{ $slug }”. See /my.

link-issued =
    Your link code: <code>{ $code }</code>
    It works once, for { $minutes } minutes. It is for joining this account with your account on <i>another platform</i> (not another Telegram account): send <code>/link { $code }</code> to the TaskMetrics bot there to join both accounts; your courses and progress are merged.
    TaskMetrics is on Telegram and Discord: in Discord, use the slash command /link with the code.
    Got a code from another platform? Press the button below or send /link CODE.
btn-have-code = I have a code
link-ask-code = Send me the code you got from the other platform (8 letters and digits).
link-done = ✅ Accounts linked. Your courses and progress from both platforms are together now.
link-unknown = I do not know this code. Check it, or ask for a new one with /link on the other platform.
link-expired = This code has expired or was already used. Ask for a new one with /link on the other platform.
link-own = This code is for linking a <i>different</i> account — redeem it on the other platform.
link-conflict = Both accounts are already on { $platform }, so they cannot be linked: a code joins accounts on different platforms.
link-conflict-same = Both accounts are already on the same platform, so they cannot be linked: a code joins accounts on different platforms.
link-bad-format = That does not look like a link code. It has 8 letters and digits, e.g. <code>ABCD2345</code>.

lang-choose = Choose your language:
lang-set = Language set: English.
lang-unknown = I speak English (en) and Russian (ru).

deliver-choose = Where should new modules, reminders and announcements reach you? Now: { $current }.
deliver-set = New modules, reminders and announcements will reach you: { $choice }.
deliver-EVERY_LINKED = on every linked account (Telegram and Discord)
deliver-TELEGRAM_ONLY = on Telegram only
deliver-DISCORD_ONLY = on Discord only
btn-deliver-EVERY_LINKED = Telegram and Discord
btn-deliver-TELEGRAM_ONLY = Telegram only
btn-deliver-DISCORD_ONLY = Discord only

group-hint = I teach in private chat — open it with the button below.
btn-open-private = Open the bot

rate-limited = You are going a bit fast — wait a few seconds and try again.

err-not-found = This is no longer available. Use /courses to find something else.
err-not-enrolled = Enrol in the course first to see its lessons.
err-not-published = This course is not published.
err-invalid = That did not work: the request was not valid.
err-expired = That has expired.
err-conflict = That clashes with something that already exists.
err-generic = Something went wrong on our side. Please try again in a moment.
err-module-locked = 🔒 This module is not open yet.
cb-stale = This button is outdated. Use /courses or /my to start again.
cb-foreign = This button was not made for you. Use /courses.

# ---- Discord only (slash command descriptions: at most 100 characters)
dc-cmd-courses = Browse the published courses
dc-cmd-courses-search = Find a course by its title
dc-cmd-course = Show a course card
dc-cmd-course-course = The course (type to search)
dc-cmd-enrol = Enrol in a course; lessons arrive in your DMs
dc-cmd-next = Get your next unfinished lesson in your DMs
dc-cmd-next-course = The course (default: your first unfinished one)
dc-cmd-progress = Your progress in every course
dc-cmd-link = Link this account with your Telegram account
dc-cmd-link-code = A code from the Telegram bot (leave empty to get a code here)
dc-cmd-lang = Choose the bot language
dc-cmd-lang-language = The language
dc-cmd-deliver = Where new modules, reminders and announcements reach you
dc-cmd-deliver-to = Telegram, Discord or both
dc-cmd-help = What this bot does
dc-cmd-leave = Leave a course (your progress is kept)
dc-left = You left <b>{ $course }</b>. Your progress is kept if you come back.
dc-cmd-bind = Course authors: a course's chat room in this channel, or a role for its students
dc-cmd-bind-course = Your course
dc-cmd-bind-role = The role its students get
dc-dm-hint = I answer slash commands: type <b>/</b> here to see them. <b>/courses</b> lists the courses, <b>/next</b> continues where you stopped, <b>/help</b> says the rest.
dc-help =
    <b>TaskMetrics</b> — courses in Discord. Lessons arrive in your DMs.
    /courses — browse the courses
    /course — a course card
    /enrol — enrol in a course
    /next — your next lesson
    /progress — your progress
    /leave — leave a course
    /link — continue your Telegram account here (or the other way round)
    /lang — English or Russian
    /web — the course chat on the web (a one-time link)
    /deliver — Telegram, Discord or both for new modules and announcements
    /reminders — reminders of courses you paused, on or off
dc-courses-title = <b>Courses</b> — pick one:
dc-courses-none-match = No course matches “{ $query }”.
dc-select-course = Choose a course
dc-course-enrolled = You are enrolled: { $bar }
dc-lesson-sent = Sent to your DMs.
dc-dm-closed = I cannot write to you in DMs. To get lessons there, allow direct messages from this server's members (server name → Privacy Settings → Direct Messages) and run /next. Here is the lesson for now:
dc-nothing-next = You have no unfinished lessons. Find a course with /courses.
dc-progress-line = { $bar } ({ $done }/{ $total })
dc-link-issued =
    Your link code: <code>{ $code }</code>
    It works once, for { $minutes } minutes. Send <code>/link { $code }</code> to the TaskMetrics bot in Telegram: both accounts become one, with your courses and progress.
    Got a code from Telegram? Run /link with the code here.
dc-cb-stale = This button is outdated. Run /courses or /next to go on.
dc-bind-done = Students of <b>{ $course }</b> now get the role { $role } in this server.
dc-bind-guild-only = Run /bind in a server.
dc-bind-not-author = Only the course's authors can bind it.
dc-bind-no-permission = You need the Manage Roles permission.
dc-bind-role-unusable = I cannot give that role: move my role above it, and do not pick a managed role or @everyone.
dc-room-muted = You are muted in this course's chat: your messages there are not passed on.
dc-room-muted-reason = You are muted in this course's chat ({ $reason }): your messages there are not passed on.
dc-cmd-bind-channel = Make this channel the course's chat room (bridged to Telegram and the web)
dc-cmd-bind-role-sub = Give a role to the students of a course in this server
dc-cmd-unbind = Course authors: this channel is no longer a course chat room
dc-room-no-permission = You need the Manage Channels permission.
dc-room-no-role = First give the students of <b>{ $course }</b> a role in this server with /bind role: the chat room is visible to that role only.
dc-room-bot-permissions = I cannot set up this channel: give me Manage Webhooks and Manage Roles (Manage Permissions) here.
dc-room-other-course = This channel is the chat room of another course.
dc-room-bound = This channel is now the chat room of <b>{ $course }</b>: messages go to Telegram and the web and back. Only the role { $role } (and you) can see it.
dc-room-not-bound = This channel is not a course chat room.
dc-room-unbound = This channel is no longer a course chat room. Its permissions stay as they are.
dc-menu-delete = Delete everywhere
dc-menu-mute = Mute in course chat
dc-menu-unmute = Unmute in course chat
dc-room-not-moderator = Only the course's authors can do that in its chat.
dc-room-unknown-message = That message is not part of the course chat.
dc-room-deleted = Deleted everywhere: here, in Telegram and on the web.
dc-room-muted-done = { $name } is muted in this course's chat: their messages are not passed on.
dc-room-unmuted-done = { $name } can write in this course's chat again.
dc-cmd-web = A one-time link to the course chat on the web
dc-cmd-web-course = The course (default: this channel's course)
dc-web-link = Your personal sign-in link to the web chat: it works once, for { $minutes } minutes. Do not share it.
dc-web-open = Open the web chat

# ---- Reminders of unfinished courses (both bots)
cmd-reminders = Course reminders: on or off
reminder = ⏰ You have not been to <b>{ $course }</b> for a while. { $done } of { $total } lessons done; next up: <b>{ $next }</b>.
btn-reminders-off = 🔕 Stop reminders
reminders-on = 🔔 Reminders are on: when you pause a course for a while, I remind you where you stopped. /reminders off turns them off.
reminders-off = 🔕 Reminders are off. /reminders on turns them back on.
reminders-usage = Use /reminders on or /reminders off.
dc-cmd-reminders = Reminders of courses you paused: on or off
dc-cmd-reminders-state = On or off (leave empty to see which)
dc-reminders-choice-on = on
dc-reminders-choice-off = off
# course chat rooms in Telegram groups (plain text: sent without parse_mode, except web-link)
room-bind-usage = Bind this group to a course's chat: /bind course-slug (course authors only).
room-not-linked = I do not know your account yet. Open a private chat with me and use /link to join this Telegram account with your author account, then try again.
room-bot-not-admin = Make me an administrator of this group first (I need: { $rights }).
room-course-not-found = There is no course "{ $course }".
room-bind-forbidden = Only the course's authors can bind or unbind its chat.
room-bound = This group is now the chat of the course "{ $course }". Messages here and in the course's web room and Discord channel reach each other. Students join through the link the bot gives them when they enrol.
room-unbound = This group is no longer a course chat.
room-not-bound = This group is not a course chat.
room-reply-needed = Reply to the message you mean with this command.
room-unknown-message = That message is not part of the course chat.
room-already-deleted = That message was deleted already.
room-mod-forbidden = Only the course's authors can do that.
room-muted = { $name } is muted in this course chat: their messages are not passed on.
room-unmuted = { $name } may write in the course chat again.
room-not-muted = { $name } was not muted.
room-mute-self = You cannot mute yourself.
room-you-are-muted = { $name }, you are muted in this course chat: your messages are not passed on to the web room and Discord.
room-you-are-muted-reason = { $name }, you are muted in this course chat ({ $reason }): your messages are not passed on to the web room and Discord.
room-join-declined = I could not let you into the course chat: it is for students enrolled in the course and its authors. Enrol with /courses, then ask again with /chat.
room-groups = The course has a Telegram group. Ask to join with the button; I let enrolled students in.
room-no-groups = None of your courses has a Telegram group yet. Enrol with /courses; course groups are offered here.
btn-join-course-chat = Join the chat: { $course }
web-link =
    Your sign-in link to the web chat room (valid 10 minutes, works once):
    { $url }
web-no-room = You cannot open the chat of "{ $course }": enrol in it first (/courses), or check the course name.
cmd-web = Sign in to the web chat room
cmd-chat = Join your courses' Telegram groups
