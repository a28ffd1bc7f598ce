/**
 * The real Worker in workerd (wrangler's unstable_startWorker, local only): the bundled index ranks as Node
 * does, the API routes answer, and the webhook answers a private message through a fake Bot API on loopback.
 */
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { WEBHOOK_PATH } from '../../src/config.ts'
import type { ApiAnswer } from '../../src/render/answer-json.ts'
import { openSearcher } from '../../src/search/open-searcher.ts'
import type { Searcher } from '../../src/search/types.ts'
import { writeWorkerIndex } from '../../src/worker/write-worker-index.ts'
import { BOT_TOKEN, botInfo, type FakeBotApi, startFakeBotApi } from '../helpers/fake-bot-api.ts'
import { parseTelegramHtml } from '../helpers/telegram-html.ts'
import { messageUpdate, privateChat, textMessage, user } from '../helpers/telegram-updates.ts'

const SECRET = 'worker-test_secret-42'
const PUBLIC_SET = '../shared/eval/qa-public.jsonl'

let worker: Awaited<ReturnType<typeof import('wrangler').unstable_startWorker>>
let node: Searcher
let api: FakeBotApi

beforeAll(async () => {
  // Offline: no metrics, no Cloudflare requests.
  process.env.WRANGLER_SEND_METRICS = 'false'
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = 'false'
  await writeWorkerIndex()
  node = await openSearcher()
  api = await startFakeBotApi()
  const { unstable_startWorker } = await import('wrangler')
  worker = await unstable_startWorker({
    config: 'wrangler.toml',
    bindings: {
      TELEGRAM_BOT_TOKEN: { type: 'plain_text', value: BOT_TOKEN },
      TELEGRAM_WEBHOOK_SECRET: { type: 'plain_text', value: SECRET },
      BOT_INFO: { type: 'plain_text', value: JSON.stringify(botInfo) },
      TELEGRAM_API_ROOT: { type: 'plain_text', value: api.apiRoot },
      API_RATE_LIMIT: { type: 'plain_text', value: '100000' },
    },
    dev: { server: { port: 0 }, inspector: false, remote: false, watch: false, logLevel: 'warn' },
  })
  await worker.ready
}, 90_000)

afterAll(async () => {
  await worker?.dispose()
  await api?.close()
})

beforeEach(() => api.reset())

const get = (path: string) => worker.fetch(`http://worker.test${path}`)

function postUpdate(body: unknown, secret?: string) {
  return worker.fetch(`http://worker.test${WEBHOOK_PATH}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(secret === undefined ? {} : { 'x-telegram-bot-api-secret-token': secret }),
    },
    body: JSON.stringify(body),
  })
}

async function publicQuestions(): Promise<string[]> {
  const lines = (await readFile(PUBLIC_SET, 'utf8')).split('\n').filter((line) => line.trim())
  return lines.map((line) => (JSON.parse(line) as { q: string }).q)
}

describe('the Worker in workerd', () => {
  it('answers the public questions as Node does: same top-5 paragraphs, found and spotlights (at least 99%)', async () => {
    const questions = await publicQuestions()
    const differences: string[] = []
    for (const question of questions) {
      const response = await get(`/api/search?q=${encodeURIComponent(question)}&limit=5`)
      expect(response.status).toBe(200)
      const body = (await response.json()) as ApiAnswer
      const expected = await node.answer(question, { limit: 5 })
      const got = body.results
        .map(
          ({ attribution, spotlight, highlights }) =>
            `${attribution.articleId}#${attribution.paragraph}${JSON.stringify([spotlight, highlights])}`,
        )
        .join(' ')
      const want = expected.results
        .map(
          (passage) =>
            `${passage.articleId}#${passage.paragraph}${JSON.stringify([passage.spotlight, passage.highlights])}`,
        )
        .join(' ')
      if (got !== want || body.found !== expected.found) differences.push(`${question}: ${got} != ${want}`)
    }
    expect(questions.length).toBeGreaterThan(50)
    expect(1 - differences.length / questions.length, differences.join('\n')).toBeGreaterThanOrEqual(0.99)
  })

  it('reports the bundled index on /healthz', async () => {
    const response = await get('/healthz')
    expect(response.status).toBe(200)
    const stats = node.stats()
    expect(await response.json()).toMatchObject({
      status: 'ok',
      articles: stats.articles,
      paragraphs: stats.paragraphs,
      version: stats.version,
    })
  })

  it('serves an article by id, 404 for an unknown article or path, 400 without a question', async () => {
    const search = (await (await get(`/api/search?q=${encodeURIComponent('黄花机场')}`)).json()) as ApiAnswer
    const id = search.results[0]?.attribution.articleId ?? ''
    const article = await get(`/api/articles/${encodeURIComponent(id)}`)
    expect(article.status).toBe(200)
    expect(await article.json()).toMatchObject({ id, title: node.article(id)?.title })
    expect((await get('/api/articles/no-such-article')).status).toBe(404)
    const missing = await get('/no/such/page')
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } })
    expect((await get('/api/search')).status).toBe(400)
  })

  it('serves the search page', async () => {
    const response = await get(`/?q=${encodeURIComponent('黄花机场 全货运航线 数量')}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/html')
    expect(await response.text()).toContain('全货运航线')
  })

  it('refuses a webhook update with a wrong or missing secret (401) and calls no Bot API', async () => {
    const update = messageUpdate(textMessage(privateChat, '黄花机场 全货运航线 数量'))
    expect((await postUpdate(update, 'wrong-secret')).status).toBe(401)
    expect((await postUpdate(update)).status).toBe(401)
    expect(api.calls).toEqual([])
  })

  it('answers a private message by quoting the corpus paragraph through the Bot API', async () => {
    const question = '湖南前11月进出口总额是多少？'
    const expected = await node.answer(question, { limit: 5 })
    const top = expected.results[0]
    expect(top).toBeDefined()
    const response = await postUpdate(messageUpdate(textMessage(privateChat, question)), SECRET)
    expect(response.status).toBe(200)
    const sent = await api.waitFor('sendMessage', undefined, 10_000)
    expect(sent.token).toBe(BOT_TOKEN)
    expect(sent.params.chat_id).toBe(user.id)
    expect(parseTelegramHtml(String(sent.params.text)).text).toContain(top?.text.slice(0, 40))
    expect(api.callsTo('getMe')).toEqual([])
  })
})

describe('a misconfigured Worker', () => {
  it('answers 500 "misconfigured" when a bot token comes without its webhook secret', async () => {
    const { unstable_startWorker } = await import('wrangler')
    const broken = await unstable_startWorker({
      config: 'wrangler.toml',
      bindings: { TELEGRAM_BOT_TOKEN: { type: 'plain_text', value: BOT_TOKEN } },
      dev: { server: { port: 0 }, inspector: false, remote: false, watch: false, logLevel: 'none' },
    })
    try {
      await broken.ready
      const response = await broken.fetch('http://worker.test/healthz')
      expect(response.status).toBe(500)
      const body = await response.text()
      expect(JSON.parse(body)).toMatchObject({ error: { code: 'misconfigured' } })
      expect(body).not.toContain(BOT_TOKEN)
    } finally {
      await broken.dispose()
    }
  })
})
