import { beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/http/create-app.ts'
import { formatAttribution } from '../../src/render/attribution.ts'
import type { Searcher } from '../../src/search/types.ts'
import { createMemoryLogger } from '../helpers/memory-logger.ts'
import { realSearcher } from '../helpers/searcher.ts'

const QUESTION = '湖南前11月进出口总额是多少？'

let searcher: Searcher
let app: ReturnType<typeof createApp>

beforeAll(async () => {
  searcher = await realSearcher()
  app = createApp({ searcher, logger: createMemoryLogger() })
})

const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")

describe('GET / (search page)', () => {
  it('shows a search box and example questions', async () => {
    const response = await app.request('/')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/html')
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'")
    const html = await response.text()
    expect(html).toMatch(/<input[^>]+type="search"[^>]+name="q"/)
    expect(html).toContain(`href="/?q=${encodeURIComponent('湖南前11月进出口总额是多少？')}"`)
  })

  it('quotes the same passages as the bot, with attribution and the figure marked', async () => {
    const html = await (await app.request(`/?q=${encodeURIComponent(QUESTION)}`)).text()
    const answer = await searcher.answer(QUESTION, { limit: 5 })
    const quotes = [...html.matchAll(/<blockquote[^>]*>(.*?)<\/blockquote>/gs)].map((match) =>
      textOf(match[1] ?? ''),
    )
    expect(quotes).toEqual(answer.results.map((passage) => passage.text))
    const top = answer.results[0]
    expect(textOf(html)).toContain(
      formatAttribution(searcher.article(top?.articleId ?? '') ?? { title: '', source: '', authors: [] }),
    )
    expect(html).toContain('<mark class="figure">6417.6亿元</mark>')
    // The answering sentence is marked inside the paragraph, with the figure inside it.
    const spotlight = /<span class="spotlight">(.*?)<\/span>/s.exec(html)?.[1] ?? ''
    expect(spotlight).toContain('<mark class="figure">6417.6亿元</mark>')
    expect(textOf(spotlight).endsWith('。')).toBe(true)
  })

  it('says first that nothing answers, the closest passages collapsed and labelled as not an answer', async () => {
    const html = await (await app.request(`/?q=${encodeURIComponent('北京明天天气怎么样')}`)).text()
    const results = html.slice(html.indexOf('<section id="results">'))
    expect(results.indexOf('id="not-found"')).toBeLessThan(results.indexOf('<details'))
    expect(results).toMatch(/<details class="closest"><summary>最接近的 \d+ 个段落（不是答案）<\/summary>/u)
    expect(results).not.toMatch(/<details[^>]* open/u)
  })

  it('pages to the next results', async () => {
    const html = await (await app.request(`/?q=${encodeURIComponent('湖南')}`)).text()
    const next = /<a rel="next" href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&')
    expect(next).toBe(`/?q=${encodeURIComponent('湖南')}&offset=5`)
    const second = await (await app.request(next ?? '')).text()
    const answer = await searcher.answer('湖南', { limit: 5, offset: 5 })
    expect(textOf(second)).toContain(answer.results[0]?.text ?? 'missing')
    expect(second).toContain('rel="prev"')
  })

  it('escapes the question', async () => {
    const html = await (await app.request(`/?q=${encodeURIComponent('<script>alert(1)</script>')}`)).text()
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;')
  })
})
