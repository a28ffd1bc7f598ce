import type { Searcher } from '../search/types.ts'

/** Thrown when too many searches are already waiting: the request is answered 503 with Retry-After. */
export class SearchQueueFullError extends Error {
  override name = 'SearchQueueFullError'
}

/**
 * Runs searches one at a time, each in its own turn of the event loop. A search is synchronous CPU work;
 * forty requests read in one turn would otherwise run forty searches back to back before the loop reads
 * anything else, and /healthz or the webhook would wait behind all of them. Queued, each search is
 * followed by a turn in which other requests are read and answered. At most `maxWaiting` wait; beyond
 * that a search fails at once with SearchQueueFullError.
 */
/** setImmediate where there is one (Node); elsewhere (a Worker) a zero timeout, also a later turn. */
const nextTurn: (run: () => void) => void =
  typeof setImmediate === 'function' ? (run) => setImmediate(run) : (run) => setTimeout(run, 0)

export function queueSearches(searcher: Searcher, maxWaiting = 256): Searcher {
  let running = false
  const waiting: (() => void)[] = []
  const release = () => {
    const next = waiting.shift()
    // The next search starts after the loop has polled for I/O once (setImmediate runs after the poll phase).
    if (next) nextTurn(next)
    else running = false
  }
  return {
    ...searcher,
    async answer(question, options) {
      if (running) {
        if (waiting.length >= maxWaiting) throw new SearchQueueFullError('too many searches waiting')
        await new Promise<void>((resolve) => waiting.push(resolve))
      }
      running = true
      try {
        return await searcher.answer(question, options)
      } finally {
        release()
      }
    },
  }
}
