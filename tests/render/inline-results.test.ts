import { describe, expect, it } from 'vitest'
import { renderInlineResults } from '../../src/render/inline-results.ts'
import { assertTelegramHtml } from '../helpers/telegram-html.ts'
import { answer, passage, tradeParagraph } from './fixtures.ts'

describe('renderInlineResults', () => {
  it('makes one article result per passage: title, the answering sentence, quote + attribution HTML', () => {
    const { results, nextOffset } = renderInlineResults(answer([passage()], { total: 14 }), 10)
    expect(nextOffset).toBe('11')
    const [result] = results
    expect(result?.type).toBe('article')
    expect(result?.id).toBe('10')
    expect(result?.title).toBe('外贸“马车”何以跑出加速度')
    expect(result?.description).toBe('前11月，湖南进出口总额首次突破6000亿元大关，达到6417.6亿元。')
    const content = result?.input_message_content as { message_text: string; parse_mode: string }
    expect(content.parse_mode).toBe('HTML')
    const parsed = assertTelegramHtml(content.message_text)
    expect(parsed.blockquotes[0]?.text).toBe(tradeParagraph)
    expect(parsed.text.endsWith('《外贸“马车”何以跑出加速度》 · 湖南日报 · 2022-12-20 · 杨兴东')).toBe(true)
  })

  it('returns no results and no next page when nothing was found', () => {
    expect(renderInlineResults(answer([]), 0)).toEqual({ results: [], nextOffset: '' })
  })
})
