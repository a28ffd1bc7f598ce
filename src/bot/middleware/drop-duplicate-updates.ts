import type { Context, NextFunction } from 'grammy'
import { type SharedState, SharedStateUnavailableError } from '../../shared/shared-state.ts'

export interface DuplicateOptions {
  /** Most update ids remembered. */
  maxSize?: number
  /** How long an update id is remembered. */
  ttlMs?: number
  now?: () => number
  /** Replicas: the update ids are claimed in the shared store, so that only one replica handles each. */
  shared?: SharedState
  /**
   * When the shared store cannot be reached: 'refuse' throws SharedStateUnavailableError (the webhook
   * route answers 503 and Telegram delivers the update again later, to whichever replica, so it is
   * neither lost nor answered twice); 'memory' falls back to this process's memory (long polling, where
   * only one process receives each update anyway). Default 'refuse'.
   */
  whenUnavailable?: 'refuse' | 'memory'
}

/**
 * Handles each update_id once: Telegram redelivers an update when a webhook answer was slow or lost.
 * The memory is bounded (oldest ids forgotten first) and expiring.
 */
export function dropDuplicateUpdates(options: DuplicateOptions = {}) {
  const { maxSize = 5_000, ttlMs = 15 * 60_000, now = Date.now, shared } = options
  const seen = new Map<number, number>()
  const firstInMemory = (id: number): boolean => {
    const time = now()
    for (const [old, expiresAt] of seen) {
      if (expiresAt > time && seen.size < maxSize) break
      seen.delete(old)
    }
    if (seen.has(id)) return false
    seen.set(id, time + ttlMs)
    return true
  }
  return async (ctx: Context, next: NextFunction): Promise<void> => {
    const id = ctx.update.update_id
    let first: boolean
    if (shared) {
      try {
        first = await shared.claimUpdate(ctx.me.id, id, ttlMs)
      } catch (error) {
        if (!(error instanceof SharedStateUnavailableError) || options.whenUnavailable !== 'memory')
          throw error
        first = firstInMemory(id)
      }
    } else {
      first = firstInMemory(id)
    }
    if (first) await next()
  }
}
