// The web room's HTML. User data goes into the page only through escapeHtml
// (titles, names) and data attributes; messages are rendered by room.js with
// textContent. Every page is sent with a strict Content-Security-Policy.
import type { Course } from '../../domain'

export const ROOM_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': ROOM_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

function layout(title: string, body: string, script = false): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/rooms/assets/room.css"></head>
<body>${body}${script ? '<script src="/rooms/assets/room.js" defer></script>' : ''}</body></html>`
}

export function roomPage(course: Course, me: { id: number; name: string; moderator: boolean }): string {
  return layout(
    `${course.title} · chat`,
    `<main id="room" data-slug="${escapeHtml(course.slug)}" data-me="${me.id}" data-moderator="${me.moderator}">
<header><h1>${escapeHtml(course.title)}</h1><span id="status" class="status" role="status">connecting…</span></header>
<ol id="messages" aria-live="polite"></ol>
<form id="composer" autocomplete="off">
<div id="replying" class="replying" hidden><span></span><button type="button" id="cancel-reply" aria-label="Cancel reply">×</button></div>
<div class="row"><textarea id="text" name="text" rows="2" maxlength="4096" placeholder="Message as ${escapeHtml(me.name)}" required></textarea><button type="submit" id="send">Send</button></div>
<p id="notice" class="notice" role="alert" hidden></p>
</form></main>`,
    true,
  )
}

export function roomListPage(courses: Array<{ slug: string; title: string }>): string {
  const items = courses.map((c) => `<li><a href="/rooms/${escapeHtml(c.slug)}">${escapeHtml(c.title)}</a></li>`).join('')
  return layout('Course chats', `<main class="page"><h1>Your course chats</h1>${items ? `<ul>${items}</ul>` : '<p>You are not enrolled in any course yet.</p>'}</main>`)
}

export function signInNeededPage(): string {
  return layout(
    'Sign in to the course chat',
    `<main class="page"><h1>Sign in to the course chat</h1>
<p>The web chat opens with a personal one-time link. Send <code>/web</code> to the TaskMetrics bot in Telegram or Discord and open the link it gives you (it works once, for 10 minutes).</p></main>`,
  )
}

export function messagePage(title: string, text: string): string {
  return layout(title, `<main class="page"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main>`)
}
