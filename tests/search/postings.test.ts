import { create, insertMultiple, search } from '@orama/orama'
import { describe, expect, it } from 'vitest'
import { createBm25Index } from '../../src/search/bm25-index.ts'
import {
  createPostingsReader,
  createSegmentBuilder,
  findTerm,
  mergeSegments,
  type SegmentPostings,
} from '../../src/search/postings.ts'
import { decodeSegment, encodeSegment } from '../../src/search/segment-file.ts'
import { createTokenizer } from '../../src/search/tokenizer.ts'

const tokenizer = createTokenizer({ segment: (text) => text.split(/(\s+)/u), bigrams: false })
const words = '低保 标准 提高 对象 增加 资金 发放 外贸 进出口 湖南 长沙 邵阳 企业 规模 工业'.split(' ')

/** A deterministic corpus of articles (title + paragraphs) over a small vocabulary. */
function corpus(articles: number, seed = 7) {
  let state = seed
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
  const text = (length: number) =>
    Array.from({ length }, () => words[Math.floor(next() * words.length)]).join(' ')
  return Array.from({ length: articles }, (_, a) => ({
    id: `a${String(a).padStart(3, '0')}`,
    title: text(1 + Math.floor(next() * 3)),
    paragraphs: Array.from({ length: 1 + Math.floor(next() * 4) }, () => text(3 + Math.floor(next() * 12))),
  }))
}

type Corpus = ReturnType<typeof corpus>

function segmentOf(articles: Corpus): SegmentPostings {
  const builder = createSegmentBuilder()
  for (const article of articles) {
    builder.addArticle(
      tokenizer.tokenize(article.title),
      article.paragraphs.map((p) => tokenizer.tokenize(p)),
    )
  }
  return builder.finish()
}

const params = { k: 1.2, b: 0.5 }

/** The reader's ranking: paragraph ordinal and score, best first, ties in corpus order. */
function rankWith(segments: SegmentPostings[], query: string) {
  const { scores, hits } = createPostingsReader(segments).score(
    [...new Set(tokenizer.tokenize(query))],
    params,
    0.5,
  )
  return [...hits]
    .map((ordinal) => [ordinal, scores[ordinal] as number] as const)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
}

describe('typed-array postings', () => {
  const articles = corpus(40)
  const queries = ['低保 标准', '外贸 进出口 湖南', '规模 工业 企业 邵阳', '资金', '长沙 提高 对象']

  it('score as the Orama BM25 component they replace (text plus title at 0.5)', async () => {
    const db = create({
      schema: { text: 'string', title: 'string' } as const,
      components: { tokenizer, index: createBm25Index() },
    })
    const docs = articles.flatMap((article) =>
      article.paragraphs.map((text, p) => ({ id: `${article.id}#${p}`, text, title: article.title })),
    )
    await insertMultiple(db, docs)
    for (const query of queries) {
      const orama = await search(db, {
        term: query,
        properties: ['text', 'title'],
        boost: { title: 0.5 },
        relevance: { ...params, d: 0 },
        limit: 1000,
      })
      const ours = rankWith([segmentOf(articles)], query)
      expect(ours.map(([ordinal]) => docs[ordinal]?.id)).toEqual(orama.hits.map((hit) => hit.id))
      ours.forEach(([, score], i) => {
        expect(score).toBeCloseTo(orama.hits[i]?.score as number, 9)
      })
    }
  })

  it('give the same scores in segments, merged, or built whole', () => {
    const whole = [segmentOf(articles)]
    const parts = [
      segmentOf(articles.slice(0, 7)),
      segmentOf(articles.slice(7, 25)),
      segmentOf(articles.slice(25)),
    ]
    for (const query of queries) {
      const expected = rankWith(whole, query)
      expect(expected.length).toBeGreaterThan(0)
      expect(rankWith(parts, query)).toEqual(expected)
      expect(rankWith([mergeSegments(parts)], query)).toEqual(expected)
    }
    expect(mergeSegments(parts)).toEqual(whole[0])
  })

  it('find terms, the paragraphs holding them, and what a paragraph holds (text or title)', () => {
    const small = [
      { id: 'x', title: '湖南 外贸', paragraphs: ['低保 标准', '企业'] },
      { id: 'y', title: '长沙', paragraphs: ['低保 资金'] },
    ]
    const segment = segmentOf(small)
    expect(findTerm(segment, '低保')).toBeGreaterThanOrEqual(0)
    expect(findTerm(segment, '低')).toBe(-1)
    const reader = createPostingsReader([segment])
    expect(reader.documentFrequency('低保')).toBe(2)
    expect(reader.documentFrequency('湖南')).toBe(0)
    expect(reader.paragraphsWith('低保', 'text')).toEqual(new Set([0, 2]))
    expect(reader.paragraphsWith('湖南', 'title')).toEqual(new Set([0, 1]))
    expect(reader.paragraphsWith('湖南', 'text')).toBeUndefined()
    expect(reader.holds(1, '外贸')).toBe(true)
    expect(reader.holds(2, '外贸')).toBe(false)
    expect(reader.holds(2, '资金')).toBe(true)
    expect([...reader.articleOf]).toEqual([0, 0, 1])
  })

  it('survive a segment file byte for byte, and a damaged file is refused', () => {
    const postings = segmentOf(articles)
    const content = {
      articles: articles.map((article) => ({
        ...article,
        source: '湖南日报',
        authors: [],
        raw: { file: 'x', lines: [1, 1] as [number, number] },
      })),
      nearDuplicates: { 'a001#0': ['a002#1'] },
      postings,
    }
    const bytes = Buffer.concat(encodeSegment(content))
    expect(decodeSegment(bytes)).toEqual(content)
    // Decoded from an unaligned copy, the arrays are copied rather than viewed.
    const shifted = Buffer.concat([Buffer.alloc(1), bytes]).subarray(1)
    expect(decodeSegment(shifted).postings).toEqual(postings)
    expect(() => decodeSegment(bytes.subarray(0, bytes.length - 8))).toThrow(/cut short/)
    expect(() => decodeSegment(Buffer.from('{"format":"xiangwen-index/5"}'))).toThrow(/not an index segment/)
  })
})
