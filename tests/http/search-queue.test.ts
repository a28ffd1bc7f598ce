import { describe, expect, it } from 'vitest'
import { createApp } from '../../src/http/create-app.ts'
import { queueSearches, SearchQueueFullError } from '../../src/http/search-queue.ts'
import type { Answer, Searcher } from '../../src/search/types.ts'
import { createMemoryLogger } from '../helpers/memory-logger.ts'
import { realSearcher } from '../helpers/searcher.ts'

/** A searcher whose every search is `ms` of synchronous work, logging its start. */
function slowSearcher(log: string[], inner?: Searcher, ms = 20): Searcher {
  const empty: Answer = {
    found: false,
    results: [],
    total: 0,
    foreign: false,
    asksFigure: false,
    asks: 'other',
  }
  return {
    ...(inner ?? ({} as Searcher)),
    answer: async (question) => {
      log.push(`search ${question}`)
      const until = performance.now() + ms
      while (performance.now() < until) {}
      return empty
    },
  }
}

describe('queueSearches', () => {
  it('lets other work run between two searches instead of after all of them', async () => {
    const log: string[] = []
    const queued = queueSearches(slowSearcher(log))
    const searches = [1, 2, 3, 4, 5].map((i) => queued.answer(String(i)))
    setTimeout(() => log.push('other work'), 0)
    await Promise.all(searches)
    expect(log.indexOf('other work')).toBeLessThanOrEqual(2)
    expect(log.filter((line) => line.startsWith('search'))).toHaveLength(5)
  })

  it('refuses at once beyond the waiting bound, and the app answers 503 with Retry-After', async () => {
    const queued = queueSearches(slowSearcher([]), 2)
    const accepted = [queued.answer('a'), queued.answer('b'), queued.answer('c')]
    await expect(queued.answer('d')).rejects.toBeInstanceOf(SearchQueueFullError)
    await Promise.all(accepted)

    const app = createApp({
      searcher: slowSearcher([], await realSearcher(), 1),
      logger: createMemoryLogger(),
      apiRateLimit: 10_000,
      answerCacheSize: 0,
    })
    const responses = await Promise.all(
      Array.from({ length: 300 }, (_, i) => app.request(`/api/search?q=${i}`)),
    )
    const busy = responses.filter((response) => response.status === 503)
    expect(busy.length).toBeGreaterThan(0)
    expect(busy[0]?.headers.get('retry-after')).toBe('1')
    expect(await busy[0]?.json()).toMatchObject({ error: { code: 'busy' } })
  })
})
