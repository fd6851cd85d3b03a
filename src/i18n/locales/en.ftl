# TaskMetrics: messages of the bots (Telegram, Discord) and of scheduled sends, English.
# Markup: only <b>, <i>, <u>, <s>, <code> and the entities &amp; &lt; &gt; &quot;
# (see src/domain/i18n.ts); variables are plain text, escaped by the sender.

cmd-start = Start and main menu
cmd-courses = Browse courses
cmd-my = My courses
cmd-progress = My progress
cmd-link = Link with your account on another platform
cmd-lang = Change language
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
    /link — a code to link this account with your account on another platform (Discord is coming soon), or redeem one: /link CODE
    /lang — switch between English and Russian
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
    For now TaskMetrics is only on Telegram; Discord support is coming soon.
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
cb-stale = This button is outdated. Use /courses or /my to start again.
cb-foreign = This button was not made for you. Use /courses.
