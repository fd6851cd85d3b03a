import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { randomBytes } from 'node:crypto'
import { WebSocketServer, type WebSocket } from 'ws'
import { shardOf } from './clock'
import type { Dispatcher, SimContext } from './context'
import { guildCreatePayload } from './routes/guilds'

/** Gateway intents the simulator honours (Discord's bits). */
export const INTENTS = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const

const PRIVILEGED = INTENTS.GuildMembers | INTENTS.GuildPresences | INTENTS.MessageContent

/** One gateway session (survives a dropped connection until resumed or invalidated). */
export interface GatewaySession {
  id: string
  shard: [number, number]
  intents: number
  /** Last sequence number sent. */
  seq: number
  connected: boolean
  resumable: boolean
  heartbeats: number
  resumes: number
  identifiedAt: number
  /** Dispatches sent on this session (for RESUME replay and assertions). */
  events: { s: number; t: string; d: Record<string, unknown> }[]
}

interface Connection {
  socket: WebSocket
  session?: GatewaySession
}

export interface GatewayOptions {
  heartbeatIntervalMs: number
  /** Privileged intents enabled for the application (others close with 4014). */
  privilegedIntents: number
}

function intentFor(event: string, d: Record<string, unknown>): number {
  if (event.startsWith('GUILD_MEMBER_')) return INTENTS.GuildMembers
  if (event.startsWith('MESSAGE_')) return d.guild_id ? INTENTS.GuildMessages : INTENTS.DirectMessages
  if (event.startsWith('GUILD_') || event.startsWith('CHANNEL_')) return INTENTS.Guilds
  return 0
}

/** Without MESSAGE_CONTENT, guild messages arrive without content, embeds, attachments and components. */
function withoutContent(ctx: SimContext, d: Record<string, any>): Record<string, unknown> {
  const bot = ctx.state.bot.id
  const mentioned = Array.isArray(d.mentions) && d.mentions.some((u: { id: string }) => u.id === bot)
  if (!d.guild_id || d.author?.id === bot || mentioned || d.content === undefined) return d
  return { ...d, content: '', embeds: [], attachments: [], components: [] }
}

/** The WebSocket gateway: HELLO, heartbeats, IDENTIFY -> READY + GUILD_CREATE, RESUME, dispatches by shard. */
export class Gateway implements Dispatcher {
  readonly sessions: GatewaySession[] = []
  private readonly connections = new Set<Connection>()
  private readonly wss = new WebSocketServer({ noServer: true })
  identifyCount = 0

  constructor(private readonly ctx: SimContext, private readonly options: GatewayOptions) {}

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.open(ws))
  }

  private open(socket: WebSocket) {
    const conn: Connection = { socket }
    this.connections.add(conn)
    this.send(conn, { op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs }, s: null, t: null })
    socket.on('message', (raw) => this.receive(conn, String(raw)))
    socket.on('close', (code) => {
      this.connections.delete(conn)
      if (!conn.session) return
      conn.session.connected = false
      if (code === 1000 || code === 1001) conn.session.resumable = false
      this.ctx.state.changed()
    })
  }

  private send(conn: Connection, payload: unknown) {
    if (conn.socket.readyState === conn.socket.OPEN) conn.socket.send(JSON.stringify(payload))
  }

  private receive(conn: Connection, raw: string) {
    let payload: { op?: number; d?: any }
    try {
      payload = JSON.parse(raw)
    } catch {
      return conn.socket.close(4002, 'Error while decoding payload.')
    }
    switch (payload.op) {
      case 1:
        if (conn.session) conn.session.heartbeats++
        this.send(conn, { op: 11, d: null, s: null, t: null })
        return
      case 2:
        return this.identify(conn, payload.d ?? {})
      case 6:
        return this.resume(conn, payload.d ?? {})
      case 3:
      case 4:
        if (!conn.session) conn.socket.close(4003, 'Not authenticated.')
        return
      case 8:
        return this.requestMembers(conn, payload.d ?? {})
      default:
        conn.socket.close(4001, 'Unknown opcode.')
    }
  }

  private identify(conn: Connection, d: { token?: string; intents?: number; shard?: [number, number] }) {
    if (conn.session) return conn.socket.close(4005, 'Already authenticated.')
    if (d.token !== this.ctx.token && d.token !== `Bot ${this.ctx.token}`) return conn.socket.close(4004, 'Authentication failed.')
    const [shardId, shardCount] = d.shard ?? [0, 1]
    if (!Number.isInteger(shardCount) || shardCount < 1 || !Number.isInteger(shardId) || shardId < 0 || shardId >= shardCount) {
      return conn.socket.close(4010, 'Invalid shard.')
    }
    const intents = Number(d.intents)
    if (!Number.isInteger(intents) || intents < 0 || intents >= 1 << 26) return conn.socket.close(4013, 'Invalid intent(s).')
    if (intents & PRIVILEGED & ~this.options.privilegedIntents) return conn.socket.close(4014, 'Disallowed intent(s).')
    this.identifyCount++
    const session: GatewaySession = {
      id: randomBytes(16).toString('hex'), shard: [shardId, shardCount], intents, seq: 0, connected: true, resumable: true,
      heartbeats: 0, resumes: 0, identifiedAt: this.ctx.state.now(), events: [],
    }
    conn.session = session
    this.sessions.push(session)
    const guilds = [...this.ctx.state.guilds.values()].filter((g) => shardOf(g.id, shardCount) === shardId)
    this.emit(session, 'READY', {
      v: 10, user: this.ctx.state.bot, guilds: guilds.map((g) => ({ id: g.id, unavailable: true })), session_id: session.id,
      resume_gateway_url: this.ctx.gatewayUrl(), shard: [shardId, shardCount],
      application: { id: this.ctx.state.applicationId, flags: 0 }, private_channels: [], relationships: [], presences: [],
      guild_join_requests: [], geo_ordered_rtc_regions: [], session_type: 'normal', user_settings: {}, auth: {},
    })
    for (const g of guilds) this.emit(session, 'GUILD_CREATE', guildCreatePayload(this.ctx, g))
    this.ctx.state.changed()
  }

  private resume(conn: Connection, d: { token?: string; session_id?: string; seq?: number }) {
    const session = this.sessions.find((s) => s.id === d.session_id)
    if (d.token !== this.ctx.token && d.token !== `Bot ${this.ctx.token}`) return conn.socket.close(4004, 'Authentication failed.')
    if (!session || !session.resumable || session.connected) {
      this.send(conn, { op: 9, d: false, s: null, t: null })
      return
    }
    conn.session = session
    session.connected = true
    session.resumes++
    for (const e of session.events.filter((x) => x.s > Number(d.seq ?? 0))) this.send(conn, { op: 0, s: e.s, t: e.t, d: e.d })
    this.emit(session, 'RESUMED', {})
    this.ctx.state.changed()
  }

  private requestMembers(conn: Connection, d: { guild_id?: string; query?: string; limit?: number; user_ids?: string | string[]; nonce?: string }) {
    if (!conn.session) return conn.socket.close(4003, 'Not authenticated.')
    const guild = d.guild_id ? this.ctx.state.guilds.get(d.guild_id) : undefined
    if (!guild) return
    const wanted = d.user_ids === undefined ? undefined : [d.user_ids].flat()
    let ids = [...guild.members.keys()]
    if (wanted) ids = ids.filter((id) => wanted.includes(id))
    else if (d.query) ids = ids.filter((id) => this.ctx.state.users.get(id)?.user.username.toLowerCase().startsWith(d.query!.toLowerCase()))
    if (d.limit) ids = ids.slice(0, d.limit)
    this.emit(conn.session, 'GUILD_MEMBERS_CHUNK', {
      guild_id: guild.id, members: ids.map((id) => this.ctx.state.memberObject(guild, id)), chunk_index: 0, chunk_count: 1,
      not_found: wanted ? wanted.filter((id) => !guild.members.has(id)) : [], ...(d.nonce ? { nonce: d.nonce } : {}),
    })
  }

  /** Sends one dispatch on a session (buffered for RESUME even while disconnected). */
  private emit(session: GatewaySession, t: string, d: Record<string, unknown>) {
    const s = ++session.seq
    session.events.push({ s, t, d })
    if (session.events.length > 2000) session.events.splice(0, session.events.length - 2000)
    for (const conn of this.connections) if (conn.session === session) this.send(conn, { op: 0, s, t, d })
  }

  dispatch(event: string, data: Record<string, unknown>, guildId?: string): void {
    const intent = intentFor(event, data)
    for (const session of this.sessions) {
      if (!session.resumable) continue
      const [id, count] = session.shard
      if ((guildId ? shardOf(guildId, count) : 0) !== id) continue
      if (intent && !(session.intents & intent)) continue
      const d = event === 'MESSAGE_CREATE' || event === 'MESSAGE_UPDATE'
        ? (session.intents & INTENTS.MessageContent ? data : withoutContent(this.ctx, data)) : data
      this.emit(session, event, d)
    }
  }

  /** Drops the connections of a shard (default close code 4000: the client resumes). */
  disconnect(shardId?: number, code = 4000) {
    for (const conn of this.connections) {
      if (shardId === undefined || conn.session?.shard[0] === shardId) conn.socket.close(code, 'Simulated disconnect')
    }
  }

  /** Sends INVALID_SESSION (op 9) to a shard's connections; `resumable` false makes the client identify again. */
  invalidate(shardId?: number, resumable = false) {
    for (const conn of this.connections) {
      if (!conn.session || (shardId !== undefined && conn.session.shard[0] !== shardId)) continue
      if (!resumable) conn.session.resumable = false
      this.send(conn, { op: 9, d: resumable, s: null, t: null })
    }
  }

  close() {
    for (const conn of this.connections) conn.socket.terminate()
    this.connections.clear()
    this.wss.close()
  }
}
