// Course trees cached in two tiers: a small in-process map in front of Redis.
// Every invalidation deletes the Redis entry and is published on a Redis
// channel, so each process drops its local copy at once; a short local TTL is
// the backstop if a message is ever missed.
import type { CourseTreeCache } from '../domain/ports'
import type { CourseTree } from '../domain/types'
import type { Redis } from './redis'

const REDIS_TTL_SECONDS = 600
const LOCAL_TTL_MS = 30_000
const LOCAL_MAX_ENTRIES = 1000
export const INVALIDATION_CHANNEL = 'course-tree:invalidate'
const key = (slug: string) => `course-tree:${slug}`

export class RedisCourseTreeCache implements CourseTreeCache {
  private readonly local = new Map<string, { tree: CourseTree; expires: number }>()
  /** Bumped on every invalidation seen, so a read that raced one does not refill the local tier. */
  private generation = 0

  constructor(
    private readonly redis: Redis,
    subscriber?: Redis,
  ) {
    if (subscriber) {
      subscriber.on('message', (channel: string, message: string) => {
        if (channel === INVALIDATION_CHANNEL) this.dropLocal(message.split('\n'))
      })
      void subscriber.subscribe(INVALIDATION_CHANNEL).catch(() => {})
    }
  }

  async get(slug: string): Promise<CourseTree | null> {
    const hit = this.local.get(slug)
    if (hit && hit.expires > Date.now()) return hit.tree
    const generation = this.generation
    const raw = await this.redis.get(key(slug))
    if (!raw) return null
    const tree = JSON.parse(raw) as CourseTree
    tree.createdAt = new Date(tree.createdAt)
    tree.updatedAt = new Date(tree.updatedAt)
    if (generation === this.generation) this.remember(slug, tree)
    return tree
  }

  async set(slug: string, tree: CourseTree): Promise<void> {
    const generation = this.generation
    await this.redis.set(key(slug), JSON.stringify(tree), 'EX', REDIS_TTL_SECONDS)
    if (generation === this.generation) this.remember(slug, tree)
  }

  async invalidate(slugs: string[]): Promise<void> {
    if (!slugs.length) return
    this.dropLocal(slugs)
    await this.redis.del(...slugs.map(key))
    await this.redis.publish(INVALIDATION_CHANNEL, slugs.join('\n'))
  }

  private remember(slug: string, tree: CourseTree) {
    if (this.local.size >= LOCAL_MAX_ENTRIES) this.local.delete(this.local.keys().next().value!)
    this.local.set(slug, { tree, expires: Date.now() + LOCAL_TTL_MS })
  }

  private dropLocal(slugs: string[]) {
    this.generation++
    for (const slug of slugs) this.local.delete(slug)
  }
}
