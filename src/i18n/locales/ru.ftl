# TaskMetrics: сообщения ботов (Telegram, Discord) и рассылок, русский язык.
# Разметка: только <b>, <i>, <u>, <s>, <code> и сущности &amp; &lt; &gt; &quot;
# (см. src/domain/i18n.ts); переменные — простой текст, их экранирует отправитель.

cmd-start = Начало и главное меню
cmd-courses = Каталог курсов
cmd-my = Мои курсы
cmd-progress = Мой прогресс
cmd-link = Связать с аккаунтом на другой платформе
cmd-lang = Сменить язык
cmd-deliver = Куда присылать новые модули и объявления
cmd-help = Помощь

start-new =
    Привет, <b>{ $name }</b>! Я учебный бот TaskMetrics.
    Уроки приходят прямо сюда: тексты, картинки, файлы, видео и тесты.
start-back = С возвращением, <b>{ $name }</b>!
start-next-steps = Выберите курс: /courses, продолжите обучение: /my, результаты: /progress. Все команды — /help.

help =
    <b>Что я умею</b>
    /courses — предметы и курсы
    /my — ваши курсы и прогресс
    /progress — прогресс и результаты тестов по курсам
    /link — код, чтобы связать аккаунт с вашим аккаунтом на другой платформе (Discord), или ввести код: /link КОД
    /chat — вступить в группы Telegram своих курсов
    /web — ссылка для входа в веб-чат курсов (/web slug-курса откроет его)
    /lang — переключить язык: русский или английский
    /deliver — куда присылать новые модули и объявления (Telegram, Discord или оба)
    /reminders — напоминания о прерванных курсах: /reminders on или /reminders off
    /help — это сообщение
unknown = Я не понял сообщение.

subjects-title = <b>Предметы</b> — выберите:
subjects-empty = Опубликованных курсов пока нет. Загляните позже!
subject-button = { $title } ({ $count })
courses-title = <b>{ $subject }</b> — выберите курс:
courses-empty = В этом предмете пока нет опубликованных курсов.
page-label = { $page } / { $pages }
btn-page-prev = «
btn-page-next = »
btn-back-subjects = « Предметы
btn-back-courses = « Курсы

course-modules = { $count ->
    [one] { $count } модуль
    [few] { $count } модуля
   *[many] { $count } модулей
}
course-authors = Авторы: { $authors }
course-subject = Предмет: { $subject }
course-enrolled-note = Вы записаны. { $bar }
btn-enrol = ✍️ Записаться
btn-continue = Продолжить ▶
btn-contents = 📋 Содержание
btn-restart = ↺ С начала
enrolled = Вы записаны на курс <b>{ $course }</b>. Вот первый урок.
enrolled-again = Вы уже записаны на курс <b>{ $course }</b>. Продолжим.
course-empty = В этом курсе пока нет уроков.
module-locked = 🔒 Модуль <b>{ $module }</b> откроется { $date }.
drip-module-open = 🔓 Модуль <b>{ $module }</b> курса <b>{ $course }</b> открыт.
btn-start-module = ▶️ Начать модуль

content-position = Модуль { $module }/{ $modules } · { $moduleTitle } · урок { $index } из { $total }
btn-next = Далее ▶
btn-prev = ◀ Назад
btn-finish = Завершить ✓
btn-skip = Пропустить ▶
video-watch = ▶️ Смотреть видео
file-missing = Файл этого урока не найден на сервере; авторы уже знают.

quiz-choose = Выберите ответ:
quiz-correct = ✅ Верно!
quiz-wrong = ❌ Не совсем. Правильный ответ: <b>{ $answer }</b>.
quiz-your-answer = Ваш ответ: { $answer }
quiz-answered-before = Вы уже отвечали на этот вопрос: засчитывается первый ответ.
quiz-expired = Этот тест больше не активен. Продолжите через /my.

course-finished = 🎉 Вы прошли курс <b>{ $course }</b>!
course-end-unfinished = Вы дошли до конца курса <b>{ $course }</b>: пройдено { $done } из { $total }. Первый непройденный урок: <b>{ $next }</b>.
toc-title = <b>{ $course }</b> — содержание
toc-next = Далее: <b>{ $next }</b>
toc-done = Все уроки пройдены.

my-title = <b>Мои курсы</b>
my-empty = Вы пока не записаны ни на один курс. Начните с /courses.
progress-title = <b>Мой прогресс</b>
progress-course = <b>{ $course }</b>
    { $bar } ({ $done }/{ $total })
progress-quiz = Тесты: верно { $correct } из { $quizzes } (отвечено { $answered })
progress-no-quiz = В этом курсе нет тестов.
progress-unknown-course = Вы не записаны на курс «{ $slug }». Смотрите /my.

link-issued =
    Ваш код для связи: <code>{ $code }</code>
    Он одноразовый и действует { $minutes } минут. Он нужен, чтобы объединить этот аккаунт с вашим аккаунтом на <i>другой платформе</i> (не с другим аккаунтом Telegram): отправьте там боту TaskMetrics <code>/link { $code }</code>, и курсы и прогресс сольются.
    TaskMetrics есть в Telegram и в Discord: в Discord введите команду /link с этим кодом.
    Код получен на другой платформе? Нажмите кнопку ниже или отправьте /link КОД.
btn-have-code = У меня есть код
link-ask-code = Пришлите код, полученный на другой платформе (8 букв и цифр).
link-done = ✅ Аккаунты связаны. Курсы и прогресс с обеих платформ теперь вместе.
link-unknown = Такой код мне неизвестен. Проверьте его или получите новый командой /link на другой платформе.
link-expired = Код истёк или уже использован. Получите новый командой /link на другой платформе.
link-own = Этот код для связи с <i>другим</i> аккаунтом — введите его на другой платформе.
link-conflict = Оба аккаунта уже есть в { $platform }, поэтому их нельзя связать: код объединяет аккаунты на разных платформах.
link-conflict-same = Оба аккаунта с одной и той же платформы, поэтому их нельзя связать: код объединяет аккаунты на разных платформах.
link-bad-format = Это не похоже на код. В нём 8 букв и цифр, например <code>ABCD2345</code>.

lang-choose = Выберите язык:
lang-set = Язык: русский.
lang-unknown = Я говорю по-русски (ru) и по-английски (en).

deliver-choose = Куда присылать новые модули, напоминания и объявления? Сейчас: { $current }.
deliver-set = Новые модули, напоминания и объявления будут приходить: { $choice }.
deliver-EVERY_LINKED = во все связанные аккаунты (Telegram и Discord)
deliver-TELEGRAM_ONLY = только в Telegram
deliver-DISCORD_ONLY = только в Discord
btn-deliver-EVERY_LINKED = Telegram и Discord
btn-deliver-TELEGRAM_ONLY = Только Telegram
btn-deliver-DISCORD_ONLY = Только Discord

group-hint = Я обучаю в личном чате — откройте его кнопкой ниже.
btn-open-private = Открыть бота

rate-limited = Слишком быстро — подождите несколько секунд и попробуйте снова.

err-not-found = Это больше недоступно. Найдите другое через /courses.
err-not-enrolled = Сначала запишитесь на курс, чтобы видеть его уроки.
err-not-published = Этот курс не опубликован.
err-invalid = Не получилось: запрос некорректен.
err-expired = Срок действия истёк.
err-conflict = Это конфликтует с уже существующими данными.
err-generic = У нас что-то пошло не так. Попробуйте ещё раз чуть позже.
err-module-locked = 🔒 Этот модуль ещё не открыт.
cb-stale = Эта кнопка устарела. Начните заново: /courses или /my.
cb-foreign = Эта кнопка не для вас. Воспользуйтесь /courses.

# ---- только Discord (описания команд: не длиннее 100 символов)
dc-cmd-courses = Каталог опубликованных курсов
dc-cmd-courses-search = Найти курс по названию
dc-cmd-course = Карточка курса
dc-cmd-course-course = Курс (начните вводить название)
dc-cmd-enrol = Записаться на курс; уроки придут в личные сообщения
dc-cmd-next = Следующий непройденный урок — в личные сообщения
dc-cmd-next-course = Курс (по умолчанию — первый незаконченный)
dc-cmd-progress = Ваш прогресс по всем курсам
dc-cmd-link = Связать этот аккаунт с аккаунтом в Telegram
dc-cmd-link-code = Код от бота в Telegram (без кода — получить код здесь)
dc-cmd-lang = Язык бота
dc-cmd-lang-language = Язык
dc-cmd-deliver = Куда присылать новые модули, напоминания и объявления
dc-cmd-deliver-to = Telegram, Discord или оба
dc-cmd-help = Что умеет бот
dc-cmd-leave = Покинуть курс (прогресс сохранится)
dc-left = Вы покинули курс <b>{ $course }</b>. Прогресс сохранится, если вернётесь.
dc-cmd-bind = Для авторов: чат курса в этом канале или роль для его учеников
dc-cmd-bind-course = Ваш курс
dc-cmd-bind-role = Роль для учеников курса
dc-dm-hint = Я отвечаю на слэш-команды: наберите здесь <b>/</b>, чтобы их увидеть. <b>/courses</b> — список курсов, <b>/next</b> — продолжить с того места, где вы остановились, <b>/help</b> — остальное.
dc-help =
    <b>TaskMetrics</b> — курсы в Discord. Уроки приходят в личные сообщения.
    /courses — каталог курсов
    /course — карточка курса
    /enrol — записаться на курс
    /next — следующий урок
    /progress — ваш прогресс
    /leave — покинуть курс
    /link — продолжить здесь аккаунт из Telegram (или наоборот)
    /lang — русский или английский
    /web — чат курса в вебе (одноразовая ссылка)
    /deliver — Telegram, Discord или оба для новых модулей и объявлений
    /reminders — напоминания о прерванных курсах: вкл. или выкл.
dc-courses-title = <b>Курсы</b> — выберите:
dc-courses-none-match = Нет курса «{ $query }».
dc-select-course = Выберите курс
dc-course-enrolled = Вы записаны: { $bar }
dc-lesson-sent = Отправил в личные сообщения.
dc-dm-closed = Не могу написать вам в личные сообщения. Чтобы уроки приходили туда, разрешите личные сообщения от участников этого сервера (название сервера → Настройки конфиденциальности → Личные сообщения) и вызовите /next. А пока урок здесь:
dc-nothing-next = Непройденных уроков нет. Найдите курс через /courses.
dc-progress-line = { $bar } ({ $done }/{ $total })
dc-link-issued =
    Ваш код для связи: <code>{ $code }</code>
    Он одноразовый и действует { $minutes } минут. Отправьте <code>/link { $code }</code> боту TaskMetrics в Telegram: аккаунты станут одним, с курсами и прогрессом.
    Код получен в Telegram? Вызовите здесь /link с этим кодом.
dc-cb-stale = Эта кнопка устарела. Вызовите /courses или /next, чтобы продолжить.
dc-bind-done = Ученики курса <b>{ $course }</b> теперь получают роль { $role } на этом сервере.
dc-bind-guild-only = Вызовите /bind на сервере.
dc-bind-not-author = Привязать курс могут только его авторы.
dc-bind-no-permission = Нужно право «Управлять ролями».
dc-bind-role-unusable = Не могу выдать эту роль: поднимите мою роль выше неё и не выбирайте управляемую роль или @everyone.
dc-room-muted = Вам запрещено писать в чате этого курса: ваши сообщения туда не передаются.
dc-room-muted-reason = Вам запрещено писать в чате этого курса ({ $reason }): ваши сообщения туда не передаются.
dc-cmd-bind-channel = Сделать этот канал чатом курса (связан с Telegram и вебом)
dc-cmd-bind-role-sub = Выдавать роль на этом сервере ученикам курса
dc-cmd-unbind = Авторам курсов: этот канал больше не чат курса
dc-room-no-permission = Нужно право «Управлять каналами».
dc-room-no-role = Сначала дайте ученикам курса <b>{ $course }</b> роль на этом сервере командой /bind role: чат курса виден только этой роли.
dc-room-bot-permissions = Не могу настроить этот канал: дайте мне здесь права «Управлять вебхуками» и «Управлять правами».
dc-room-other-course = Этот канал уже чат другого курса.
dc-room-bound = Теперь этот канал — чат курса <b>{ $course }</b>: сообщения уходят в Telegram и веб и приходят оттуда. Видят его только роль { $role } (и вы).
dc-room-not-bound = Этот канал не чат курса.
dc-room-unbound = Этот канал больше не чат курса. Его права остались как были.
dc-menu-delete = Удалить везде
dc-menu-mute = Заглушить в чате курса
dc-menu-unmute = Вернуть голос в чате курса
dc-room-not-moderator = Это могут только авторы курса.
dc-room-unknown-message = Это сообщение не из чата курса.
dc-room-deleted = Удалено везде: здесь, в Telegram и в вебе.
dc-room-muted-done = { $name } больше не может писать в чат курса: сообщения не передаются.
dc-room-unmuted-done = { $name } снова может писать в чат курса.
dc-cmd-web = Одноразовая ссылка на чат курса в вебе
dc-cmd-web-course = Курс (по умолчанию курс этого канала)
dc-web-link = Ваша личная ссылка для входа в веб-чат: работает один раз, { $minutes } минут. Никому её не передавайте.
dc-web-open = Открыть веб-чат

# ---- Напоминания о незаконченных курсах (оба бота)
cmd-reminders = Напоминания о курсах: вкл. или выкл.
reminder = ⏰ Вы давно не заходили в курс <b>{ $course }</b>. Пройдено уроков: { $done } из { $total }; следующий — <b>{ $next }</b>.
btn-reminders-off = 🔕 Не напоминать
reminders-on = 🔔 Напоминания включены: если вы надолго прервёте курс, я напомню, где вы остановились. Выключить — /reminders off.
reminders-off = 🔕 Напоминания выключены. Включить снова — /reminders on.
reminders-usage = Напишите /reminders on или /reminders off.
dc-cmd-reminders = Напоминания о прерванных курсах: вкл. или выкл.
dc-cmd-reminders-state = Вкл. или выкл. (пусто — показать, что сейчас)
dc-reminders-choice-on = вкл.
dc-reminders-choice-off = выкл.
# чаты курсов в группах Telegram (простой текст, без parse_mode, кроме web-link)
room-bind-usage = Привязать эту группу к чату курса: /bind slug-курса (только авторы курса).
room-not-linked = Я пока не знаю ваш аккаунт. Откройте личный чат со мной и свяжите этот аккаунт Telegram с аккаунтом автора командой /link, затем повторите.
room-bot-not-admin = Сначала сделайте меня администратором группы (нужно: { $rights }).
room-course-not-found = Курса «{ $course }» нет.
room-bind-forbidden = Привязывать и отвязывать чат курса могут только его авторы.
room-bound = Теперь эта группа — чат курса «{ $course }». Сообщения отсюда, из веб-комнаты курса и его канала Discord доходят друг до друга. Студенты вступают по ссылке, которую бот даёт им при записи на курс.
room-unbound = Эта группа больше не чат курса.
room-not-bound = Эта группа не чат курса.
room-reply-needed = Отправьте эту команду ответом на нужное сообщение.
room-unknown-message = Это сообщение не из чата курса.
room-already-deleted = Это сообщение уже удалено.
room-mod-forbidden = Это могут только авторы курса.
room-muted = { $name } теперь без права голоса в чате курса: сообщения не пересылаются.
room-unmuted = { $name } снова может писать в чат курса.
room-not-muted = У { $name } и не было ограничения.
room-mute-self = Нельзя заглушить самого себя.
room-you-are-muted = { $name }, вам запрещено писать в чат курса: ваши сообщения не пересылаются в веб-комнату и Discord.
room-you-are-muted-reason = { $name }, вам запрещено писать в чат курса ({ $reason }): ваши сообщения не пересылаются в веб-комнату и Discord.
room-join-declined = Не могу впустить вас в чат курса: он для записанных на курс студентов и его авторов. Запишитесь через /courses и попросите снова командой /chat.
room-groups = У курса есть группа в Telegram. Попросите вступить кнопкой — записанных студентов я впускаю.
room-no-groups = Ни у одного из ваших курсов пока нет группы в Telegram. Запишитесь на курс через /courses — группы курсов появятся здесь.
btn-join-course-chat = Вступить в чат: { $course }
web-link =
    Ваша ссылка для входа в веб-чат (действует 10 минут, один раз):
    { $url }
web-no-room = Нельзя открыть чат «{ $course }»: сначала запишитесь на курс (/courses) или проверьте название.
cmd-web = Войти в веб-чат курса
cmd-chat = Вступить в группы Telegram своих курсов
