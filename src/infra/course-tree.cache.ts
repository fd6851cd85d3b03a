// Course trees cached in Redis as JSON, keyed by slug.
import type { CourseTreeCache } from '../domain/ports'
import type { CourseTree } from '../domain/types'
import type { Redis } from './redis'

const TTL_SECONDS = 3600
const key = (slug: string) => `course-tree:${slug}`

export class RedisCourseTreeCache implements CourseTreeCache {
  constructor(private readonly redis: Redis) {}

  async get(slug: string): Promise<CourseTree | null> {
    const raw = await this.redis.get(key(slug))
    if (!raw) return null
    const tree = JSON.parse(raw) as CourseTree
    tree.createdAt = new Date(tree.createdAt)
    tree.updatedAt = new Date(tree.updatedAt)
    return tree
  }

  async set(slug: string, tree: CourseTree): Promise<void> {
    await this.redis.set(key(slug), JSON.stringify(tree), 'EX', TTL_SECONDS)
  }

  async invalidate(slugs: string[]): Promise<void> {
    if (slugs.length) await this.redis.del(...slugs.map(key))
  }
}
