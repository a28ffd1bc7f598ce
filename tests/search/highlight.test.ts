import { describe, expect, it } from 'vitest'
import { findHighlights } from '../../src/search/highlight.ts'
import { createNormalizer, normalizeWithOffsets } from '../../src/search/normalize.ts'

const normalize = createNormalizer()
const marked = (text: string, terms: string[], withFigures: boolean) =>
  findHighlights(text, normalizeWithOffsets(text, normalize), terms, withFigures).map((h) => [
    h.kind,
    text.slice(h.start, h.end),
  ])

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

  it('merges adjacent term matches and lets figures win where they overlap', () => {
    expect(marked('湖南进出口总额达到6417.6亿元', ['进出口', '总额', '6417.6'], true)).toEqual([
      ['term', '进出口总额'],
      ['figure', '6417.6亿元'],
    ])
  })

  it('maps ranges back to the original text when normalization changes lengths', () => {
    const text = '新建厂房１２０㎡，湖南外貿增長'
    expect(marked(text, ['外贸', '增长'], false)).toEqual([['term', '外貿增長']])
    expect(marked(text, ['120'], false)).toEqual([['term', '１２０']])
  })
})
