import { describe, expect, it } from 'vitest'
import { parseTelegramHtml } from './telegram-html.ts'

describe('the Telegram HTML checker used by the bot tests', () => {
  it('accepts what Telegram accepts and measures the text after parsing', () => {
    const parsed = parseTelegramHtml(
      '<blockquote expandable>A &lt; <b>B</b> &amp; &#39;C&#x27;</blockquote>\n<a href="https://x.cn/?a=1&amp;b=2">《题》</a>',
    )
    expect(parsed.errors).toEqual([])
    expect(parsed.text).toBe("A < B & 'C'\n《题》")
    expect(parsed.entities).toBe(3)
    expect(parsed.links).toEqual([{ href: 'https://x.cn/?a=1&b=2', text: '《题》' }])
    expect(parsed.entityList.map((entity) => entity.type)).toEqual([
      'expandable_blockquote',
      'bold',
      'text_link',
    ])
  })

  it.each([
    ['<div>x</div>', 'unsupported tag <div>'],
    ['<b>x</i>', '</i> closes <b>'],
    ['<b>x', '<b> is never closed'],
    ['a < b', 'unescaped "<"'],
    ['a & b', 'unescaped "&"'],
    ['&nbsp;', 'unsupported entity'],
    ['<blockquote>a<blockquote>b</blockquote></blockquote>', 'nested <blockquote>'],
    ['<code><b>x</b></code>', '<b> inside <pre>/<code>'],
    ['<a>x</a>', '<a> without href'],
    ['<b class="x">x</b>', 'does not take attribute class'],
    [`${'字'.repeat(4097)}`, 'max 4096'],
    ['<b>x</b>'.repeat(101), 'max 100'],
  ])('rejects %s', (html, problem) => {
    expect(parseTelegramHtml(html).errors.join('\n')).toContain(problem)
  })
})
