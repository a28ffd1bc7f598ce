import { describe, expect, it } from 'vitest'
import { loadArticles } from '../../src/corpus/load-corpus.ts'
import { loadCmrc } from '../../src/search/cmrc.ts'
import { normalizeWithOffsets } from '../../src/search/normalize.ts'
import { buildBundle, createNodeTokenizer } from '../../src/search/open-searcher.ts'
import { createParagraphFolder } from '../../src/search/searcher.ts'

describe('folding indexed paragraphs with what the build recorded', () => {
  it('gives what the whole normalizer gives, for every paragraph: plain, patched or folded by character', async () => {
    const node = await createNodeTokenizer('corpus/dict')
    const seed = await loadArticles('corpus/articles')
    const { articles: cmrc } = await loadCmrc('../shared/benchmarks/cmrc2018/cmrc2018_dev.json')
    const [first] = seed
    if (!first) throw new Error('no seed articles')
    // A Traditional reprint (characters converted in place) and full-width, ligature and ellipsis text
    // (lengths change), beside the seed corpus and 300 CMRC 2018 contexts.
    const extra = {
      ...first,
      id: 'traditional-reprint',
      paragraphs: ['湖南省進出口總額達到6417.6億元，較上年增長。', 'ＧＤＰ增長５％…ﬁnal「測試」'],
    }
    const articles = [...seed, ...cmrc.slice(0, 300), extra]
    const bundle = await buildBundle(articles, node, { english: false })
    // The whole normalizer is what the recorded folds save: count its calls.
    let normalized = 0
    const fold = createParagraphFolder(bundle, (text) => {
      normalized++
      return node.tokenizer.normalize(text)
    })
    const kinds = { plain: 0, patched: 0, byCharacter: 0, whole: 0 }
    for (const article of articles) {
      article.paragraphs.forEach((text, paragraph) => {
        const expected = normalizeWithOffsets(text, node.tokenizer.normalize)
        const before = normalized
        expect(fold(article.id, paragraph, text), `${article.id}#${paragraph}`).toEqual(expected)
        const calls = normalized - before
        const patch = bundle.patches?.[`${article.id}#${paragraph}`]
        if (patch === undefined) kinds.plain++
        else if (patch === null) kinds.whole++
        else if (patch.length === 0) kinds.byCharacter++
        else kinds.patched++
        // A plain or patched paragraph never reaches the converter.
        if (patch === undefined || (patch && patch.length > 0))
          expect(calls, `${article.id}#${paragraph}`).toBe(0)
      })
    }
    // Each way is taken (the test would pass vacuously otherwise).
    expect(kinds.plain).toBeGreaterThan(100)
    expect(kinds.patched).toBeGreaterThan(10)
    expect(kinds.byCharacter).toBeGreaterThan(0)
  }, 120_000)
})
