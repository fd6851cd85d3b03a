// The real program (bun src/main.ts) starts the discord role when DISCORD_TOKEN
// and DISCORD_APPLICATION_ID are set, in one process or under discord.js's
// ShardingManager (DISCORD_SHARDS), answers a command, and stops cleanly.
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { deployCommands } from '../../../src/bot/discord/deploy-commands'
import { type DiscordSimulator, startDiscordSimulator } from '../../fakes/discord'
import { testConfig } from '../../fixtures/context'
import { startProgram } from '../../fixtures/process'

let sim: DiscordSimulator | undefined
afterEach(async () => {
  await sim?.close()
  sim = undefined
})

const env = (s: DiscordSimulator, extra: Record<string, string> = {}) => ({
  NODE_ENV: 'test',
  DATABASE_URL: process.env.DATABASE_URL,
  REDIS_URL: process.env.REDIS_URL,
  DATA_DIR: process.env.DATA_DIR,
  REDIS_PREFIX: process.env.REDIS_PREFIX,
  LOG_LEVEL: 'info',
  ROLES: 'discord',
  DISCORD_TOKEN: s.token,
  DISCORD_APPLICATION_ID: s.applicationId,
  DISCORD_API_URL: s.apiUrl,
  ...extra,
})

/** Resident memory of a process (Linux), in MiB. */
function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0)
  return Math.round(kb / 1024)
}

describe('discord role in the program', () => {
  it('starts with DISCORD_TOKEN and DISCORD_APPLICATION_ID, answers /help, and stops on SIGTERM', async () => {
    sim = await startDiscordSimulator({ limits: false })
    const s = sim
    await deployCommands(testConfig({ DISCORD_TOKEN: s.token, DISCORD_APPLICATION_ID: s.applicationId, DISCORD_API_URL: s.apiUrl }).discord)
    const app = startProgram([], env(s))
    try {
      const ready = JSON.parse(await app.waitForLog(/discord bot ready/, 60_000))
      expect(ready).toMatchObject({ role: 'discord', bot: expect.stringContaining('sim-bot') })
      await app.waitForLog(/TaskMetrics is running/)
      console.info(`discord role idle RSS: ${rssMiB(app.proc.pid)} MiB (whole process: Bun, Prisma, Redis, discord.js)`)
      const user = s.user({ username: 'kim' })
      const help = user.slash('help')
      await s.waitUntil(() => help.reply?.message.content.includes('/courses'))
      expect(help.ack).toMatchObject({ status: 204 }) // in time: a late one is refused with 10062
      expect(app.output()).not.toContain(s.token)
    } finally {
      app.proc.kill('SIGTERM')
    }
    expect(await app.exited).toBe(0)
    expect(app.output()).toMatch(/discord bot stopped/)
  })

  it('runs one process per shard under the ShardingManager with DISCORD_SHARDS', async () => {
    sim = await startDiscordSimulator({ limits: false, recommendedShards: 2 })
    const s = sim
    await deployCommands(testConfig({ DISCORD_TOKEN: s.token, DISCORD_APPLICATION_ID: s.applicationId, DISCORD_API_URL: s.apiUrl }).discord)
    // a guild on each shard
    const guilds = [s.guild({ name: 'Zero', shard: [0, 2] }), s.guild({ name: 'One', shard: [1, 2] })]
    const app = startProgram([], env(s, { DISCORD_SHARDS: 'auto' }))
    try {
      await app.waitForLog(/discord shards ready/, 90_000)
      const live = await s.waitForSessions(2)
      expect(live.map((x) => x.shard.join('/')).sort()).toEqual(['0/2', '1/2'])
      for (const [n, guild] of guilds.entries()) {
        const channel = guild.textChannel({ name: `general-${n}` })
        const user = s.user({ username: `member${n}` })
        guild.addMember(user)
        const help = user.slash('help', { channel })
        await s.waitUntil(() => help.reply?.message.content.includes('/courses'), 10_000)
      }
    } finally {
      app.proc.kill('SIGTERM')
    }
    expect(await app.exited).toBe(0)
    expect(app.output()).toMatch(/discord shards stopped/)
  }, 120_000)
})
