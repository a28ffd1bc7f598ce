import { describe, expect, it } from 'vitest'
import type { Article } from '../../src/corpus/types.ts'
import { renderContextHtml } from '../../src/render/context-html.ts'
import { assertTelegramHtml } from '../helpers/telegram-html.ts'
import { tradeParagraph } from './fixtures.ts'

const article: Article = {
  id: '000-01',
  title: '通江达海 奔腾向前',
  source: '湖南日报',
  authors: ['杨兴东'],
  raw: { file: '000_5aece39b5635e924.txt', lines: [1, 80] },
  paragraphs: ['湖南日报全媒体评论员 杨兴东', tradeParagraph, '我们有了更多走出去的“大通道”。', '第四段。'],
}

describe('renderContextHtml', () => {
  it('quotes the neighbouring paragraphs folded, the asked one in bold, then the attribution', () => {
    const parsed = assertTelegramHtml(renderContextHtml({ article, paragraph: 1, from: 0, to: 2 }))
    expect(parsed.blockquotes).toEqual([
      { text: article.paragraphs.slice(0, 3).join('\n\n'), expandable: true },
    ])
    expect(parsed.bold).toEqual([tradeParagraph])
    expect(parsed.text.startsWith('第 1–3 段：')).toBe(true)
    expect(parsed.text.endsWith('《通江达海 奔腾向前》 · 湖南日报 · 杨兴东')).toBe(true)
  })

  it('drops the farthest neighbours when the paragraphs are too long for one message', () => {
    const long = { ...article, paragraphs: Array.from({ length: 9 }, (_, i) => `${i}${'段'.repeat(1100)}`) }
    const parsed = assertTelegramHtml(renderContextHtml({ article: long, paragraph: 4, from: 0, to: 8 }))
    expect(parsed.text.length).toBeLessThanOrEqual(4096)
    expect(parsed.bold[0]?.startsWith('4')).toBe(true)
  })
})
