// Course trees cached in two tiers: a small in-process map in front of Redis.
//
// Invalidation is safe against the classic cache-aside race (a reader loads an
// old tree from the database, an author changes the course, the reader then
// stores the old tree): every invalidation increments a per-course generation
// counter in Redis, a reader notes the generation before it reads the database,
// and a Lua script stores the tree only if the generation is still the same.
// Each invalidation is also published on a channel, so every process drops its
// local copy at once; a short local TTL is the backstop for a missed message.
//
// Redis is a cache here, never a dependency: while it is unreachable trees come
// straight from the database (and are not kept locally), and an invalidation
// that could not reach Redis is kept and sent again as soon as Redis is back,
// so a change an author saved is never reported as a failure.
import type { CourseTreeCache } from '../domain/ports'
import type { CourseTree } from '../domain/types'
import type { Redis } from './redis'

const REDIS_TTL_SECONDS = 600
const LOCAL_TTL_MS = 30_000
const LOCAL_MAX_ENTRIES = 1000
/** Pub/sub channels are not keys (ioredis does not prefix them): the namespace is added here. */
export const invalidationChannel = (prefix: string) => `${prefix}course-tree:invalidate`
const treeKey = (slug: string) => `course-tree:${slug}`
const generationKey = (slug: string) => `course-tree-gen:${slug}`

// KEYS[1] tree, KEYS[2] generation; ARGV[1] generation seen before loading, ARGV[2] json, ARGV[3] ttl
const STORE_IF_UNCHANGED = `
if (redis.call('GET', KEYS[2]) or '0') == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
  return 1
end
return 0`

// KEYS[1] tree, KEYS[2] generation
const INVALIDATE = `
redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], 86400)
return redis.call('DEL', KEYS[1])`

export class RedisCourseTreeCache implements CourseTreeCache {
  private readonly local = new Map<string, { tree: CourseTree; expires: number }>()
  /** Bumped on every invalidation seen here, so a read that raced one does not refill the local tier. */
  private localGeneration = 0
  private readonly channel: string
  /** Slugs whose invalidation has not reached Redis yet (Redis was away). */
  private readonly pending = new Set<string>()

  constructor(
    private readonly redis: Redis,
    subscriber: Redis | undefined,
    prefix: string,
  ) {
    this.channel = invalidationChannel(prefix)
    if (subscriber) {
      subscriber.on('message', (channel: string, message: string) => {
        if (channel === this.channel) this.dropLocal(message.split('\n'))
      })
      void subscriber.subscribe(this.channel).catch(() => {})
    }
    redis.on('ready', () => void this.flushPending())
  }

  private get redisUp(): boolean {
    return this.redis.status === 'ready'
  }

  async getOrLoad(slug: string, load: () => Promise<CourseTree | null>): Promise<CourseTree | null> {
    const hit = this.local.get(slug)
    if (hit && hit.expires > Date.now()) return hit.tree
    // without Redis (or with an invalidation of this course still to send) the database answers
    if (!this.redisUp || this.pending.has(slug)) return load()
    const localGeneration = this.localGeneration
    let cached: [string | null, string | null]
    try {
      cached = (await this.redis.mget(treeKey(slug), generationKey(slug))) as [string | null, string | null]
    } catch {
      return load()
    }
    const [raw, generation] = cached
    if (raw) {
      const tree = revive(JSON.parse(raw))
      if (localGeneration === this.localGeneration) this.remember(slug, tree)
      return tree
    }
    const tree = await load()
    if (!tree) return null
    const stored = await this.redis
      .eval(STORE_IF_UNCHANGED, 2, treeKey(slug), generationKey(slug), generation ?? '0', JSON.stringify(tree), REDIS_TTL_SECONDS)
      .catch(() => 0)
    if (stored === 1 && localGeneration === this.localGeneration) this.remember(slug, tree)
    return tree
  }

  async invalidate(slugs: string[]): Promise<void> {
    if (!slugs.length) return
    this.dropLocal(slugs)
    for (const slug of slugs) this.pending.add(slug)
    await this.flushPending()
  }

  /** Sends the invalidations Redis has not seen yet; what fails stays pending until the next 'ready'. */
  private async flushPending(): Promise<void> {
    const slugs = [...this.pending]
    if (!slugs.length || !this.redisUp) return
    try {
      await Promise.all(slugs.map((slug) => this.redis.eval(INVALIDATE, 2, treeKey(slug), generationKey(slug))))
      await this.redis.publish(this.channel, slugs.join('\n'))
      for (const slug of slugs) this.pending.delete(slug)
    } catch {
      // Redis went away mid-way: kept pending, sent again when it is back
    }
  }

  private remember(slug: string, tree: CourseTree) {
    if (this.local.size >= LOCAL_MAX_ENTRIES) this.local.delete(this.local.keys().next().value!)
    this.local.set(slug, { tree, expires: Date.now() + LOCAL_TTL_MS })
  }

  private dropLocal(slugs: string[]) {
    this.localGeneration++
    for (const slug of slugs) this.local.delete(slug)
  }
}

function revive(tree: CourseTree): CourseTree {
  tree.createdAt = new Date(tree.createdAt)
  tree.updatedAt = new Date(tree.updatedAt)
  return tree
}
