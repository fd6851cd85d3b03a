// The web room. User text is only ever set with textContent (no innerHTML), the
// page's CSP allows scripts and sockets from this origin only. After a drop the
// socket reconnects and the gap is filled from /messages?after=<last id>.
;(() => {
  'use strict'
  const root = document.getElementById('room')
  const slug = root.dataset.slug
  const me = Number(root.dataset.me)
  const moderator = root.dataset.moderator === 'true'
  const list = document.getElementById('messages')
  const status = document.getElementById('status')
  const form = document.getElementById('composer')
  const input = document.getElementById('text')
  const notice = document.getElementById('notice')
  const replying = document.getElementById('replying')
  const BADGES = { TELEGRAM: 'Telegram', DISCORD: 'Discord', WEB: 'Web' }
  const items = new Map() // message id -> { message, li }
  const outbox = new Map() // clientId -> frame, until acknowledged (resent after a reconnect)
  let lastId = 0
  let socket = null
  let retry = 0
  let replyTo = null
  let stopped = false

  const el = (tag, cls, text) => {
    const node = document.createElement(tag)
    if (cls) node.className = cls
    if (text !== undefined) node.textContent = text
    return node
  }

  function render(message) {
    const known = items.get(message.id)
    const li = known ? known.li : el('li', 'message')
    li.replaceChildren()
    li.dataset.id = String(message.id)
    li.classList.toggle('mine', message.author.id === me)
    li.classList.toggle('deleted', message.deleted)
    const head = el('div', 'head')
    head.append(el('span', 'name', message.author.name), el('span', `badge badge-${message.platform.toLowerCase()}`, BADGES[message.platform] || message.platform))
    const time = el('time', 'time', new Date(message.createdAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }))
    time.dateTime = message.createdAt
    head.append(time)
    if (message.editedAt && !message.deleted) head.append(el('span', 'edited', 'edited'))
    li.append(head)
    if (message.replyToId) {
      const target = items.get(message.replyToId)
      li.append(el('div', 'quote', target ? `${target.message.author.name}: ${target.message.deleted ? 'deleted message' : target.message.text || target.message.placeholder}`.slice(0, 120) : 'a reply'))
    }
    if (message.deleted) li.append(el('div', 'text', 'message deleted'))
    else {
      if (message.text) li.append(el('div', 'text', message.text))
      if (message.placeholder) li.append(el('div', 'media', message.placeholder))
      const actions = el('div', 'actions')
      actions.append(button('Reply', () => startReply(message)))
      if (message.author.id === me) actions.append(button('Edit', () => edit(message)))
      if (message.author.id === me || moderator) actions.append(button('Delete', () => send({ type: 'delete', id: message.id })))
      li.append(actions)
    }
    items.set(message.id, { message, li })
    if (!known) insert(li, message.id)
    lastId = Math.max(lastId, message.id)
  }

  function insert(li, id) {
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40
    let after = null
    for (const child of list.children) if (Number(child.dataset.id) > id) { after = child; break }
    list.insertBefore(li, after)
    if (atBottom || after === null) li.scrollIntoView({ block: 'end' })
  }

  function button(label, onClick) {
    const b = el('button', 'link', label)
    b.type = 'button'
    b.addEventListener('click', onClick)
    return b
  }

  function startReply(message) {
    replyTo = message.id
    replying.hidden = false
    replying.querySelector('span').textContent = `Replying to ${message.author.name}`
    input.focus()
  }

  function edit(message) {
    const text = window.prompt('Edit your message', message.text)
    if (text !== null && text.trim() && text !== message.text) send({ type: 'edit', id: message.id, text })
  }

  function say(text) {
    notice.textContent = text
    notice.hidden = !text
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame))
    else if (frame.type !== 'post') say('Not connected; try again in a moment.')
  }

  async function fetchHistory(after) {
    const res = await fetch(`/rooms/${slug}/messages?${after ? `after=${after}&` : ''}limit=200`, { credentials: 'same-origin' })
    if (res.status === 401 || res.status === 403) return stop(res.status === 401 ? 'Your session has ended: ask the bot for a new link with /web.' : 'You are no longer a member of this course chat.')
    if (!res.ok) throw new Error(`history: ${res.status}`)
    const body = await res.json()
    for (const m of body.messages) render(m)
    return body.messages.length
  }

  function stop(text) {
    stopped = true
    status.textContent = 'offline'
    say(text)
    form.querySelector('button[type=submit]').disabled = true
  }

  function connect() {
    if (stopped) return
    status.textContent = retry ? 'reconnecting…' : 'connecting…'
    const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/rooms/${slug}/ws`)
    socket = ws
    ws.addEventListener('open', async () => {
      try {
        // fill the gap: everything after the newest message we have, page by page
        while ((await fetchHistory(lastId)) === 200);
      } catch {}
      if (stopped) return
      retry = 0
      status.textContent = 'live'
      root.dataset.state = 'live'
      for (const frame of outbox.values()) ws.send(JSON.stringify(frame))
    })
    ws.addEventListener('message', (event) => {
      let frame
      try { frame = JSON.parse(event.data) } catch { return }
      if (frame.type === 'message' || frame.type === 'edited') render(frame.message)
      else if (frame.type === 'deleted') {
        const known = items.get(frame.id)
        if (known) render({ ...known.message, deleted: true, text: '', placeholder: '' })
      } else if (frame.type === 'ack') {
        if (frame.clientId) outbox.delete(frame.clientId)
        say('')
      } else if (frame.type === 'error') {
        if (frame.clientId) outbox.delete(frame.clientId)
        say(frame.message)
      }
    })
    ws.addEventListener('close', (event) => {
      root.dataset.state = 'offline'
      if (event.code === 4403) return stop('You are no longer a member of this course chat.')
      if (stopped) return
      retry++
      status.textContent = 'reconnecting…'
      // a refused upgrade looks like a drop: the history call tells which it was
      setTimeout(() => fetchHistory(lastId).then(connect, connect), Math.min(10_000, 500 * 2 ** Math.min(retry, 5)))
    })
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    const text = input.value
    if (!text.trim()) return
    const clientId = crypto.randomUUID().replace(/-/g, '')
    const frame = { type: 'post', clientId, text, replyToId: replyTo }
    outbox.set(clientId, frame)
    send(frame)
    input.value = ''
    replyTo = null
    replying.hidden = true
  })
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault()
      form.requestSubmit()
    }
  })
  document.getElementById('cancel-reply').addEventListener('click', () => {
    replyTo = null
    replying.hidden = true
  })

  fetchHistory(0).then(connect, connect)
})()
