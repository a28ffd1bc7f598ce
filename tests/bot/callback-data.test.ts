import { describe, expect, it } from 'vitest'
import {
  byteLength,
  decodeButton,
  encodeContext,
  encodeMore,
  MAX_CALLBACK_DATA_BYTES,
} from '../../src/bot/callback-data.ts'

describe('callback data', () => {
  it('carries a short question with the offset, within 64 bytes of UTF-8', () => {
    const data = encodeMore(3, '黄花机场全货运航线')
    expect(byteLength(data)).toBeLessThanOrEqual(MAX_CALLBACK_DATA_BYTES)
    expect(decodeButton(data)).toEqual({ kind: 'more', offset: 3, question: '黄花机场全货运航线' })
  })

  it('leaves out a question too long for 64 bytes (it is read from the replied-to message instead)', () => {
    const question = '湖南外贸今年是不是头一回破6000亿？前11个月具体做到多少了'
    const data = encodeMore(3, question)
    expect(data).toBe('m:3')
    expect(decodeButton(data)).toEqual({ kind: 'more', offset: 3, question: undefined })
  })

  it('points 上下文 at the article and paragraph, or at the rank when the id is too long', () => {
    expect(decodeButton(encodeContext('hnrb-2022-12-20-waimao', 7, 1))).toEqual({
      kind: 'context',
      articleId: 'hnrb-2022-12-20-waimao',
      paragraph: 7,
    })
    const longId = 'x'.repeat(70)
    const data = encodeContext(longId, 7, 4, '黄花机场')
    expect(byteLength(data)).toBeLessThanOrEqual(MAX_CALLBACK_DATA_BYTES)
    expect(decodeButton(data)).toEqual({ kind: 'context-rank', rank: 4, question: '黄花机场' })
  })

  it('ignores data it did not make', () => {
    expect(decodeButton('something-else')).toBeUndefined()
  })

  it('leaves out a question that is not well-formed UTF-16 (Telegram would refuse the keyboard)', () => {
    expect(encodeMore(3, '黄花机场\ud800')).toBe('m:3')
    expect(encodeContext('x'.repeat(70), 2, 1, '\udc00湖南')).toBe('r:1')
  })
})
