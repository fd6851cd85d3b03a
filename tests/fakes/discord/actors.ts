import { randomBytes } from 'node:crypto'
import type { APIApplicationCommand, APIApplicationCommandOption, APIChannel, APIMessage, APIRole, APIUser } from 'discord.js'
import type { SimContext } from './context'
import { createMessage, deleteMessage, editMessage } from './messages'
import { dmChannel } from './routes/users'
import { guildCreatePayload } from './routes/guilds'
import { EVERYONE_PERMISSIONS, PERMISSIONS, type BotAccess, type ChannelRecord, type GuildRecord, type InteractionRecord, type MessageRecord, type UserRecord } from './state'
import { ChannelView, InteractionView } from './views'

type Json = Record<string, any>

export interface UserInit {
  id?: string
  username?: string
  globalName?: string
  /** Client locale sent with interactions (default 'en-US'). */
  locale?: string
  /** false: DMs from the bot fail with 50007. Default true. */
  dmsOpen?: boolean
  bot?: boolean
}

export interface GuildInit {
  name?: string
  /** preferred_locale, sent as guild_locale (default 'en-US'). */
  locale?: string
  /** The bot's role permissions (bits). Default: view, send, embed, attach, history, mention everyone, manage messages/roles/webhooks. */
  botPermissions?: bigint
  /** Position of the bot's role (default 100: above roles made with `role()`). */
  botRolePosition?: number
  /** Put the guild on this shard: [shardId, shardCount] (Discord's `(id >> 22) % count`). */
  shard?: [number, number]
  /** Owner (created if omitted). */
  owner?: SimUser
}

export interface ChannelInit {
  name?: string
  topic?: string
  /** 'none': the bot cannot see it (50001); 'read': cannot send (50013). Default 'full'. */
  botAccess?: BotAccess
}

/** A file a user attaches to a message. */
export interface UserFile {
  filename: string
  bytes: Uint8Array
  contentType?: string
}

/** Where an interaction or message happens: a guild channel (view or id); omitted = the user's DM with the bot. */
export type Place = ChannelView | string | undefined

export interface InteractionOptions {
  /** Guild channel (default: the user's DM with the bot). */
  channel?: Place
  /** Overrides the user's locale for this interaction. */
  locale?: string
}

/** Shared by actors. */
export interface World {
  ctx: SimContext
}

export const DEFAULT_BOT_PERMISSIONS = (1n << 10n) | (1n << 11n) | (1n << 14n) | (1n << 15n) | (1n << 16n) | (1n << 17n)
  | (1n << 13n) | (1n << 28n) | (1n << 29n) | (1n << 31n)

function placeOf(world: World, user: UserRecord, place: Place): ChannelRecord {
  if (place === undefined) return dmChannel(world.ctx, user.user.id)
  const id = typeof place === 'string' ? place : place.id
  const channel = world.ctx.state.channels.get(id)
  if (!channel) throw new Error(`discord-sim: unknown channel ${id}`)
  return channel
}

/** Channel as embedded in an interaction (partial; DMs carry the recipient). */
function interactionChannel(channel: ChannelRecord, user: APIUser): Json {
  return channel.recipientId ? { ...channel.channel, recipients: [user] } : channel.channel
}

/** Builds, stores and dispatches an INTERACTION_CREATE. */
function startInteraction(world: World, user: UserRecord, channel: ChannelRecord, type: number, data: Json, extra: Json = {}, locale?: string): InteractionView {
  const { state } = world.ctx
  const guild = channel.guildId ? state.guilds.get(channel.guildId) : undefined
  if (guild && !guild.members.has(user.user.id)) throw new Error(`discord-sim: ${user.user.username} is not a member of guild ${guild.name}`)
  const id = state.ids.next()
  const token = `aW50ZXJhY3Rpb246${id}${randomBytes(48).toString('base64url')}`
  if (guild && !state.canView(channel, user.user.id)) throw new Error(`discord-sim: ${user.user.username} cannot see #${channel.channel.name ?? channel.channel.id} (ViewChannel)`)
  const botPermissions = guild ? state.permissionsIn(channel, state.bot.id) : 0n
  const interaction = {
    id, application_id: state.applicationId, type, data, token, version: 1,
    locale: locale ?? user.locale,
    channel: interactionChannel(channel, user.user), channel_id: channel.channel.id,
    app_permissions: String(botPermissions), entitlements: [], attachment_size_limit: 10 * 1024 * 1024,
    authorizing_integration_owners: guild ? { 0: guild.id } : { 1: user.user.id },
    context: guild ? 0 : 1,
    ...(guild
      ? {
        guild_id: guild.id, guild_locale: guild.preferredLocale,
        guild: { id: guild.id, locale: guild.preferredLocale, features: [] },
        member: { ...state.memberObject(guild, user.user.id), permissions: String(state.permissionsIn(channel, user.user.id)) },
      }
      : { user: user.user }),
    ...extra,
  }
  const record: InteractionRecord = {
    interaction: interaction as unknown as InteractionRecord['interaction'],
    id, token, userId: user.user.id, createdAt: state.now(), callbacks: [], followUpIds: [],
  }
  state.interactions.set(id, record)
  world.ctx.gateway.dispatch('INTERACTION_CREATE', interaction, guild?.id)
  state.changed()
  return new InteractionView(state, record)
}

/** The registered command (guild first, then global) for `/name`, or a clear error. */
function findCommand(world: World, name: string, guildId: string | undefined, type = 1): APIApplicationCommand {
  const { state } = world.ctx
  const lists = [...(guildId ? [state.guildCommands.get(guildId) ?? []] : []), state.globalCommands]
  for (const list of lists) {
    const found = list.find((c) => c.name === name && (c.type ?? 1) === type)
    if (found) return found
  }
  throw new Error(`discord-sim: /${name} is not registered${guildId ? ` in guild ${guildId} or` : ''} globally; register commands first (PUT /applications/{app}/commands)`)
}

type OptionValue = string | number | boolean

/** Typed options as Discord sends them, plus `resolved` users/members/roles/channels. */
function buildOptions(world: World, defs: APIApplicationCommandOption[] | undefined, values: Record<string, OptionValue>, guild: GuildRecord | undefined, focused?: string) {
  const { state } = world.ctx
  const resolved: Json = {}
  const options = Object.entries(values).map(([name, value]) => {
    const def = defs?.find((d) => d.name === name)
    if (!def) throw new Error(`discord-sim: option "${name}" is not declared (declared: ${(defs ?? []).map((d) => d.name).join(', ') || 'none'})`)
    const id = String(value)
    switch (def.type) {
      case 4: case 10: value = Number(value); break
      case 5: value = value === true || value === 'true'; break
      case 6: {
        const u = state.users.get(id)
        if (!u) throw new Error(`discord-sim: unknown user ${id}`)
        ;(resolved.users ??= {})[id] = u.user
        if (guild?.members.has(id)) {
          const { user: _omit, ...member } = state.memberObject(guild, id) as Json
          ;(resolved.members ??= {})[id] = { ...member, permissions: String(state.permissionsOf(guild, id)) }
        }
        break
      }
      case 7: (resolved.channels ??= {})[id] = state.channels.get(id)?.channel; break
      case 8: (resolved.roles ??= {})[id] = guild?.roles.get(id); break
      default: value = String(value)
    }
    return { name, type: def.type, value, ...(focused === name ? { focused: true } : {}) }
  })
  return { options, resolved }
}

/** Walks message components (rows, V2 containers and sections) depth-first. */
function* allComponents(components: Json[] | undefined): Generator<Json> {
  for (const c of components ?? []) {
    yield c
    if (Array.isArray(c.components)) yield* allComponents(c.components)
    if (c.accessory) yield c.accessory
    if (c.component) yield c.component
  }
}

/** A simulated Discord user: types messages, runs slash commands, presses buttons, picks options. */
export class SimUser {
  constructor(private readonly world: World, readonly record: UserRecord) {}

  get id(): string {
    return this.record.user.id
  }

  get user(): APIUser {
    return this.record.user
  }

  get locale(): string {
    return this.record.locale
  }

  set locale(locale: string) {
    this.record.locale = locale
  }

  /** The user stops accepting DMs from the bot: sends fail with 50007. */
  closeDms(): this {
    this.record.dmsOpen = false
    return this
  }

  openDms(): this {
    this.record.dmsOpen = true
    return this
  }

  /** The DM channel with the bot (created on first use). */
  get dm(): ChannelView {
    return new ChannelView(this.world.ctx.state, dmChannel(this.world.ctx, this.id).channel.id)
  }

  /** Ephemeral interaction messages this user received, anywhere, in order. */
  get ephemeral(): MessageRecord[] {
    return [...this.world.ctx.state.channels.values()].flatMap((c) => c.messages.filter((m) => m.ephemeralTo === this.id))
      .sort((a, b) => a.at - b.at)
  }

  /** Types a message in a guild channel (or the DM with the bot): MESSAGE_CREATE. */
  say(content: string, opts: { channel?: Place; files?: UserFile[]; replyTo?: APIMessage | MessageRecord; sticker?: string } = {}): APIMessage {
    const channel = placeOf(this.world, this.record, opts.channel)
    const guild = channel.guildId ? this.world.ctx.state.guilds.get(channel.guildId) : undefined
    if (guild && !guild.members.has(this.id)) throw new Error(`discord-sim: ${this.user.username} is not a member of ${guild.name}`)
    if (guild && (this.world.ctx.state.permissionsIn(channel, this.id) & (PERMISSIONS.ViewChannel | PERMISSIONS.SendMessages)) !== (PERMISSIONS.ViewChannel | PERMISSIONS.SendMessages)) {
      throw new Error(`discord-sim: ${this.user.username} cannot write in #${channel.channel.name ?? channel.channel.id} (ViewChannel, SendMessages)`)
    }
    const files = new Map((opts.files ?? []).map((f, i) => [`files[${i}]`, {
      field: `files[${i}]`, filename: f.filename, contentType: f.contentType ?? 'application/octet-stream', bytes: f.bytes,
    }]))
    const reply = opts.replyTo && ('message' in opts.replyTo ? opts.replyTo.message : opts.replyTo)
    const body = { content, ...(reply ? { message_reference: { message_id: reply.id } } : {}) }
    const stickerItems = opts.sticker ? [{ id: this.world.ctx.state.ids.next(), name: opts.sticker, format_type: 1 }] : undefined
    return createMessage(this.world.ctx, channel, body, files, { author: this.user, via: 'user', stickerItems, allowEmpty: !!stickerItems }).message
  }

  /** Edits one of this user's messages: MESSAGE_UPDATE. */
  edit(message: APIMessage | MessageRecord, content: string): APIMessage {
    const { current, channel } = this.own(message)
    return editMessage(this.world.ctx, channel, current, { content }, new Map()).message
  }

  /** Deletes one of this user's messages: MESSAGE_DELETE. */
  delete(message: APIMessage | MessageRecord): void {
    const { current, channel } = this.own(message)
    deleteMessage(this.world.ctx, channel, current)
  }

  private own(message: APIMessage | MessageRecord) {
    const found = this.current(message)
    if (found.current.message.author.id !== this.id) throw new Error('discord-sim: a user can only edit or delete their own messages')
    return found
  }

  /**
   * Runs a slash command: `slash('courses')`, `slash('course show', { options: { id: 3 } })` for a subcommand.
   * The command must be registered (guild or global), as on Discord; option types come from its declaration.
   */
  slash(command: string, opts: InteractionOptions & { options?: Record<string, OptionValue> } = {}): InteractionView {
    return this.command(command, opts.options ?? {}, opts, undefined)
  }

  /** Types into an autocomplete option: INTERACTION_CREATE type 4 with `focused` on `option`. */
  autocomplete(command: string, option: string, typed: string, opts: InteractionOptions & { options?: Record<string, OptionValue> } = {}): InteractionView {
    return this.command(command, { ...opts.options, [option]: typed }, opts, option)
  }

  private command(path: string, values: Record<string, OptionValue>, opts: InteractionOptions, focused: string | undefined): InteractionView {
    const channel = placeOf(this.world, this.record, opts.channel)
    const guild = channel.guildId ? this.world.ctx.state.guilds.get(channel.guildId) : undefined
    const [name, ...subs] = path.replace(/^\//, '').split(/\s+/)
    const command = findCommand(this.world, name!, guild?.id)
    let defs = command.options
    const wrappers: Json[] = []
    for (const sub of subs) {
      const def = defs?.find((d) => d.name === sub && (d.type === 1 || d.type === 2))
      if (!def) throw new Error(`discord-sim: /${name} has no subcommand "${sub}"`)
      wrappers.push({ name: sub, type: def.type })
      defs = 'options' in def ? (def.options as APIApplicationCommandOption[] | undefined) : undefined
    }
    const { options, resolved } = buildOptions(this.world, defs, values, guild, focused)
    let nested: Json[] = options
    for (const w of wrappers.reverse()) nested = [{ ...w, options: nested }]
    const data = {
      id: command.id, name: command.name, type: 1, ...(command.guild_id ? { guild_id: command.guild_id } : {}),
      ...(nested.length ? { options: nested } : {}), ...(Object.keys(resolved).length ? { resolved } : {}),
    }
    return startInteraction(this.world, this.record, channel, focused ? 4 : 2, data, {}, opts.locale)
  }

  /**
   * Runs a message context menu command (Apps > name on a message): INTERACTION_CREATE
   * with `target_id` and the message in `resolved.messages`. The command must be registered with type 3.
   */
  messageCommand(name: string, message: APIMessage | MessageRecord, opts: { locale?: string } = {}): InteractionView {
    const { current, channel } = this.current(message)
    const command = findCommand(this.world, name, channel.guildId, 3)
    const data = {
      id: command.id, name: command.name, type: 3, target_id: current.message.id,
      ...(command.guild_id ? { guild_id: command.guild_id } : {}),
      resolved: { messages: { [current.message.id]: current.message } },
    }
    return startInteraction(this.world, this.record, channel, 2, data, {}, opts.locale)
  }

  /** Presses a button (by custom_id, else by label) on the current version of a message. */
  press(message: APIMessage | MessageRecord, button: string, opts: { locale?: string } = {}): InteractionView {
    const { current, channel } = this.current(message)
    const all = [...allComponents(current.message.components as Json[])].filter((c) => c.type === 2)
    const found = all.find((c) => c.custom_id === button) ?? all.find((c) => c.label === button && c.custom_id)
    if (!found) throw new Error(`discord-sim: no button "${button}" (buttons: ${JSON.stringify(all.map((c) => c.custom_id ?? c.url))})`)
    if (found.disabled) throw new Error(`discord-sim: button "${button}" is disabled`)
    return startInteraction(this.world, this.record, channel, 3, { custom_id: found.custom_id, component_type: 2 }, { message: current.message }, opts.locale)
  }

  /** Chooses options of a string select (by value, else by label). */
  select(message: APIMessage | MessageRecord, customId: string, choices: string[], opts: { locale?: string } = {}): InteractionView {
    const { current, channel } = this.current(message)
    const menu = [...allComponents(current.message.components as Json[])].find((c) => c.type === 3 && c.custom_id === customId)
    if (!menu) throw new Error(`discord-sim: no string select "${customId}"`)
    if (menu.disabled) throw new Error(`discord-sim: select "${customId}" is disabled`)
    const values = choices.map((v) => {
      const option = (menu.options as Json[]).find((o) => o.value === v) ?? (menu.options as Json[]).find((o) => o.label === v)
      if (!option) throw new Error(`discord-sim: select "${customId}" has no option "${v}"`)
      return option.value as string
    })
    const min = menu.min_values ?? 1
    const max = menu.max_values ?? 1
    if (values.length < min || values.length > max) throw new Error(`discord-sim: select "${customId}" takes ${min}..${max} values`)
    return startInteraction(this.world, this.record, channel, 3, { custom_id: customId, component_type: 3, values }, { message: current.message }, opts.locale)
  }

  /** Submits the modal the bot opened (callback 9) in answer to `opened`, with text input values by custom_id. */
  submitModal(opened: InteractionView, values: Record<string, string>): InteractionView {
    const ack = opened.ack
    if (ack?.type !== 9 || !ack.data) throw new Error('discord-sim: that interaction was not answered with a modal')
    const modal = ack.data as Json
    const channel = this.world.ctx.state.channels.get(opened.record.interaction.channel!.id)!
    const components = (modal.components as Json[]).map((top) => {
      const input = [...allComponents([top])].find((c) => c.type === 4)
      if (!input) return top
      const answered = { type: 4, custom_id: input.custom_id, value: values[input.custom_id] ?? '' }
      return top.type === 18 ? { type: 18, component: answered } : { type: 1, components: [answered] }
    })
    const message = (opened.record.interaction as Json).message
    return startInteraction(this.world, this.record, channel, 5, { custom_id: modal.custom_id, components }, message ? { message } : {})
  }

  private current(message: APIMessage | MessageRecord): { current: MessageRecord; channel: ChannelRecord } {
    const m = 'message' in message ? message.message : message
    const channel = this.world.ctx.state.channels.get(m.channel_id)
    const current = channel?.messages.find((r) => r.message.id === m.id)
    if (!channel || !current) throw new Error(`discord-sim: message ${m.id} no longer exists`)
    if (current.ephemeralTo && current.ephemeralTo !== this.id) throw new Error('discord-sim: that ephemeral message is not visible to this user')
    return { current, channel }
  }
}

/** A simulated guild the bot is in. */
export class SimGuild {
  private nextRolePosition = 1

  constructor(private readonly world: World, readonly record: GuildRecord) {}

  get id(): string {
    return this.record.id
  }

  get name(): string {
    return this.record.name
  }

  /** The bot's managed role (edit its permissions/position to test 50013). */
  get botRole(): APIRole {
    return this.record.roles.get(this.record.botRoleId)!
  }

  /** Changes the bot role's permissions. */
  setBotPermissions(bits: bigint): this {
    this.record.roles.set(this.record.botRoleId, { ...this.botRole, permissions: String(bits) })
    return this
  }

  /** Adds a text channel (CHANNEL_CREATE to the owning shard). */
  textChannel(init: ChannelInit = {}): ChannelView {
    const { ctx } = this.world
    const id = ctx.state.ids.next()
    const channel = {
      id, type: 0, guild_id: this.id, name: init.name ?? `channel-${this.record.channelIds.length + 1}`,
      position: this.record.channelIds.length, permission_overwrites: [], parent_id: null, topic: init.topic ?? null,
      nsfw: false, rate_limit_per_user: 0, last_message_id: null, flags: 0,
    } as unknown as APIChannel
    ctx.state.channels.set(id, { channel, guildId: this.id, botAccess: init.botAccess ?? 'full', messages: [], deleted: [] })
    this.record.channelIds.push(id)
    ctx.gateway.dispatch('CHANNEL_CREATE', channel as unknown as Json, this.id)
    ctx.state.changed()
    return new ChannelView(ctx.state, id)
  }

  /** Adds a role (GUILD_ROLE_CREATE). Positions count up from 1, below the bot's role unless given. */
  role(init: { name?: string; permissions?: bigint; position?: number; mentionable?: boolean } = {}): APIRole {
    const { ctx } = this.world
    const role = {
      id: ctx.state.ids.next(), name: init.name ?? 'role', color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false, icon: null, unicode_emoji: null, position: init.position ?? this.nextRolePosition++,
      permissions: String(init.permissions ?? 0n), managed: false, mentionable: init.mentionable ?? false, flags: 0,
    } as unknown as APIRole
    this.record.roles.set(role.id, role)
    ctx.gateway.dispatch('GUILD_ROLE_CREATE', { guild_id: this.id, role }, this.id)
    ctx.state.changed()
    return role
  }

  /** Adds a member silently (setup; no gateway event). */
  addMember(user: SimUser, opts: { roles?: (APIRole | string)[]; nick?: string } = {}): this {
    this.record.members.set(user.id, {
      userId: user.id, roles: (opts.roles ?? []).map((r) => (typeof r === 'string' ? r : r.id)), nick: opts.nick ?? null,
      joinedAt: this.world.ctx.state.clock.isoNow(),
    })
    this.world.ctx.state.changed()
    return this
  }

  /** The user joins: GUILD_MEMBER_ADD (needs the GuildMembers intent). */
  join(user: SimUser, opts: { roles?: (APIRole | string)[] } = {}): this {
    this.addMember(user, opts)
    this.world.ctx.gateway.dispatch('GUILD_MEMBER_ADD', { guild_id: this.id, ...this.world.ctx.state.memberObject(this.record, user.id) }, this.id)
    return this
  }

  /** The user leaves: GUILD_MEMBER_REMOVE. */
  leave(user: SimUser): this {
    this.record.members.delete(user.id)
    this.world.ctx.gateway.dispatch('GUILD_MEMBER_REMOVE', { guild_id: this.id, user: user.user }, this.id)
    this.world.ctx.state.changed()
    return this
  }

  /** The member's permissions in a channel of this guild, overwrites applied (Discord's computation). */
  permissionsIn(user: SimUser | string, channel: ChannelView | string): bigint {
    const rec = this.world.ctx.state.channels.get(typeof channel === 'string' ? channel : channel.id)
    if (!rec || rec.guildId !== this.id) throw new Error('discord-sim: not a channel of this guild')
    return this.world.ctx.state.permissionsIn(rec, typeof user === 'string' ? user : user.id)
  }

  /** Whether the member sees the channel (ViewChannel after the channel's permission overwrites). */
  canView(user: SimUser | string, channel: ChannelView | string): boolean {
    return (this.permissionsIn(user, channel) & PERMISSIONS.ViewChannel) !== 0n
  }

  /** Gives a member a role silently (setup; no gateway event). */
  giveRole(user: SimUser | string, role: APIRole | string): this {
    const member = this.record.members.get(typeof user === 'string' ? user : user.id)
    const id = typeof role === 'string' ? role : role.id
    if (member && !member.roles.includes(id)) member.roles.push(id)
    this.world.ctx.state.changed()
    return this
  }

  /** Role ids the user has now (undefined when not a member). */
  rolesOf(user: SimUser | string): string[] | undefined {
    return this.record.members.get(typeof user === 'string' ? user : user.id)?.roles
  }

  isMember(user: SimUser | string): boolean {
    return this.record.members.has(typeof user === 'string' ? user : user.id)
  }
}

/** Creates the guild record with @everyone, the bot's role and the bot and owner as members; GUILD_CREATE if shards are up. */
export function createGuild(world: World, owner: SimUser, init: GuildInit): SimGuild {
  const { ctx } = world
  const id = ctx.state.ids.next(init.shard)
  const botRoleId = ctx.state.ids.next()
  const role = (rid: string, name: string, position: number, permissions: bigint, managed: boolean) => ({
    id: rid, name, color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null }, hoist: false, icon: null,
    unicode_emoji: null, position, permissions: String(permissions), managed, mentionable: false, flags: 0,
    ...(managed ? { tags: { bot_id: ctx.state.bot.id } } : {}),
  } as unknown as APIRole)
  const record: GuildRecord = {
    id, name: init.name ?? `Guild ${ctx.state.guilds.size + 1}`, ownerId: owner.id, preferredLocale: init.locale ?? 'en-US',
    roles: new Map([
      [id, role(id, '@everyone', 0, EVERYONE_PERMISSIONS, false)],
      [botRoleId, role(botRoleId, ctx.state.bot.username, init.botRolePosition ?? 100, init.botPermissions ?? DEFAULT_BOT_PERMISSIONS, true)],
    ]),
    members: new Map(), channelIds: [], botRoleId,
  }
  ctx.state.guilds.set(id, record)
  const guild = new SimGuild(world, record)
  guild.addMember(owner)
  record.members.set(ctx.state.bot.id, { userId: ctx.state.bot.id, roles: [botRoleId], nick: null, joinedAt: ctx.state.clock.isoNow() })
  ctx.gateway.dispatch('GUILD_CREATE', guildCreatePayload(ctx, record), id)
  return guild
}
