import { describe, expect, it } from 'vitest'
import { loadArticles } from '../../src/corpus/load-corpus.ts'
import type { IndexBundle } from '../../src/search/build-index.ts'
import { buildBundle, createNodeTokenizer } from '../../src/search/open-searcher.ts'

/** A bundle without the time it was built. */
const comparable = ({ builtAt: _, ...bundle }: IndexBundle) => bundle

describe('the index build on two threads', () => {
  it('gives the bundle the one-thread build gives: near-duplicates, English lexicon and its evidence', async () => {
    const node = await createNodeTokenizer('corpus/dict')
    const seed = await loadArticles('corpus/articles')
    // The seed corpus and a copy of one article under another id: near-duplicates to find.
    const [first] = seed
    if (!first) throw new Error('no seed articles')
    const articles = [...seed, { ...first, id: `${first.id}-copy` }]
    const threaded = await buildBundle(articles, node, { threads: true })
    const inline = await buildBundle(articles, node, { threads: false })
    expect(Object.keys(threaded.nearDuplicates).length).toBeGreaterThanOrEqual(first.paragraphs.length)
    expect(Object.keys(threaded.english?.names ?? {}).length).toBeGreaterThan(100)
    expect(threaded.englishEvidence?.present.length).toBeGreaterThan(1000)
    expect(comparable(threaded)).toEqual(comparable(inline))
  }, 120_000)

  it('appends with the evidence of the earlier build, as the one-thread build does', async () => {
    const node = await createNodeTokenizer('corpus/dict')
    const seed = await loadArticles('corpus/articles')
    const earlier = (await buildBundle(seed.slice(0, 10), node, { threads: false })).englishEvidence
    if (!earlier) throw new Error('no evidence')
    const rest = seed.slice(10)
    const threaded = await buildBundle(rest, node, { threads: true, earlier })
    const inline = await buildBundle(rest, node, { threads: false, earlier })
    expect(comparable(threaded)).toEqual(comparable(inline))
  }, 120_000)
})
