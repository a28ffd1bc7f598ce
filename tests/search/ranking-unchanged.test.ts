/**
 * The ranking is pinned: the first five passages of every Chinese public question and every CMRC 2018 dev
 * question are those recorded in tests/fixtures/ranking/top5.json (written by `npm run ranking -- --write`
 * before the index moved to typed-array segments). The same holds for an index split into segments and for
 * those segments merged, since statistics are summed over segments.
 */
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { type RankingSnapshot, rankAll, SNAPSHOT } from '../../scripts/ranking-snapshot.ts'
import { nearDuplicatesOf } from '../../src/search/build-index.ts'
import { loadCmrc } from '../../src/search/cmrc.ts'
import { buildBundle, createNodeTokenizer } from '../../src/search/open-searcher.ts'
import { mergeSegments } from '../../src/search/postings.ts'
import { createSearcher } from '../../src/search/searcher.ts'
import type { Searcher } from '../../src/search/types.ts'

const recorded = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as RankingSnapshot
const CMRC = new URL('../../../shared/benchmarks/cmrc2018/cmrc2018_dev.json', import.meta.url)

const top5 = async (searcher: Searcher, question: string) =>
  (await searcher.answer(question)).results.map((passage) => `${passage.articleId}#${passage.paragraph}`)

describe('the ranking of the recorded questions', () => {
  let now: RankingSnapshot
  beforeAll(async () => {
    now = await rankAll()
  }, 300_000)

  it('keeps every public question top-5', () => {
    expect(Object.keys(recorded.public).length).toBeGreaterThan(50)
    expect(now.public).toEqual(recorded.public)
  })

  it('keeps every CMRC 2018 question top-5', () => {
    expect(Object.keys(recorded.cmrc).length).toBeGreaterThan(3000)
    const moved = Object.keys(recorded.cmrc).filter(
      (id) => JSON.stringify(now.cmrc[id]) !== JSON.stringify(recorded.cmrc[id]),
    )
    expect(moved).toEqual([])
  })
})

describe('an index in segments', () => {
  let segmented: Searcher
  let merged: Searcher
  let questions: { id: string; question: string }[]
  beforeAll(async () => {
    const cmrc = await loadCmrc(CMRC.pathname)
    questions = cmrc.questions.filter((_, i) => i % 4 === 0)
    const node = await createNodeTokenizer('corpus/dict')
    const thirds = [0, 1, 2].map((part) =>
      cmrc.articles.slice(
        Math.floor((part * cmrc.articles.length) / 3),
        Math.floor(((part + 1) * cmrc.articles.length) / 3),
      ),
    )
    const parts = await Promise.all(thirds.map((articles) => buildBundle(articles, node, { english: false })))
    const [first] = parts
    if (!first) throw new Error('no parts')
    const whole = {
      ...first,
      articles: parts.flatMap((part) => part.articles),
      annotations: Object.assign({}, ...parts.map((part) => part.annotations)),
      nearDuplicates: nearDuplicatesOf(cmrc.articles),
      postings: parts.flatMap((part) => part.postings),
    }
    expect(whole.postings).toHaveLength(3)
    segmented = createSearcher(whole, node.tokenizer)
    merged = createSearcher({ ...whole, postings: [mergeSegments(whole.postings)] }, node.tokenizer)
  }, 300_000)

  it('ranks every fourth CMRC question as the recorded whole index did, in three segments and merged', async () => {
    const moved: string[] = []
    for (const { id, question } of questions) {
      const expected = JSON.stringify(recorded.cmrc[id])
      if (JSON.stringify(await top5(segmented, question)) !== expected) moved.push(`${id} segmented`)
      if (JSON.stringify(await top5(merged, question)) !== expected) moved.push(`${id} merged`)
    }
    expect(questions.length).toBeGreaterThan(700)
    expect(moved).toEqual([])
  }, 120_000)
})
