// Runs the real discord role (one gateway connection) against the Discord
// simulator, on the test PostgreSQL database and Redis, with the demo course
// seeded and the commands registered by deploy-commands.
import { expect } from 'vitest'
import { DEMO_COURSE_SLUG, seed } from '../../../prisma/seed'
import { deployCommands } from '../../../src/bot/discord/deploy-commands'
import { discordRoleGateway, discordRoomAdapter, startDiscordClient } from '../../../src/bot/discord/role'
import { startWorkerRole } from '../../../src/jobs/worker'
import type { AppContext } from '../../../src/context'
import type { RunningRole } from '../../../src/roles/types'
import {
  type ChannelView, type DiscordSimulator, type DiscordSimulatorOptions, type InteractionView, type MessageRecord, type SimGuild, type SimUser,
  startDiscordSimulator,
} from '../../fakes/discord'
import { openTestContext, resetData } from '../../fixtures/context'

export { DEMO_COURSE_SLUG }

export interface DiscordHarness {
  sim: DiscordSimulator
  ctx: AppContext
  role: RunningRole
  guild: SimGuild
  general: ChannelView
  close(): Promise<void>
}

/**
 * `worker`: also the worker role as main.ts starts it with Discord configured
 * (course-role jobs through the REST role gateway, course chat delivery through
 * the Discord room adapter).
 */
export async function startDiscordHarness(opts: { sim?: DiscordSimulatorOptions; env?: Record<string, string | undefined>; seed?: boolean; worker?: boolean } = {}): Promise<DiscordHarness> {
  const sim = await startDiscordSimulator({ limits: false, ...opts.sim })
  const ctx = await openTestContext({ DISCORD_TOKEN: sim.token, DISCORD_APPLICATION_ID: sim.applicationId, DISCORD_API_URL: sim.apiUrl, ...opts.env })
  await resetData(ctx)
  if (opts.seed ?? true) await seed(ctx)
  await deployCommands(ctx.config.discord)
  const guild = sim.guild({ name: 'School' })
  const general = guild.textChannel({ name: 'general' })
  const role = await startDiscordClient(ctx)
  const worker = opts.worker ? await startWorkerRole(ctx, { courseRoles: discordRoleGateway(ctx), chatAdapters: [discordRoomAdapter(ctx)] }) : undefined
  return {
    sim,
    ctx,
    role,
    guild,
    general,
    async close() {
      await worker?.stop()
      await role.stop()
      await sim.close()
      await ctx.close()
    },
  }
}

/** A Discord student: runs commands and presses buttons, waiting for the bot each time. */
export class DiscordStudent {
  constructor(
    readonly sim: DiscordSimulator,
    readonly user: SimUser,
  ) {}

  get id() {
    return this.user.id
  }

  /** What the bot sent to this student's DMs (not interaction answers), in order. */
  get dms(): MessageRecord[] {
    return this.user.dm.fromBot.filter((m) => !m.interactionId)
  }

  /** Runs a slash command and waits until it is answered (the deferred reply filled, or removed in DMs). */
  async slash(command: string, opts: Parameters<SimUser['slash']>[1] = {}): Promise<InteractionView> {
    const i = this.user.slash(command, opts)
    // answered: the deferred reply got content, or was removed (lessons asked for in DMs)
    const answered = () => (i.reply ? !!(i.reply.message.content || i.reply.message.embeds.length) : !!i.record.originalMessageId)
    await this.sim.waitUntil(() => (i.acknowledged && answered() ? i : undefined))
    return i
  }

  /** Presses a button (label or custom_id) and waits for `dms` new DM messages from the bot. */
  async press(message: MessageRecord, button: string | RegExp, dms = 1): Promise<MessageRecord[]> {
    const before = this.dms.length
    const i = this.user.press(message, typeof button === 'string' ? button : this.buttonId(message, button))
    await this.sim.waitUntil(() => i.acknowledged)
    if (dms === 0) return []
    return (await this.waitForDms(before + dms)).slice(before)
  }

  /** Waits for the DM to hold `count` bot messages (not interaction answers); returns them all. */
  waitForDms(count: number): Promise<MessageRecord[]> {
    return this.sim.waitForMessages({ dmOf: this.user, count, where: (m) => !m.interactionId })
  }

  buttons(message: MessageRecord): string[] {
    const current = this.sim.channel(message.message.channel_id).messages.find((m) => m.message.id === message.message.id) ?? message
    return buttonsOf(current).map((c) => c.label ?? '?')
  }

  buttonId(message: MessageRecord, label: RegExp): string {
    const found = buttonsOf(message).find((c) => c.label !== undefined && label.test(c.label) && c.custom_id)
    if (!found?.custom_id) throw new Error(`no button ${label} in ${JSON.stringify(this.buttons(message))}`)
    return found.custom_id
  }
}

/** Every interaction of the run was acknowledged, none late or twice. */
export function expectAllAcknowledgedInTime(sim: DiscordSimulator) {
  const report = sim.ackReport()
  expect(report.unacknowledged.map((r) => r.interaction.type)).toEqual([])
  // a late acknowledgement is refused by the simulator with 10062, as Discord does
  expect(report.refused.map((r) => r.callbacks.map((c) => c.code))).toEqual([])
}

/** Nothing the bot sent could ping anyone: every message carried an empty allowed_mentions. */
export function expectNoMentionsAllowed(sim: DiscordSimulator) {
  const sent = [...sim.state.channels.values()].flatMap((c) => c.messages).filter((m) => m.message.author.id === sim.bot.id || m.interactionId)
  const loose = sent.filter((m) => !m.allowedMentions || (m.allowedMentions.parse ?? []).length > 0 || (m.allowedMentions.users ?? []).length > 0 || (m.allowedMentions.roles ?? []).length > 0)
  expect(loose.map((m) => m.message.content.slice(0, 60))).toEqual([])
}

export function textOf(m: MessageRecord | undefined): string {
  if (!m) return ''
  const embeds = m.message.embeds.map((e) => [e.title, e.description, ...(e.fields ?? []).map((f) => `${f.name}\n${f.value}`)].filter(Boolean).join('\n'))
  return [m.message.content, ...embeds].filter(Boolean).join('\n')
}

interface LooseComponent {
  type: number
  label?: string
  custom_id?: string
  url?: string
}

/** The components of a message's action rows (buttons and selects). */
export function buttonsOf(m: MessageRecord): LooseComponent[] {
  const rows = (m.message.components ?? []) as unknown as Array<{ components?: LooseComponent[] }>
  return rows.flatMap((row) => row.components ?? [])
}
