import type { Context, MiddlewareHandler } from 'hono'
import { zh } from '../../prompts/zh.ts'
import type { SharedState, TokenTake } from '../shared/shared-state.ts'
import { jsonError } from './errors.ts'

export interface RateLimitOptions {
  /** Requests per minute per client (also the burst size). */
  perMinute: number
  /** Identifies the client (its address). */
  clientKey: (c: Context) => string
  /** Most clients tracked; the least recently seen are forgotten first. */
  maxClients?: number
  now?: () => number
  /**
   * Holds each refusal this long before sending it (a tarpit): a client that floods on a few connections
   * then gets a few answers a second, not thousands, and the loop stays free for everyone else.
   */
  refusalDelayMs?: number
  /** The refusal (default: a 429 JSON error); Retry-After is already set. */
  refuse?: (c: Context, retryAfterSeconds: number) => Response | Promise<Response>
  /** Replicas: the buckets live in the shared store under this name, so a client's limit holds across them. */
  shared?: { state: SharedState; name: string }
}

interface Bucket {
  tokens: number
  updatedAt: number
}

/**
 * Per-client token bucket: 429 with Retry-After when a client runs dry. In memory, no timers; at most
 * `maxClients` buckets (the least recently seen are dropped), so rotating addresses cannot grow it.
 * With a shared store, the same bucket in Redis (see SharedState.takeToken).
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const { perMinute, clientKey, maxClients = 10_000, now = Date.now } = options
  const refuse = options.refuse ?? ((c: Context) => jsonError(c, 429, 'rate_limited', zh.api.rateLimited))
  const refillPerMs = perMinute / 60_000
  const buckets = new Map<string, Bucket>()
  const takeFromMemory = (key: string): TokenTake => {
    const time = now()
    const previous = buckets.get(key)
    const bucket = previous
      ? {
          tokens: Math.min(perMinute, previous.tokens + (time - previous.updatedAt) * refillPerMs),
          updatedAt: time,
        }
      : { tokens: perMinute, updatedAt: time }
    // Re-insert so the map stays ordered by last use.
    buckets.delete(key)
    buckets.set(key, bucket)
    if (buckets.size > maxClients) {
      const oldest = buckets.keys().next().value
      if (oldest !== undefined) buckets.delete(oldest)
    }
    if (bucket.tokens < 1) return { allowed: false, tokens: bucket.tokens }
    bucket.tokens -= 1
    return { allowed: true, tokens: bucket.tokens }
  }
  const { shared } = options
  return async (c, next) => {
    const key = clientKey(c)
    const taken = shared ? await shared.state.takeToken(shared.name, key, perMinute) : takeFromMemory(key)
    if (!taken.allowed) {
      const retryAfter = Math.max(1, Math.ceil((1 - taken.tokens) / refillPerMs / 1000))
      c.header('Retry-After', String(retryAfter))
      if (options.refusalDelayMs) await new Promise((resolve) => setTimeout(resolve, options.refusalDelayMs))
      return refuse(c, retryAfter)
    }
    await next()
  }
}
