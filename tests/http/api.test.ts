import { beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/http/create-app.ts'
import type { ApiAnswer } from '../../src/render/answer-json.ts'
import type { Searcher } from '../../src/search/types.ts'
import { createMemoryLogger } from '../helpers/memory-logger.ts'
import { realSearcher } from '../helpers/searcher.ts'

const QUESTION = '湖南前11月进出口总额是多少？'

let searcher: Searcher
let app: ReturnType<typeof createApp>
const logger = createMemoryLogger()

beforeAll(async () => {
  searcher = await realSearcher()
  app = createApp({ searcher, logger, apiRateLimit: 10_000 })
})

const get = (path: string, init?: RequestInit) => app.request(path, init)
const post = (body: string, contentType = 'application/json') =>
  app.request('/api/search', { method: 'POST', body, headers: { 'content-type': contentType } })

interface ErrorJson {
  error: { code: string; message: string; issues?: { field: string; message: string }[] }
}

describe('GET /api/search', () => {
  it('returns the quoted passages with attribution, score, highlights and tookMs', async () => {
    const response = await get(`/api/search?q=${encodeURIComponent(QUESTION)}&limit=2`)
    expect(response.status).toBe(200)
    const body = (await response.json()) as ApiAnswer
    expect(body).toMatchObject({ question: QUESTION, found: true, offset: 0, limit: 2, asksFigure: true })
    expect(body.results).toHaveLength(2)
    expect(typeof body.tookMs).toBe('number')
    const first = body.results[0]!
    const article = searcher.article(first.attribution.articleId)
    expect(first.text).toBe(article?.paragraphs[first.attribution.paragraph])
    expect(first.text).toContain('6417.6亿元')
    expect(first.attribution).toMatchObject({
      title: article?.title,
      source: article?.source,
      authors: article?.authors,
    })
    expect(first.attribution.text.startsWith(`《${article?.title}》 · ${article?.source}`)).toBe(true)
    expect(first.highlights.some((h: { kind: string }) => h.kind === 'figure')).toBe(true)
    expect(typeof first.score).toBe('number')
    // The spotlight: whole sentences of text holding the asked figure.
    expect(body.asks).toBe('figure')
    const spotlight = first.spotlight.map(({ start, end }) => first.text.slice(start, end)).join('')
    expect(spotlight).toContain('6417.6亿元')
    expect(spotlight.length).toBeLessThan(first.text.length)
    expect(spotlight.endsWith('。')).toBe(true)
  })

  it('says why nothing answers: found false, the reason and the missing word, the closest passages kept', async () => {
    const response = await get(
      `/api/search?q=${encodeURIComponent('长沙黄花国际机场今年的货邮吞吐量是多少吨？')}`,
    )
    const body = (await response.json()) as ApiAnswer
    expect(body).toMatchObject({ found: false, reason: 'missing-term' })
    expect(body.judgement?.missingTerm).toMatch(/货邮|吞吐量/u)
    expect(body.results.length).toBeGreaterThan(0)
  })

  it('pages with offset', async () => {
    const first = (await (
      await get(`/api/search?q=${encodeURIComponent(QUESTION)}&limit=2`)
    ).json()) as ApiAnswer
    const second = (await (
      await get(`/api/search?q=${encodeURIComponent(QUESTION)}&limit=1&offset=1`)
    ).json()) as ApiAnswer
    expect(second.results[0]?.text).toBe(first.results[1]?.text)
  })

  it('allows cross-origin GETs', async () => {
    const response = await get(`/api/search?q=${encodeURIComponent(QUESTION)}`, {
      headers: { origin: 'https://staff.example' },
    })
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
  })

  it('answers a CORS preflight with a fixed list of methods and headers', async () => {
    const response = await get('/api/search', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://staff.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'x-requested-with',
      },
    })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe('*')
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST')
    expect(response.headers.get('access-control-allow-headers')).toBe('Content-Type')
    const error = await get('/api/search?q=', { headers: { origin: 'https://staff.example' } })
    expect(error.status).toBe(400)
    expect(error.headers.get('access-control-allow-origin')).toBe('*')
  })

  it.each([
    ['', 'q', '必填'],
    ['?q=', 'q', '不能为空'],
    ['?q=%20%20', 'q', '不能为空'],
    [`?q=${'湖'.repeat(201)}`.replace(/湖{190}/, '湖×190'), 'q', '不能超过 200 个字'],
    ['?q=湖南&limit=0', 'limit', '1 到 20 的整数'],
    ['?q=湖南&limit=21', 'limit', '1 到 20 的整数'],
    ['?q=湖南&limit=abc', 'limit', '1 到 20 的整数'],
    ['?q=湖南&limit=2.5', 'limit', '1 到 20 的整数'],
    ['?q=湖南&offset=-1', 'offset', '0 到 1000 的整数'],
    ['?q=湖南&offset=1001', 'offset', '0 到 1000 的整数'],
    ['?q=湖南&offset=x', 'offset', '0 到 1000 的整数'],
  ])('rejects %s with a 400 naming the field', async (query, field, why) => {
    const response = await get(`/api/search${query.replace('湖×190', '湖'.repeat(190))}`)
    expect(response.status).toBe(400)
    const body = (await response.json()) as ErrorJson
    expect(body.error.code).toBe('invalid_request')
    expect(body.error.issues).toContainEqual({ field, message: expect.stringContaining(why) })
    expect(body.error.message).toContain(field)
    // The whole message is Chinese: no zod or Hono English mixed in.
    expect(body.error.message.replace(field, '')).not.toMatch(/[a-z]{3,}/i)
  })
})

describe('POST /api/search', () => {
  it('answers a JSON body like GET does', async () => {
    const response = await post(JSON.stringify({ q: QUESTION, limit: 2 }))
    expect(response.status).toBe(200)
    const viaGet = (await (
      await get(`/api/search?q=${encodeURIComponent(QUESTION)}&limit=2`)
    ).json()) as ApiAnswer
    const body = (await response.json()) as ApiAnswer
    expect(body.results.map((r) => r.text)).toEqual(viaGet.results.map((r) => r.text))
  })

  it.each([
    [{}, 'q', '必填'],
    [{ q: '' }, 'q', '不能为空'],
    [{ q: 5 }, 'q', '必须是文字'],
    [{ q: '湖'.repeat(201) }, 'q', '不能超过 200'],
    [{ q: '湖南', limit: 50 }, 'limit', '1 到 20 的整数'],
    [{ q: '湖南', limit: '5' }, 'limit', '1 到 20 的整数'],
    [{ q: '湖南', offset: 1.5 }, 'offset', '0 到 1000 的整数'],
  ])('rejects %j with a 400 naming the field', async (body, field, why) => {
    const response = await post(JSON.stringify(body))
    expect(response.status).toBe(400)
    const json = (await response.json()) as ErrorJson
    expect(json.error.issues).toContainEqual({ field, message: expect.stringContaining(why) })
  })

  it('rejects a body that is not JSON with a 400 JSON error', async () => {
    const response = await post('{"q": 湖南')
    expect(response.status).toBe(400)
    expect(((await response.json()) as ErrorJson).error.code).toBe('invalid_request')
  })

  it('refuses a body over 16 KB with a 413 JSON error, before reading it', async () => {
    const response = await app.request('/api/search', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ q: '湖南', padding: 'x'.repeat(20_000) }),
    })
    expect(response.status).toBe(413)
    expect(((await response.json()) as ErrorJson).error.code).toBe('payload_too_large')
  })

  it('rejects a body without a JSON content type with a 415 JSON error', async () => {
    const response = await post('q=湖南', 'application/x-www-form-urlencoded')
    expect(response.status).toBe(415)
    expect(((await response.json()) as ErrorJson).error.code).toBe('unsupported_media_type')
  })
})

describe('GET /api/articles/:id', () => {
  it('returns the article with its paragraphs', async () => {
    const { results } = await searcher.answer(QUESTION, { limit: 1 })
    const id = results[0]?.articleId ?? ''
    const response = await get(`/api/articles/${id}`)
    expect(response.status).toBe(200)
    const body = (await response.json()) as Record<string, unknown>
    const article = searcher.article(id)
    expect(body).toMatchObject({
      id,
      title: article?.title,
      source: article?.source,
      paragraphs: article?.paragraphs,
    })
    expect(body.raw).toBeUndefined()
  })

  it('answers 404 JSON for an unknown id', async () => {
    const response = await get('/api/articles/no-such-article')
    expect(response.status).toBe(404)
    expect(((await response.json()) as ErrorJson).error.code).toBe('not_found')
  })
})

describe('other routes', () => {
  it('GET /healthz reports the loaded index and corpus counts', async () => {
    const stats = searcher.stats()
    const response = await get('/healthz')
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      status: 'ok',
      index: 'loaded',
      articles: stats.articles,
      paragraphs: stats.paragraphs,
      version: stats.version,
    })
  })

  it('GET /openapi.json describes the API', async () => {
    const response = await get('/openapi.json')
    expect(response.status).toBe(200)
    const doc = (await response.json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>
    }
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/',
      '/api/articles/{id}',
      '/api/search',
      '/article/{id}',
      '/healthz',
      '/openapi.json',
    ])
    expect(Object.keys(doc.paths['/api/search'] ?? {}).sort()).toEqual(['get', 'post'])
    expect(doc.paths['/api/search']?.get?.parameters?.map((p) => p.name).sort()).toEqual([
      'limit',
      'offset',
      'q',
    ])
  })

  it('unknown routes get a 404 JSON', async () => {
    for (const path of ['/nope', '/api/nope', '/telegram/webhook']) {
      const response = await get(path)
      expect(response.status).toBe(404)
      expect(response.headers.get('content-type')).toContain('application/json')
      expect(((await response.json()) as ErrorJson).error.code).toBe('not_found')
    }
  })

  it('turns an internal error into a generic 500 JSON, logged, without stack or paths', async () => {
    const failing: Searcher = {
      ...searcher,
      answer: async () => {
        throw new Error('index exploded at /work/main/build/index.json')
      },
    }
    const errorLogger = createMemoryLogger()
    const broken = createApp({ searcher: failing, logger: errorLogger })
    const response = await broken.request('/api/search?q=湖南')
    expect(response.status).toBe(500)
    const text = await response.text()
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: expect.any(String) } })
    expect(text).not.toContain('/work/')
    expect(text).not.toContain('at ')
    expect(errorLogger.text()).toContain('index exploded')
  })
})

describe('rate limit on /api/*', () => {
  it('answers 429 with Retry-After once a client has used its requests, per client', async () => {
    let now = 0
    const limited = createApp({
      searcher,
      logger,
      apiRateLimit: 3,
      clientIpHeader: 'x-forwarded-for',
      now: () => now,
    })
    const from = (ip: string) =>
      limited.request('/api/search?q=湖南', { headers: { 'x-forwarded-for': `10.0.0.1, ${ip}` } })
    for (let i = 0; i < 3; i++) expect((await from('203.0.113.7')).status).toBe(200)
    const refused = await from('203.0.113.7')
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('20')
    expect(((await refused.json()) as ErrorJson).error.code).toBe('rate_limited')
    expect((await from('198.51.100.9')).status).toBe(200)
    expect((await limited.request('/healthz')).status).toBe(200)
    now += 20_000
    expect((await from('203.0.113.7')).status).toBe(200)
  })
})
