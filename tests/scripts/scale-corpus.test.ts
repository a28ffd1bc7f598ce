import { beforeAll, describe, expect, it } from 'vitest'
import { buildScaleCorpus, sampleOf, splitUnits, VARIANT_MARK } from '../../scripts/scale-corpus.ts'
import { loadArticles } from '../../src/corpus/load-corpus.ts'
import type { Article } from '../../src/corpus/types.ts'
import { loadCmrc } from '../../src/search/cmrc.ts'
import { findNearDuplicates } from '../../src/search/dedupe.ts'

let contexts: Article[]
let kept: Article[]

beforeAll(async () => {
  contexts = (await loadCmrc('../shared/benchmarks/cmrc2018/cmrc2018_dev.json')).articles
  kept = await loadArticles('corpus/articles')
})

const contextOf = (articleId: string) => articleId.slice(0, articleId.lastIndexOf(VARIANT_MARK))

describe('the scale corpus', () => {
  it('keeps every original verbatim under its own id, and adds only variants', () => {
    const some = contexts.slice(0, 40)
    const corpus = buildScaleCorpus({ contexts: some, kept, scale: 5 })
    const byId = new Map(corpus.articles.map((article) => [article.id, article]))
    for (const original of [...some, ...kept]) expect(byId.get(original.id)).toEqual(original)
    const originalIds = new Set([...some, ...kept].map((article) => article.id))
    const added = corpus.articles.filter((article) => !originalIds.has(article.id))
    expect(added.every((article) => article.id.includes(VARIANT_MARK))).toBe(true)
    expect(added.every((article) => originalIds.has(contextOf(article.id)))).toBe(true)
  })

  it('has the originals only at ×1, and scale − 1 variants of each context paragraph above', () => {
    const originals = contexts.length + kept.reduce((sum, article) => sum + article.paragraphs.length, 0)
    expect(originals).toBe(848 + 279)
    expect(buildScaleCorpus({ contexts, kept, scale: 1 }).paragraphs).toBe(originals)
    const twenty = buildScaleCorpus({ contexts, kept, scale: 20 })
    expect(twenty).toMatchObject({ paragraphs: originals + 19 * 848, originals, variants: 19 * 848 })
    const characters = twenty.articles.flatMap((article) => article.paragraphs).join('').length
    expect(twenty.characters).toBe(characters)
  })

  it('groups a context’s variants into articles of at most 30 paragraphs titled like it, ids sorted and unique', () => {
    const corpus = buildScaleCorpus({ contexts: contexts.slice(0, 10), kept: [], scale: 70 })
    const ids = corpus.articles.map((article) => article.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect([...ids].sort()).toEqual(ids)
    const titles = new Map(contexts.map((article) => [article.id, article.title]))
    for (const article of corpus.articles.filter((a) => a.id.includes(VARIANT_MARK))) {
      expect(article.paragraphs.length).toBeGreaterThan(0)
      expect(article.paragraphs.length).toBeLessThanOrEqual(30)
      expect(article.title).toBe(titles.get(contextOf(article.id)))
    }
    // 69 variants in pages of 10 to 30: 3 to 7 articles per context.
    const pages = corpus.articles.filter((article) => contextOf(article.id) === contexts[0]?.id).length
    expect(pages).toBeGreaterThanOrEqual(3)
    expect(pages).toBeLessThanOrEqual(7)
  })

  it('is the same for the same seed, another for another seed, and shares its variants across scales', () => {
    const some = contexts.slice(0, 20)
    const variants = (scale: number, seed?: number) =>
      buildScaleCorpus({ contexts: some, kept: [], scale, seed })
        .articles.filter((article) => article.id.includes(VARIANT_MARK))
        .flatMap((article) => article.paragraphs.map((text) => ({ context: contextOf(article.id), text })))
    expect(variants(4)).toEqual(variants(4))
    expect(variants(4, 7)).not.toEqual(variants(4))
    const first = (list: { context: string; text: string }[], context: string) =>
      list.filter((variant) => variant.context === context).map((variant) => variant.text)
    const small = variants(3)
    const large = variants(9)
    for (const article of some) {
      expect(first(large, article.id).slice(0, 2)).toEqual(first(small, article.id))
    }
  })

  it('makes variants that differ from their context and seldom nearly repeat one another', () => {
    const some = contexts.slice(0, 60)
    const corpus = buildScaleCorpus({ contexts: some, kept: [], scale: 4 })
    const texts = corpus.articles.flatMap((article) => article.paragraphs)
    const originals = new Set(some.flatMap((article) => article.paragraphs))
    const variantTexts = texts.filter((text) => !originals.has(text))
    expect(variantTexts).toHaveLength(3 * 60)
    expect(new Set(variantTexts).size).toBe(variantTexts.length)
    // A variant holds some of its context's sentences (and so, often, the answer).
    for (const article of corpus.articles.filter((a) => a.id.includes(VARIANT_MARK))) {
      const own = splitUnits(
        some.find((context) => context.id === contextOf(article.id))?.paragraphs[0] ?? '',
      )
      for (const text of article.paragraphs) expect(own.some((unit) => text.includes(unit))).toBe(true)
    }
    const neighbours = findNearDuplicates(texts)
    const linkedVariants = Object.keys(neighbours).filter((at) => !originals.has(texts[Number(at)] as string))
    expect(linkedVariants.length).toBeLessThanOrEqual(variantTexts.length * 0.02)
    for (const at of linkedVariants) {
      for (const other of neighbours[Number(at)] ?? [])
        expect(originals.has(texts[other] as string)).toBe(false)
    }
  })

  it('keeps even the variants of the shortest contexts apart from their context', () => {
    // The contexts with the fewest sentences have the fewest ways to be varied.
    const shortest = [...contexts]
      .sort((a, b) => splitUnits(a.paragraphs[0] ?? '').length - splitUnits(b.paragraphs[0] ?? '').length)
      .slice(0, 6)
    const corpus = buildScaleCorpus({ contexts: shortest, kept: [], scale: 30 })
    const texts = corpus.articles.flatMap((article) => article.paragraphs)
    expect(texts).toHaveLength(6 * 30)
    const originals = new Set(shortest.map((article) => texts.indexOf(article.paragraphs[0] as string)))
    const neighbours = findNearDuplicates(texts)
    for (const original of originals) expect(neighbours[original]).toBeUndefined()
  })

  it('refuses a scale that is not a whole number from 1', () => {
    expect(() => buildScaleCorpus({ contexts, kept, scale: 0 })).toThrow(/scale must be a whole number ≥ 1/)
    expect(() => buildScaleCorpus({ contexts, kept, scale: 1.5 })).toThrow(/not 1.5/)
  })
})

describe('the question sample', () => {
  it('draws the same questions for a seed, in their original order, without repeats', () => {
    const items = Array.from({ length: 100 }, (_, i) => i)
    const sample = sampleOf(items, 10, 13)
    expect(sample).toEqual(sampleOf(items, 10, 13))
    expect(sample).not.toEqual(sampleOf(items, 10, 14))
    expect(sample).toHaveLength(10)
    expect(new Set(sample).size).toBe(10)
    expect([...sample].sort((a, b) => a - b)).toEqual(sample)
    expect(sampleOf(items, 500)).toEqual(items)
  })
})
