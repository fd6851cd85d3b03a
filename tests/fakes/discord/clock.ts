/** Discord's epoch (2015-01-01) in ms: snowflakes count from here. */
export const DISCORD_EPOCH = 1_420_070_400_000

/**
 * The simulator's clock: real time plus an offset a test may move forward
 * (e.g. past the 3-second interaction deadline) without sleeping.
 */
export class SimClock {
  private offset = 0
  constructor(private readonly base: () => number = Date.now) {}

  now(): number {
    return this.base() + this.offset
  }

  /** Moves the simulated time forward by `ms`. */
  advance(ms: number): void {
    this.offset += ms
  }

  isoNow(): string {
    return new Date(this.now()).toISOString()
  }
}

/** Shared by every simulator of the process, so ids never collide (within one ms, or across simulators). */
let increment = 0n

/** Generates unique snowflakes from the clock (17-19 digits, as discord.js's route hashing expects). */
export class Snowflakes {
  constructor(private readonly clock: SimClock) {}

  /** A new snowflake; with `shard`, one whose guild shard `(id >> 22) % count` is `shard[0]`. */
  next(shard?: [number, number]): string {
    let ms = BigInt(this.clock.now() - DISCORD_EPOCH)
    if (shard) {
      const [id, count] = shard.map(BigInt) as [bigint, bigint]
      ms += (id - (ms % count) + count) % count
    }
    increment = (increment + 1n) & 0x3fffffn
    return ((ms << 22n) | increment).toString()
  }
}

/** The shard that receives a guild's events (Discord's formula). */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount))
}

/** Milliseconds since the Unix epoch encoded in a snowflake. */
export function snowflakeTime(id: string): number {
  return Number(BigInt(id) >> 22n) + DISCORD_EPOCH
}
