import type { Context, NextFunction } from 'grammy'

export interface DuplicateOptions {
  /** Most update ids remembered. */
  maxSize?: number
  /** How long an update id is remembered. */
  ttlMs?: number
  now?: () => number
}

/**
 * Handles each update_id once: Telegram redelivers an update when a webhook answer was slow or lost.
 * The memory is bounded (oldest ids forgotten first) and expiring.
 */
export function dropDuplicateUpdates(options: DuplicateOptions = {}) {
  const { maxSize = 5_000, ttlMs = 15 * 60_000, now = Date.now } = options
  const seen = new Map<number, number>()
  return async (ctx: Context, next: NextFunction): Promise<void> => {
    const time = now()
    for (const [id, expiresAt] of seen) {
      if (expiresAt > time && seen.size < maxSize) break
      seen.delete(id)
    }
    const id = ctx.update.update_id
    if (seen.has(id)) return
    seen.set(id, time + ttlMs)
    await next()
  }
}
