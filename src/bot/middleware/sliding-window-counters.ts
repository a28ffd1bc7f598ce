import type { ExpiringCounters } from './expiring-counters.ts'

/**
 * Counters for @grammyjs/ratelimiter that count the hits of the last `windowMs` (a sliding window), not of a
 * fixed window: with a fixed window a chat could get a full allowance at the end of one window and another at
 * the start of the next. Hits are counted whether they were let through or not, so a chat that keeps
 * flooding stays limited. Only the newest `cap` hits of a key are kept: enough to tell "over the limit".
 */
export function createSlidingWindowCounters(
  windowMs: number,
  cap: number,
  maxKeys = 10_000,
  now: () => number = Date.now,
): ExpiringCounters {
  const hits = new Map<string, number[]>()
  return {
    async incr(key) {
      const time = now()
      const recent = (hits.get(key) ?? []).filter((at) => at > time - windowMs)
      recent.push(time)
      if (recent.length > cap) recent.splice(0, recent.length - cap)
      // Re-insert so the map stays ordered by last use, and forget the chats idle longest.
      hits.delete(key)
      hits.set(key, recent)
      for (const oldest of hits.keys()) {
        if (hits.size <= maxKeys) break
        hits.delete(oldest)
      }
      return recent.length
    },
    // The window is fixed at creation; ratelimiter's expiry call has nothing to do.
    async pexpire(key) {
      return hits.has(key) ? 1 : 0
    },
  }
}
