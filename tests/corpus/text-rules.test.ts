import { describe, expect, it } from 'vitest'
import { collapseHeadingSpaces, collapseSpaces, endsSentence } from '../../src/corpus/text-rules.ts'

describe('collapseSpaces', () => {
  it('removes spaces between spaced-out CJK characters', () => {
    expect(collapseSpaces('湖 南 外 贸 国 家 级 开 放 平 台“ 强 磁')).toBe('湖南外贸国家级开放平台“强磁')
  })
  it('removes spaces between numbers and CJK characters', () => {
    expect(collapseSpaces('首次突破 6000 亿元大关，达到 6417.6 亿')).toBe(
      '首次突破6000亿元大关，达到6417.6亿',
    )
  })
  it('keeps 3D and English words intact', () => {
    expect(collapseSpaces('开 展 自 主 创 新 3D 打 印 设 备')).toBe('开展自主创新3D打印设备')
    expect(collapseSpaces('推进 Open Source 项目')).toBe('推进Open Source项目')
  })
  it('removes a space before CJK punctuation', () => {
    expect(collapseSpaces('注入强劲动力 。下一')).toBe('注入强劲动力。下一')
  })
})

describe('collapseHeadingSpaces', () => {
  it('keeps the gap between the two halves of a headline', () => {
    expect(collapseHeadingSpaces('通江达海 奔腾向前')).toBe('通江达海 奔腾向前')
  })
  it('collapses an evenly spaced-out headline', () => {
    expect(collapseHeadingSpaces('（珠 晖 区 融 媒')).toBe('（珠晖区融媒')
  })
})

describe('endsSentence', () => {
  it('sees sentence-final punctuation, also before a closing quote', () => {
    expect(endsSentence('江达海，奔腾向前？')).toBe(true)
    expect(endsSentence('“开放的大门只会越开越大。”')).toBe(true)
    expect(endsSentence('外贸是拉动我国经济增长的“三')).toBe(false)
    expect(endsSentence('扰中华民族几千年的绝对贫困问题，')).toBe(false)
  })
})
