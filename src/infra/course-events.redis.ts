// Live co-authoring on Redis: course change events on one pub/sub channel
// (every admin process subscribes once and fans out to its open streams), and
// presence as a sorted set per course (member "<userId>|<tab>", score = expiry
// in ms) beside a hash of what each member edits. Channel and keys live under
// the installation's REDIS_PREFIX (ioredis prefixes keys, never channels: the
// channel gets it here).
import type { CourseEvent, CourseEvents, PresenceEntry, PresenceRegistry } from '../domain/course-events'
import type { Logger } from './logger'
import type { Redis } from './redis'

const presenceKey = (courseId: number) => `live:presence:${courseId}`
const editingKey = (courseId: number) => `live:presence-editing:${courseId}`

/** The events channel of the installation with this namespace (channels are not keys: ioredis does not prefix them). */
export const courseEventsChannel = (prefix: string) => `${prefix}live:course-events`

export class RedisCourseEvents implements CourseEvents {
  private readonly listeners = new Set<(event: CourseEvent) => void>()
  private subscribed: Promise<unknown> | null = null
  private readonly channel: string

  /** `subscriber` is a connection of its own (subscribe mode), opened lazily by the first listener. */
  constructor(
    private readonly redis: Redis,
    private readonly subscriber: () => Redis,
    prefix: string,
    private readonly log?: Logger,
  ) {
    this.channel = courseEventsChannel(prefix)
  }

  async publish(event: CourseEvent): Promise<void> {
    try {
      await this.redis.publish(this.channel, JSON.stringify(event))
    } catch (err) {
      this.log?.warn({ err, courseId: event.courseId, action: event.action }, 'course event not published')
    }
  }

  async subscribe(listener: (event: CourseEvent) => void): Promise<() => void> {
    this.listeners.add(listener)
    await (this.subscribed ??= this.listen())
    return () => void this.listeners.delete(listener)
  }

  private listen() {
    const sub = this.subscriber()
    sub.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return
      const event = parseEvent(message)
      if (!event) return
      for (const listener of this.listeners) {
        try {
          listener(event)
        } catch (err) {
          this.log?.error({ err }, 'course event listener failed')
        }
      }
    })
    return sub.subscribe(this.channel).catch((err: unknown) => this.log?.error({ err }, 'course events subscription failed'))
  }
}

function parseEvent(raw: string): CourseEvent | null {
  try {
    const e = JSON.parse(raw) as CourseEvent
    return Number.isInteger(e.courseId) && typeof e.entity === 'string' && typeof e.action === 'string' ? e : null
  } catch {
    return null
  }
}

// KEYS[1] zset, KEYS[2] hash; ARGV[1] now, ARGV[2] expiry, ARGV[3] member, ARGV[4] editing ('' none), ARGV[5] key ttl (s)
// Returns 1 when the member is new, edits something else now, or others expired.
const TOUCH = `
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
for _, m in ipairs(expired) do redis.call('HDEL', KEYS[2], m) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local added = redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
local before = redis.call('HGET', KEYS[2], ARGV[3]) or ''
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
redis.call('EXPIRE', KEYS[1], ARGV[5])
redis.call('EXPIRE', KEYS[2], ARGV[5])
if added == 1 or before ~= ARGV[4] or #expired > 0 then return 1 end
return 0`

// KEYS[1] zset, KEYS[2] hash; ARGV[1] member
const LEAVE = `
redis.call('HDEL', KEYS[2], ARGV[1])
return redis.call('ZREM', KEYS[1], ARGV[1])`

export class RedisPresence implements PresenceRegistry {
  constructor(private readonly redis: Redis) {}

  async touch(courseId: number, entry: PresenceEntry, ttlMs: number): Promise<boolean> {
    const now = Date.now()
    const editing = entry.editing ? `${entry.editing.entity}:${entry.editing.id}` : ''
    const changed = await this.redis.eval(TOUCH, 2, presenceKey(courseId), editingKey(courseId), now, now + ttlMs, member(entry.userId, entry.tab), editing, Math.ceil(ttlMs / 1000) * 2)
    return changed === 1
  }

  async leave(courseId: number, userId: number, tab: string): Promise<boolean> {
    return (await this.redis.eval(LEAVE, 2, presenceKey(courseId), editingKey(courseId), member(userId, tab))) === 1
  }

  async list(courseId: number): Promise<PresenceEntry[]> {
    const members = await this.redis.zrangebyscore(presenceKey(courseId), `(${Date.now()}`, '+inf')
    if (!members.length) return []
    const editing = await this.redis.hmget(editingKey(courseId), ...members)
    return members.map((m, i) => {
      const [user, tab] = m.split('|')
      const [entity, id] = (editing[i] ?? '').split(':')
      return {
        userId: Number(user),
        tab: tab ?? '',
        editing: entity && id ? { entity: entity as 'course' | 'module' | 'content', id: Number(id) } : null,
      }
    })
  }
}

const member = (userId: number, tab: string) => `${userId}|${tab}`
