import { GrammyError, HttpError, type Transformer } from 'grammy'
import { describeError, type Logger } from './logger.ts'

/** How long outgoing Bot API calls may take; every bound is small so that a reply fails in bounded time. */
export interface CallBounds {
  /** One HTTP attempt (a hanging Telegram is given up on, then retried). */
  attemptMs: number
  /** Retries of a call that got no answer (connection reset, timeout). */
  networkRetries: number
  /** Pause before the first network retry (doubled for the next). */
  networkRetryDelayMs: number
  /** Retries of a 429 (retry_after) or 5xx answer, through @grammyjs/auto-retry. */
  apiRetries: number
  /** Longest retry_after honoured; longer ones fail at once. */
  maxRetryAfterSeconds: number
  /** All the Bot API calls of one update together, retries and pauses included. */
  updateBudgetMs: number
}

/**
 * Default bounds. The webhook answers Telegram after 5 s at the latest (grammY's own limit is 10 s), and an
 * update's calls stop before that, so nothing runs on after the webhook has answered.
 */
export const DEFAULT_CALL_BOUNDS: CallBounds = {
  attemptMs: 2_500,
  networkRetries: 2,
  networkRetryDelayMs: 300,
  apiRetries: 2,
  maxRetryAfterSeconds: 3,
  updateBudgetMs: 4_500,
}

/** Methods that wait on purpose (long polling) and must not get the short attempt timeout. */
const LONG_METHODS = new Set(['getUpdates'])

/** The part of an AbortSignal used here (grammY types its signals with a shim of the same shape). */
interface ParentSignal {
  readonly aborted: boolean
  addEventListener(type: 'abort', listener: () => void): void
  removeEventListener(type: 'abort', listener: () => void): void
}

/** A signal that aborts when `parent` does or after `ms`; call dispose when done to clear the timer. */
export function signalWithTimeout<S extends ParentSignal>(
  parent: S | undefined,
  ms: number,
  reason: string,
): { signal: S; dispose: () => void } {
  const controller = new AbortController()
  const abortFromParent = () => controller.abort(new Error(reason))
  if (parent?.aborted) controller.abort(new Error(reason))
  else parent?.addEventListener('abort', abortFromParent)
  const timer = setTimeout(() => controller.abort(new Error(reason)), Math.max(0, ms))
  return {
    // A standard AbortSignal, which is what grammY's fetch gets in the end.
    signal: controller.signal as unknown as S,
    dispose: () => {
      clearTimeout(timer)
      parent?.removeEventListener('abort', abortFromParent)
    },
  }
}

/**
 * Logs every failed Bot API call (each attempt, inside the retries), without the token. While Telegram
 * cannot be reached at all, only the first network failure is logged (grammY retries getMe and getUpdates
 * for ever), and `onUnreachable` is told once, until a call gets through again.
 */
export function logFailedCalls(
  logger: Logger,
  secrets: string[],
  onUnreachable?: (reason: string) => void,
): Transformer {
  let unreachable = false
  return async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal)
      unreachable = false
      if (!result.ok) {
        logger.warn('Bot API call failed', {
          method,
          code: result.error_code,
          description: result.description,
        })
      }
      return result
    } catch (error) {
      if (!(error instanceof HttpError)) {
        logger.warn('Bot API call failed', { method, error: describeError(error, secrets) })
      } else if (!unreachable) {
        unreachable = true
        logger.warn('Bot API call failed', { method, error: describeError(error, secrets) })
        const cause = (error as { error?: unknown }).error
        onUnreachable?.(describeError(cause ?? error, secrets))
      }
      throw error
    }
  }
}

/** Gives up on one HTTP attempt after `ms` (grammY's own timeout is 500 s); long polling is left alone. */
export function limitAttemptTime(ms: number): Transformer {
  return async (prev, method, payload, signal) => {
    if (LONG_METHODS.has(method)) return prev(method, payload, signal)
    const attempt = signalWithTimeout(signal, ms, `no answer to ${method} within ${ms} ms`)
    try {
      return await prev(method, payload, attempt.signal)
    } finally {
      attempt.dispose()
    }
  }
}

/**
 * Retries a call that failed on the network (no answer from Telegram) a few times, briefly.
 * (auto-retry would retry those forever with backoff up to an hour; replies must fail in bounded time.)
 */
export function retryNetworkErrors(retries: number, delayMs: number): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await prev(method, payload, signal)
      } catch (error) {
        if (!(error instanceof HttpError) || attempt > retries || signal?.aborted) throw error
        await new Promise((resolve) => setTimeout(resolve, delayMs * 2 ** (attempt - 1)))
        if (signal?.aborted) throw error
      }
    }
  }
}

/**
 * Aborts every call still running (or waiting to be retried) at `deadline` (a Date.now() time).
 * Installed on ctx.api, it bounds all the calls one update makes, apology included.
 */
export function stopCallsAt(deadline: number, now: () => number = Date.now): Transformer {
  return async (prev, method, payload, signal) => {
    const bounded = signalWithTimeout(signal, deadline - now(), `update budget spent before ${method}`)
    try {
      return await prev(method, payload, bounded.signal)
    } finally {
      bounded.dispose()
    }
  }
}

/**
 * Honours a retry_after for the whole chat: once Telegram has refused a call to a chat with 429 and a
 * retry_after the retries did not wait out, every call to that chat until then fails here at once (as a
 * 429 with the time left) instead of going to Telegram and earning another 429: the apology too.
 * Installed outside the retries, so a short retry_after that was waited out holds nothing back.
 */
export function holdChatsAfterRateLimit(now: () => number = Date.now, maxChats = 10_000): Transformer {
  const heldUntil = new Map<string, number>()
  return async (prev, method, payload, signal) => {
    const chat = (payload as { chat_id?: unknown } | undefined)?.chat_id
    const key = typeof chat === 'number' || typeof chat === 'string' ? String(chat) : undefined
    const until = key === undefined ? undefined : heldUntil.get(key)
    if (key !== undefined && until !== undefined) {
      const left = Math.ceil((until - now()) / 1000)
      if (left > 0) {
        return {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${left} (held back: Telegram asked to wait for this chat)`,
          parameters: { retry_after: left },
        } as never
      }
      heldUntil.delete(key)
    }
    const hold = (retryAfter: unknown) => {
      if (key === undefined || typeof retryAfter !== 'number' || retryAfter <= 0) return
      heldUntil.delete(key)
      heldUntil.set(key, now() + retryAfter * 1000)
      if (heldUntil.size > maxChats) {
        const oldest = heldUntil.keys().next().value
        if (oldest !== undefined) heldUntil.delete(oldest)
      }
    }
    try {
      const result = await prev(method, payload, signal)
      if (!result.ok && result.error_code === 429) hold(result.parameters?.retry_after)
      return result
    } catch (error) {
      if (error instanceof GrammyError && error.error_code === 429) hold(error.parameters.retry_after)
      throw error
    }
  }
}
