import type { WindowCounters } from '../../shared/shared-state.ts'

export type ExpiringCounters = WindowCounters

/**
 * In-memory counters that expire, shaped like the two Redis commands @grammyjs/ratelimiter uses
 * (incr, pexpire). No timers: expired keys are dropped lazily, so it runs on any platform.
 */
export function createExpiringCounters(maxKeys = 10_000, now: () => number = Date.now): ExpiringCounters {
  const counters = new Map<string, { count: number; expiresAt: number }>()
  const sweep = () => {
    const time = now()
    for (const [key, entry] of counters) if (entry.expiresAt <= time) counters.delete(key)
    // Still too many live keys: forget the oldest.
    for (const key of counters.keys()) {
      if (counters.size <= maxKeys) break
      counters.delete(key)
    }
  }
  return {
    async incr(key) {
      const entry = counters.get(key)
      if (entry && entry.expiresAt > now()) {
        entry.count++
        return entry.count
      }
      counters.delete(key)
      if (counters.size >= maxKeys) sweep()
      counters.set(key, { count: 1, expiresAt: Number.POSITIVE_INFINITY })
      return 1
    },
    async pexpire(key, milliseconds) {
      const entry = counters.get(key)
      if (!entry) return 0
      entry.expiresAt = now() + milliseconds
      return 1
    },
  }
}
