import { beforeAll, describe, expect, it } from 'vitest'
import { createNormalizer } from '../../src/search/normalize.ts'
import { createNodeTokenizer } from '../../src/search/open-searcher.ts'
import type { SearchTokenizer } from '../../src/search/tokenizer.ts'

let tokenizer: SearchTokenizer
const words = (text: string) =>
  tokenizer
    .analyze(text)
    .filter((term) => term.kind !== 'bigram')
    .map((term) => term.token)

beforeAll(async () => {
  ;({ tokenizer } = await createNodeTokenizer('corpus/dict'))
})

describe('createTokenizer on jieba', () => {
  it('keeps numbers whole and their units as words', () => {
    expect(words('达到6417.6亿元，同比增长45.4%，航线10条')).toEqual([
      '达到',
      '6417.6',
      '亿元',
      '同比',
      '增长',
      '45.4',
      '航线',
      '10',
      '条',
    ])
  })

  it('folds full-width characters and upper case', () => {
    expect(words('ＣＯＶＩＤ疫情２０２２年')).toEqual(['covid', '疫情', '2022', '年'])
  })

  it('finds Simplified text from Traditional input', () => {
    expect(tokenizer.tokenize('湖南外貿')).toEqual(tokenizer.tokenize('湖南外贸'))
    expect(words('長沙市殘聯')).toEqual(['长沙市', '残联'])
  })

  it('keeps the corpus terms of the user dictionary whole', () => {
    expect(words('长株潭三高四新湘雅')).toEqual(['长株潭', '三高四新', '湘雅'])
  })

  it('drops question words and does not bridge them with bigrams', () => {
    const tokens = tokenizer.tokenize('请问湖南外贸是多少吗？')
    expect(tokens).toEqual(['湖南', '外贸', '湖南', '南外', '外贸'])
  })

  it('adds the character bigrams of each CJK run', () => {
    const bigrams = tokenizer
      .analyze('黄花国际机场')
      .filter((term) => term.kind === 'bigram')
      .map((term) => term.token)
    expect(bigrams).toEqual(['黄花', '花国', '国际', '际机', '机场'])
  })

  it('gives each term its range in the normalized text', () => {
    const terms = tokenizer.analyze('外贸 6417.6亿元')
    expect(terms.map(({ token, start, end }) => [token, start, end])).toEqual([
      ['外贸', 0, 2],
      ['外贸', 0, 2],
      ['6417.6', 3, 9],
      ['亿元', 9, 11],
      ['亿元', 9, 11],
    ])
  })
})

describe('createNormalizer', () => {
  it('folds Taiwan and Hong Kong variants to mainland Simplified, and full-width forms', () => {
    expect(createNormalizer()('著力推進衞生綫上服務，ＧＤＰ增長')).toBe('着力推进卫生线上服务,gdp增长')
  })
})
