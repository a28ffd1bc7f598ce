import type { Context } from 'grammy'
import { describe, expect, it } from 'vitest'
import { describeError } from '../../src/bot/logger.ts'
import { dropDuplicateUpdates } from '../../src/bot/middleware/drop-duplicate-updates.ts'
import { createSlidingWindowCounters } from '../../src/bot/middleware/sliding-window-counters.ts'

describe('dropDuplicateUpdates', () => {
  const run = async (middleware: ReturnType<typeof dropDuplicateUpdates>, ids: number[]) => {
    const handled: number[] = []
    for (const id of ids) {
      await middleware({ update: { update_id: id } } as Context, async () => {
        handled.push(id)
      })
    }
    return handled
  }

  it('handles each update_id once', async () => {
    expect(await run(dropDuplicateUpdates(), [1, 2, 1, 3, 2, 1])).toEqual([1, 2, 3])
  })

  it('forgets ids after their time, and the oldest ids beyond its size', async () => {
    let now = 0
    const expiring = dropDuplicateUpdates({ ttlMs: 1_000, now: () => now })
    expect(await run(expiring, [1])).toEqual([1])
    now = 1_001
    expect(await run(expiring, [1])).toEqual([1])
    const bounded = dropDuplicateUpdates({ maxSize: 3 })
    expect(await run(bounded, [1, 2, 3, 4, 1, 4])).toEqual([1, 2, 3, 4, 1])
  })
})

describe('createSlidingWindowCounters', () => {
  it('counts the hits of the last window, whatever their window of first use', async () => {
    let now = 0
    const counters = createSlidingWindowCounters(60_000, 100, 10, () => now)
    for (let second = 0; second < 30; second++) {
      now = second * 1000
      await counters.incr('chat')
    }
    now = 61_000
    // Hits at 0 and 1 s have left the minute; 28 remain, plus this one.
    expect(await counters.incr('chat')).toBe(29)
    expect(await counters.incr('other')).toBe(1)
  })

  it('keeps at most cap hits per key and forgets the least recently used keys', async () => {
    const counters = createSlidingWindowCounters(60_000, 5, 2, () => 0)
    for (let i = 0; i < 50; i++) await counters.incr('flood')
    expect(await counters.incr('flood')).toBe(5)
    await counters.incr('b')
    await counters.incr('c')
    expect(await counters.incr('flood')).toBe(1)
  })
})

describe('describeError', () => {
  it('gives name, message and causes on one line, without the secrets or a stack', () => {
    const token = '123:secret-token'
    const error = new Error(`fetch https://api.telegram.org/bot${token}/sendMessage failed`, {
      cause: new TypeError('socket hang up'),
    })
    const line = describeError(error, [token])
    expect(line).toBe(
      'Error: fetch https://api.telegram.org/bot***/sendMessage failed <- TypeError: socket hang up',
    )
  })
})
