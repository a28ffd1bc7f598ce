import { describe, expect, it } from 'vitest'
import { cacheAnswers } from '../../src/http/answer-cache.ts'
import type { Answer, AnswerOptions, Searcher } from '../../src/search/types.ts'

/** A searcher that records the questions it ranks; "boom" fails. */
function countingSearcher() {
  const asked: string[] = []
  const searcher: Searcher = {
    answer: async (question: string, options: AnswerOptions = {}): Promise<Answer> => {
      asked.push(`${question}|${options.limit}|${options.offset}`)
      if (question === 'boom') throw new Error('index exploded')
      return { found: false, results: [], total: 0, foreign: false, asksFigure: false, asks: 'other' }
    },
    context: () => undefined,
    article: () => undefined,
    stats: () => ({ articles: 0, paragraphs: 0, version: 'v', dates: {}, sources: [] }),
  }
  return { searcher, asked }
}

describe('cacheAnswers', () => {
  it('ranks a question once per limit and offset, then answers from memory', async () => {
    const { searcher, asked } = countingSearcher()
    const cached = cacheAnswers(searcher)
    const first = await cached.answer('湖南', { limit: 5, offset: 0 })
    expect(await cached.answer('湖南', { limit: 5, offset: 0 })).toBe(first)
    await cached.answer('湖南', { limit: 5, offset: 5 })
    await cached.answer('湖南', { limit: 3, offset: 0 })
    expect(asked).toEqual(['湖南|5|0', '湖南|5|5', '湖南|3|0'])
  })

  it('keeps only the most recently used answers', async () => {
    const { searcher, asked } = countingSearcher()
    const cached = cacheAnswers(searcher, 2)
    for (const question of ['a', 'b', 'a', 'c', 'a', 'b']) await cached.answer(question)
    // b was evicted by c (a was used more recently), so b is ranked again.
    expect(asked).toEqual([
      'a|undefined|undefined',
      'b|undefined|undefined',
      'c|undefined|undefined',
      'b|undefined|undefined',
    ])
  })

  it('does not remember a failure', async () => {
    const { searcher, asked } = countingSearcher()
    const cached = cacheAnswers(searcher)
    await expect(cached.answer('boom')).rejects.toThrow('index exploded')
    await expect(cached.answer('boom')).rejects.toThrow('index exploded')
    expect(asked).toHaveLength(2)
  })
})
