/** The page and the other browser-facing routes as a newcomer meets them. */
import { beforeAll, describe, expect, it } from 'vitest'
import { WEBHOOK_PATH } from '../../src/config.ts'
import { createApp } from '../../src/http/create-app.ts'
import type { Searcher } from '../../src/search/types.ts'
import { startBotHarness } from '../helpers/bot-harness.ts'
import { createMemoryLogger } from '../helpers/memory-logger.ts'
import { realSearcher } from '../helpers/searcher.ts'

const QUESTION = '湖南前11月进出口总额是多少？'
let searcher: Searcher
let app: ReturnType<typeof createApp>

beforeAll(async () => {
  searcher = await realSearcher()
  app = createApp({ searcher, logger: createMemoryLogger() })
})

const html = async (path: string, init?: RequestInit) => (await app.request(path, init)).text()

describe('the search page', () => {
  it('puts its CSS in <style> unescaped, so the font names survive', async () => {
    const page = await html('/')
    const style = /<style>(.*?)<\/style>/s.exec(page)?.[1] ?? ''
    expect(style).toContain('font-family:system-ui,"Noto Sans CJK SC"')
    expect(style).not.toContain('&quot;')
  })

  it('lists the examples as separate items', async () => {
    const page = await html('/')
    const list = /<ul class="examples">(.*?)<\/ul>/s.exec(page)?.[1] ?? ''
    expect(list.match(/<li>/g)).toHaveLength(3)
  })

  it('links each attribution to the article, opened on the quoted paragraph, and offers its context', async () => {
    const page = await html(`/?q=${encodeURIComponent(QUESTION)}`)
    const top = (await searcher.answer(QUESTION, { limit: 5 })).results[0]
    if (!top) throw new Error('no result')
    const href = `/article/${encodeURIComponent(top.articleId)}?p=${top.paragraph}#p${top.paragraph}`
    expect(page).toContain(`<p class="attribution"><a href="${href}">`)
    expect(page).toContain(`<a href="${href}">上下文</a>`)
    // The attribution comes before its quote (on a phone it is on screen with the start of the answer).
    expect(page.indexOf('class="attribution"')).toBeLessThan(page.indexOf('<blockquote'))
  })

  it('says when the question was cut at 200 characters', async () => {
    const long = `${QUESTION}${'湖南'.repeat(120)}`
    const page = await html(`/?q=${encodeURIComponent(long)}`)
    expect(page).toContain(`问题有 ${long.length} 个字，超过上限；只按前 200 个字检索。`)
    expect(await html(`/?q=${encodeURIComponent(QUESTION)}`)).not.toContain('超过上限')
  })
})

describe('the article page (the context of a quote)', () => {
  it('shows every paragraph, the quoted one marked and anchored, with the attribution', async () => {
    const top = (await searcher.answer(QUESTION, { limit: 1 })).results[0]
    if (!top) throw new Error('no result')
    const article = searcher.article(top.articleId)
    const response = await app.request(`/article/${encodeURIComponent(top.articleId)}?p=${top.paragraph}`)
    expect(response.status).toBe(200)
    const page = await response.text()
    expect(page.match(/<p id="p\d+"/g)).toHaveLength(article?.paragraphs.length ?? -1)
    expect(page).toContain(`<p id="p${top.paragraph}" class="asked"`)
    expect(page).toContain(`<h1>${article?.title}</h1>`)
    const missing = await app.request('/article/no-such-article', { headers: { accept: 'text/html' } })
    expect(missing.status).toBe(404)
    expect(missing.headers.get('content-type')).toContain('text/html')
  })
})

describe('routes a browser or a client gets wrong', () => {
  it('gives a browser an HTML 404 page with a way back, and programs JSON', async () => {
    const browser = await app.request('/foo', { headers: { accept: 'text/html,application/xhtml+xml' } })
    expect(browser.status).toBe(404)
    expect(browser.headers.get('content-type')).toContain('text/html')
    expect(await browser.text()).toContain('<a href="/">')
    const program = await app.request('/foo')
    expect(program.headers.get('content-type')).toContain('application/json')
    const api = await app.request('/api/foo', { headers: { accept: 'text/html' } })
    expect(api.headers.get('content-type')).toContain('application/json')
  })

  it('serves a favicon', async () => {
    const response = await app.request('/favicon.ico')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/svg+xml')
    expect(await response.text()).toContain('<svg')
  })

  it('answers 405 with Allow for a known path and the wrong method', async () => {
    for (const [method, path, allow] of [
      ['PUT', '/api/search', 'GET, HEAD, POST, OPTIONS'],
      ['DELETE', '/api/articles/x', 'GET, HEAD, OPTIONS'],
      ['POST', '/healthz', 'GET, HEAD'],
      ['POST', '/', 'GET, HEAD'],
    ] as const) {
      const response = await app.request(path, { method })
      expect(response.status, `${method} ${path}`).toBe(405)
      expect(response.headers.get('allow')).toBe(allow)
      expect(await response.json()).toMatchObject({ error: { code: 'method_not_allowed' } })
    }
  })

  it('answers GET on the webhook with 405, not 404', async () => {
    const harness = await startBotHarness(searcher)
    try {
      const withWebhook = createApp({
        searcher,
        logger: createMemoryLogger(),
        webhook: { bot: harness.bot, secretToken: 's', path: WEBHOOK_PATH },
      })
      const response = await withWebhook.request(WEBHOOK_PATH)
      expect(response.status).toBe(405)
      expect(response.headers.get('allow')).toBe('POST')
    } finally {
      await harness.close()
    }
  })

  it('explains a form-encoded POST in Chinese: send JSON', async () => {
    const response = await app.request('/api/search', {
      method: 'POST',
      body: 'q=湖南',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(response.status).toBe(415)
    const body = (await response.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('unsupported_media_type')
    expect(body.error.message).toContain('application/json')
    expect(body.error.message).not.toBe('Unsupported Media Type')
  })

  it('answers malformed JSON without Hono English', async () => {
    const response = await app.request('/api/search', {
      method: 'POST',
      body: '{bad',
      headers: { 'content-type': 'application/json' },
    })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { error: { message: string } }).error.message).not.toContain(
      'Malformed',
    )
  })
})
