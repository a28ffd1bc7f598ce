import { describe, expect, it } from 'vitest'
import { buildBundle, createNodeTokenizer } from '../../src/search/open-searcher.ts'
import { createSearcher } from '../../src/search/searcher.ts'
import { createTokenizer } from '../../src/search/tokenizer.ts'
import { createVocabularySegmenter } from '../../src/search/vocabulary-segmenter.ts'
import { fixtureArticles } from '../fixtures/search/articles.ts'

describe('createVocabularySegmenter', () => {
  const segment = createVocabularySegmenter({
    total: 1_000_000,
    minFrequency: 1,
    words: { 湖南: 5000, 外贸: 2000, 南外: 10, 进出口: 3000, 进出: 500, 出口: 4000, 总额: 1500, 亿元: 3000 },
  })

  it('takes the most probable route through the dictionary words', () => {
    expect(segment('湖南外贸进出口总额')).toEqual(['湖南', '外贸', '进出口', '总额'])
  })

  it('keeps numbers, decimals and Latin words whole and passes other characters through', () => {
    expect(segment('达到6417.6亿元，covid-19')).toEqual([
      '达',
      '到',
      '6417.6',
      '亿元',
      '，',
      'covid',
      '-',
      '19',
    ])
  })

  it('cuts unknown characters one by one', () => {
    expect(segment('月球')).toEqual(['月', '球'])
  })

  it('ranks the fixture questions as nodejieba does, from the bundle vocabulary alone', async () => {
    const node = await createNodeTokenizer('corpus/dict')
    const bundle = await buildBundle(fixtureArticles, node, { vocabulary: true })
    const jieba = createSearcher(bundle, node.tokenizer)
    const worker = createSearcher(
      bundle,
      createTokenizer({
        segment: createVocabularySegmenter(bundle.vocabulary ?? { total: 0, words: {} }),
        stopwords: node.stopwords,
      }),
    )
    const questions = [
      '黄花机场全货运航线有几条',
      '長沙市殘聯扶持建成了多少家殘疾人集中托養機構？',
      '湘潭农村低保平均标准是多少',
    ]
    for (const question of questions) {
      const [a, b] = [await jieba.answer(question), await worker.answer(question)]
      expect(b.results.map((passage) => passage.text)).toEqual(a.results.map((passage) => passage.text))
      expect(b.found).toBe(a.found)
    }
  })
})
