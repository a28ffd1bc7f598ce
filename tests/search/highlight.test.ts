import nodejieba from 'nodejieba'
import { beforeAll, describe, expect, it } from 'vitest'
import { decodeAnnotations, encodeAnnotations } from '../../src/search/annotations.ts'
import { findFigures } from '../../src/search/answer-type.ts'
import { findHighlights } from '../../src/search/highlight.ts'
import { createJiebaTagger } from '../../src/search/jieba-segmenter.ts'
import { createNormalizer, normalizeWithOffsets } from '../../src/search/normalize.ts'

const normalize = createNormalizer()
let tag: (text: string) => { word: string; tag: string }[] = nodejieba.tag

beforeAll(() => {
  tag = createJiebaTagger({ userDictPath: 'corpus/dict/user-dict.txt' })
})

/** Highlights as the searcher makes them: every figure of the text, terms over the text's jieba words. */
const marked = (text: string, terms: string[], withFigures: boolean, wholeWords = true) => {
  const folded = normalizeWithOffsets(text, normalize)
  const figures = withFigures ? findFigures(folded.text) : []
  const words = wholeWords ? decodeAnnotations(encodeAnnotations(folded.text, tag(folded.text))) : []
  return findHighlights(text, folded, { terms, figures, words }).map((h) => [
    h.kind,
    text.slice(h.start, h.end),
  ])
}

describe('findHighlights', () => {
  it('marks figures with their units: amounts, percentages, counts and rates', () => {
    const text = '2021年7月14日前达到6417.6亿元，同比增长45.4%，全货运航线10条，补贴75元/人/月，扶持2万余名'
    expect(marked(text, [], true)).toEqual([
      ['figure', '2021年7月14日'],
      ['figure', '6417.6亿元'],
      ['figure', '45.4%'],
      ['figure', '10条'],
      ['figure', '75元/人/月'],
      ['figure', '2万余名'],
    ])
  })

  it('ends a figure at its unit: never the character after it', () => {
    expect(marked('全市城市低保平均标准由565元/月提高至600元/月', [], true)).toEqual([
      ['figure', '565元/月'],
      ['figure', '600元/月'],
    ])
    // A count in Chinese numerals (两项) is a figure too.
    expect(marked('残疾人“两项补贴”标准均按75元/人/月精准发放', [], true)).toEqual([
      ['figure', '两项'],
      ['figure', '75元/人/月'],
    ])
    expect(marked('累计发放创业补贴500多万元', [], true)).toEqual([['figure', '500多万元']])
  })

  it('covers whole jieba words only, never a bigram across two words', () => {
    // 业企 is a query bigram (from 规模工业企业), but 产业企业 is two words: only 企业 is marked.
    expect(
      marked('邵阳市规模工业企业总数由760家增长到2070家，特色产业企业不断壮大', ['业企', '企业'], false),
    ).toEqual([
      ['term', '企业'],
      ['term', '企业'],
    ])
    // 市城 is a bigram of 全市城市: 全市 is not marked.
    expect(
      marked('全市城市低保平均标准由565元/月提高至600元/月', ['市城', '城市', '低保', '平均', '标准'], false),
    ).toEqual([['term', '城市低保平均标准']])
  })

  it('merges adjacent term matches and lets figures win where they overlap', () => {
    expect(marked('湖南进出口总额达到6417.6亿元', ['进出口', '总额', '6417.6'], true)).toEqual([
      ['term', '进出口总额'],
      ['figure', '6417.6亿元'],
    ])
  })

  it('maps ranges back to the original text when normalization changes lengths', () => {
    const text = '新建厂房１２０㎡，湖南外貿增長'
    expect(marked(text, ['外贸', '增长'], false, false)).toEqual([['term', '外貿增長']])
    expect(marked(text, ['120'], false, false)).toEqual([['term', '１２０']])
  })
})
