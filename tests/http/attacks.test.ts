/** The HTTP surface as an attacker meets it: limits, proxies, preflights, secrets and error hygiene. */
import { beforeAll, describe, expect, it } from 'vitest'
import { WEBHOOK_PATH } from '../../src/config.ts'
import { clientAddressFromHeader } from '../../src/http/client-address.ts'
import { createApp } from '../../src/http/create-app.ts'
import { secretMatches } from '../../src/http/secret.ts'
import type { Searcher } from '../../src/search/types.ts'
import { type BotHarness, startBotHarness } from '../helpers/bot-harness.ts'
import { createMemoryLogger } from '../helpers/memory-logger.ts'
import { countingSearcher, realSearcher } from '../helpers/searcher.ts'

let searcher: Searcher
const logger = createMemoryLogger()

beforeAll(async () => {
  searcher = await realSearcher()
})

describe('the search page is rate limited like /api/*', () => {
  it('answers 429 (an HTML page with Retry-After) once a client has used its budget, GET and HEAD alike', async () => {
    let now = 0
    const app = createApp({ searcher, logger, apiRateLimit: 3, now: () => now })
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) statuses.push((await app.request(`/?q=湖南${i}`)).status)
    const headRefused = await app.request('/?q=湖南', { method: 'HEAD' })
    expect(statuses).toEqual([200, 200, 200])
    expect(headRefused.status).toBe(429)
    const refused = await app.request('/?q=湖南')
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('20')
    expect(refused.headers.get('content-type')).toContain('text/html')
    expect(await refused.text()).toContain('请求太频繁')
    // The API has its own budget; health is never limited.
    expect((await app.request('/api/search?q=湖南')).status).toBe(200)
    expect((await app.request('/healthz')).status).toBe(200)
    now += 20_000
    expect((await app.request('/?q=湖南')).status).toBe(200)
  })

  it('holds each refusal (a tarpit), so a flooding connection gets few answers a second', async () => {
    const app = createApp({ searcher, logger, apiRateLimit: 1, refusalDelayMs: 300 })
    expect((await app.request('/api/search?q=湖南')).status).toBe(200)
    const started = performance.now()
    const refused = await app.request('/api/search?q=湖南')
    expect(refused.status).toBe(429)
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
  })

  it('HEAD / runs no search', async () => {
    const probe = countingSearcher(searcher)
    const app = createApp({ searcher: probe, logger })
    const response = await app.request('/?q=湖南前11月进出口总额是多少', { method: 'HEAD' })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/html')
    expect(probe.searches()).toBe(0)
  })
})

describe('X-Forwarded-For behind a proxy', () => {
  it('takes the entry the trusted proxy appended, not the one the client wrote', () => {
    expect(clientAddressFromHeader('10.0.0.5, 203.0.113.7')).toBe('203.0.113.7')
    expect(clientAddressFromHeader('10.0.0.5, 203.0.113.7, 10.1.1.1', 2)).toBe('203.0.113.7')
    expect(clientAddressFromHeader('203.0.113.7')).toBe('203.0.113.7')
    expect(clientAddressFromHeader('203.0.113.7', 3)).toBe('203.0.113.7')
    expect(clientAddressFromHeader(' , ')).toBeUndefined()
    expect(clientAddressFromHeader(undefined)).toBeUndefined()
    expect(clientAddressFromHeader(`${'9'.repeat(5000)}`)?.length).toBe(64)
  })

  it('rotating the leftmost entry does not escape the limit', async () => {
    const app = createApp({ searcher, logger, apiRateLimit: 5, clientIpHeader: 'x-forwarded-for' })
    const statuses: number[] = []
    for (let i = 0; i < 20; i++) {
      const response = await app.request('/api/search?q=湖南', {
        headers: { 'x-forwarded-for': `10.0.0.${i}, 127.0.0.1` },
      })
      statuses.push(response.status)
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(5)
    expect(statuses.filter((status) => status === 429)).toHaveLength(15)
  })

  it('honours TRUSTED_PROXY_HOPS for a chain of proxies', async () => {
    const app = createApp({
      searcher,
      logger,
      apiRateLimit: 1,
      clientIpHeader: 'x-forwarded-for',
      trustedProxyHops: 2,
    })
    const from = (client: string) =>
      app.request('/api/search?q=湖南', { headers: { 'x-forwarded-for': `1.2.3.4, ${client}, 10.9.9.9` } })
    expect((await from('203.0.113.7')).status).toBe(200)
    expect((await from('203.0.113.7')).status).toBe(429)
    expect((await from('198.51.100.9')).status).toBe(200)
  })
})

describe('CORS preflights', () => {
  it('count against the rate limit and never echo the requested headers', async () => {
    const app = createApp({ searcher, logger, apiRateLimit: 2 })
    const preflight = () =>
      app.request('/api/search', {
        method: 'OPTIONS',
        headers: {
          origin: 'https://staff.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'x-evil, content-type',
        },
      })
    const first = await preflight()
    expect(first.status).toBe(204)
    expect(first.headers.get('access-control-allow-origin')).toBe('*')
    expect(first.headers.get('access-control-allow-headers')).toBe('Content-Type')
    expect(first.headers.get('access-control-allow-methods')).toBe('GET, POST')
    expect((await preflight()).status).toBe(204)
    expect((await preflight()).status).toBe(429)
  })
})

describe('error hygiene', () => {
  it('sends X-Content-Type-Options: nosniff on JSON, errors and pages', async () => {
    const app = createApp({ searcher, logger })
    for (const path of ['/api/search?q=湖南', '/api/search', '/nope', '/', '/healthz']) {
      const response = await app.request(path)
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff')
    }
  })

  it('does not echo a requested article id', async () => {
    const app = createApp({ searcher, logger })
    const response = await app.request(`/api/articles/${encodeURIComponent('<script>alert(1)</script>')}`)
    expect(response.status).toBe(404)
    expect(await response.text()).not.toContain('script')
  })
})

describe('the webhook checks its secret before it reads the body', () => {
  let harness: BotHarness
  beforeAll(async () => {
    harness = await startBotHarness(searcher)
    return () => harness.close()
  })

  it('answers 401 to a wrong or missing secret whatever the body (bad JSON, 70 KB)', async () => {
    const app = createApp({
      searcher,
      logger,
      webhook: { bot: harness.bot, secretToken: 'right-secret', path: WEBHOOK_PATH },
    })
    const bodies = ['{not json', JSON.stringify({ update_id: 1, message: { text: '湖'.repeat(35_000) } })]
    for (const body of bodies) {
      for (const secret of [undefined, 'wrong-secret', 'right-secre', 'right-secret-']) {
        const response = await app.request(WEBHOOK_PATH, {
          method: 'POST',
          body,
          headers: {
            'content-type': 'application/json',
            ...(secret ? { 'x-telegram-bot-api-secret-token': secret } : {}),
          },
        })
        expect(response.status, `${secret} ${body.length}`).toBe(401)
        expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } })
      }
    }
    expect(harness.api.calls).toEqual([])
  })

  it('compares secrets without an early return on length', () => {
    expect(secretMatches('abc', 'abc')).toBe(true)
    expect(secretMatches('abd', 'abc')).toBe(false)
    expect(secretMatches('ab', 'abc')).toBe(false)
    expect(secretMatches('abc\u0000', 'abc')).toBe(false)
    expect(secretMatches('', 'abc')).toBe(false)
    expect(secretMatches('', '')).toBe(true)
    // Timing: a 1-character guess costs as long as a full-length one (the loop runs to the longer length).
    const secret = 'x'.repeat(200_000)
    const time = (guess: string) => {
      const started = performance.now()
      for (let i = 0; i < 20; i++) secretMatches(guess, secret)
      return performance.now() - started
    }
    time('y')
    const short = Math.min(time('y'), time('y'), time('y'))
    const full = Math.min(time('y'.repeat(200_000)), time('y'.repeat(200_000)))
    expect(short).toBeGreaterThan(full / 5)
  })
})
