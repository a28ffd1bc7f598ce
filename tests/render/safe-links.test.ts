import { describe, expect, it } from 'vitest'
import { renderAnswerHtml } from '../../src/render/answer-html.ts'
import { renderAnswerJson } from '../../src/render/answer-json.ts'
import { renderSearchPage } from '../../src/render/search-page.tsx'
import { answer, passage } from './fixtures.ts'

const unsafe = ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'tg://resolve?domain=x']

describe('links in answers', () => {
  it.each(unsafe)('never links %s, on any surface', (url) => {
    const result = answer([passage({ url })])
    const html = renderAnswerHtml(result, { surface: 'private', offset: 0 }).html
    expect(html).not.toContain('href=')
    expect(html).toContain('《外贸“马车”何以跑出加速度》')
    const json = renderAnswerJson('外贸', result, { offset: 0, limit: 3 }, 1)
    expect(json.results[0]!.attribution.url).toBeUndefined()
    const stats = { articles: 1, paragraphs: 1, version: 'v1', dates: {}, sources: ['湖南日报'] }
    const page = renderSearchPage({ question: '外贸', answer: result, offset: 0, limit: 3, stats })
    expect(page).not.toContain(`href="${url.split(':')[0]}:`)
    expect(page).toContain('《外贸“马车”何以跑出加速度》')
  })

  it('links an https url', () => {
    const result = answer([passage({ url: 'https://hnrb.voc.com.cn/a.html' })])
    expect(renderAnswerHtml(result, { surface: 'private', offset: 0 }).html).toContain(
      'href="https://hnrb.voc.com.cn/a.html"',
    )
    expect(renderAnswerJson('外贸', result, { offset: 0, limit: 3 }, 1).results[0]!.attribution.url).toBe(
      'https://hnrb.voc.com.cn/a.html',
    )
  })
})
