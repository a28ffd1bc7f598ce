import { describe, expect, it } from 'vitest'
import { loadArticles } from '../../src/corpus/load-corpus.ts'
import { findNearDuplicates } from '../../src/search/dedupe.ts'
import { buildBundle, createNodeTokenizer } from '../../src/search/open-searcher.ts'
import { createSearcher } from '../../src/search/searcher.ts'
import { fixtureArticles } from '../fixtures/search/articles.ts'

/** The pairwise definition, every pair compared: what the inverted index must find exactly. */
function bruteForce(texts: readonly string[], similarity = 0.8): Record<number, number[]> {
  const fold = (text: string) => text.replace(/[^\p{L}\p{N}]/gu, '')
  const bigrams = (text: string) =>
    new Set(Array.from({ length: Math.max(0, text.length - 1) }, (_, i) => text.slice(i, i + 2)))
  const folded = texts.map(fold)
  const sets = folded.map(bigrams)
  const result: Record<number, number[]> = {}
  for (let a = 0; a < texts.length; a++) {
    for (let b = 0; b < texts.length; b++) {
      if (a === b) continue
      const [short, long] = (folded[a] as string).length < (folded[b] as string).length ? [a, b] : [b, a]
      const s = folded[short] as string
      const l = folded[long] as string
      let near = s === l || (s.length >= 8 && l.includes(s))
      if (!near && s.length >= (similarity / (2 - similarity)) * l.length) {
        let shared = 0
        for (const bigram of sets[a] as Set<string>) if ((sets[b] as Set<string>).has(bigram)) shared++
        near =
          (2 * shared) / Math.max(1, (sets[a] as Set<string>).size + (sets[b] as Set<string>).size) >=
          similarity
      }
      if (near) result[a] = [...(result[a] ?? []), b]
    }
  }
  return result
}

describe('near-duplicates found at build time', () => {
  it('finds exactly the pairs that comparing every pair finds, on the whole corpus', async () => {
    const articles = await loadArticles('corpus/articles')
    const texts = articles.flatMap((article) => article.paragraphs)
    // Variants: a reprint with other punctuation, a lead quoted inside a longer paragraph, a small edit.
    const first = texts[0] as string
    texts.push(`${first.replace(/，/g, ',')}`, `据报道：${first}另据统计。`, first.slice(0, -3))
    const found = findNearDuplicates(texts)
    expect(found).toEqual(bruteForce(texts))
    expect(found[texts.length - 3]).toContain(0)
    expect(found[texts.length - 2]).toContain(0)
  })

  it('are stored in the index, and the query uses them rather than comparing texts', async () => {
    const node = await createNodeTokenizer('corpus/dict')
    const bundle = await buildBundle(fixtureArticles, node)
    expect(bundle.nearDuplicates['canlian-zhuanzai#0']).toContain('canlian#0')
    const question = '长沙残疾人集中托养机构有多少家'
    const deduped = await createSearcher(bundle, node.tokenizer).answer(question, { limit: 10 })
    const undeduped = await createSearcher({ ...bundle, nearDuplicates: {} }, node.tokenizer).answer(
      question,
      {
        limit: 10,
      },
    )
    const ids = (answer: typeof deduped) => answer.results.map((p) => `${p.articleId}#${p.paragraph}`)
    expect(ids(deduped)).not.toContain('canlian#0')
    expect(ids(undeduped)).toContain('canlian#0')
    expect(undeduped.total).toBe(deduped.total + 1)
  })
})
