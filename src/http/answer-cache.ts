import type { Answer, Searcher } from '../search/types.ts'

/** Answers kept by default: popular questions repeat. */
export const DEFAULT_ANSWER_CACHE_SIZE = 1_000

/**
 * Wraps a searcher so that the same question (with the same limit and offset) is ranked once and then served
 * from memory; answers are keyed by the corpus version, so a reloaded index never serves a stale one. The
 * cache keeps the `maxEntries` most recently used answers. Callers must not modify the answers they get.
 */
export function cacheAnswers(searcher: Searcher, maxEntries = DEFAULT_ANSWER_CACHE_SIZE): Searcher {
  if (maxEntries <= 0) return searcher
  const answers = new Map<string, Promise<Answer>>()
  return {
    ...searcher,
    answer(question, options = {}) {
      // The corpus version is part of the key: after a live reload, old answers are never served.
      const key = `${searcher.stats().version}:${options.limit ?? ''}:${options.offset ?? ''}:${question}`
      const cached = answers.get(key)
      if (cached) {
        // Re-insert so the map stays ordered by last use.
        answers.delete(key)
        answers.set(key, cached)
        return cached
      }
      const pending = searcher.answer(question, options)
      answers.set(key, pending)
      // A failure is not remembered: the next request asks the searcher again.
      pending.catch(() => answers.delete(key))
      for (const oldest of answers.keys()) {
        if (answers.size <= maxEntries) break
        answers.delete(oldest)
      }
      return pending
    },
  }
}
