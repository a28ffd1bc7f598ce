import type { OpenAPIHono } from '@hono/zod-openapi'
import type { Bot } from 'grammy'
import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { zh } from '../../prompts/zh.ts'
import type { BotContext } from '../bot/context.ts'
import { describeError, type Logger } from '../bot/logger.ts'
import { renderArticlePage } from '../render/article-page.tsx'
import { FAVICON_SVG } from '../render/favicon.ts'
import { renderMessagePage } from '../render/message-page.tsx'
import { renderSearchPage } from '../render/search-page.tsx'
import { type MissSink, recordMisses } from '../search/miss-log.ts'
import type { Searcher } from '../search/types.ts'
import type { SharedState } from '../shared/shared-state.ts'
import { cacheAnswers } from './answer-cache.ts'
import {
  createApiRoutes,
  createOpenApiHono,
  DEFAULT_LIMIT,
  MAX_LIMIT,
  MAX_OFFSET,
  MAX_QUESTION_CHARS,
} from './api.ts'
import type { AppEnv } from './app-env.ts'
import { clientAddressFromHeader } from './client-address.ts'
import { allowCrossOriginGets } from './cors.ts'
import { jsonError } from './errors.ts'
import { registerOtherPaths } from './openapi-paths.ts'
import { rateLimit } from './rate-limit.ts'
import { queueSearches, SearchQueueFullError } from './search-queue.ts'
import { createWebhookRoutes } from './webhook.ts'

export interface AppDeps {
  searcher: Searcher
  logger: Logger
  /** Requests per minute per client on /api/* and, separately, on the search page (default 60). */
  apiRateLimit?: number
  /** Header carrying the client address behind a proxy (x-forwarded-for, cf-connecting-ip...). */
  clientIpHeader?: string
  /** Each 429 is held this long before it is sent (see RateLimitOptions.refusalDelayMs; default 0). */
  refusalDelayMs?: number
  /** Proxies in front that append to a list header: the client is this many entries from its end (default 1). */
  trustedProxyHops?: number
  /** The connection's address, where the platform knows it (Node). */
  clientAddress?: (c: Context) => string | undefined
  /** Mounts Telegram's webhook route when the bot runs in webhook mode. */
  webhook?: { bot: Bot<BotContext>; secretToken: string; path: string; timeoutMs?: number }
  /** Secrets never to be logged. */
  secrets?: string[]
  now?: () => number
  /** The served index's corpus version and load time, shown on /healthz (a live-reloading server). */
  indexStatus?: () => { version: string; loadedAt: string }
  /** Opt-in record of unanswered questions (text and time only); see recordMisses. */
  missSink?: MissSink
  /** Answers remembered for the API and the search page (0: none); see cacheAnswers. */
  answerCacheSize?: number
  /** Replicas: the rate limits live in this shared store (REDIS_URL); absent: this process's memory. */
  sharedState?: SharedState
}

/** Largest request body on /api/* (a search request is a few hundred bytes). */
export const MAX_API_BODY_BYTES = 16 * 1024

const PAGE_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

function clampInteger(value: string | undefined, fallback: number, min: number, max: number): number {
  const parsed = Number.parseInt(value ?? '', 10)
  return Number.isFinite(parsed) ? Math.min(max, Math.max(min, parsed)) : fallback
}

/** The whole HTTP surface: API, search page, health, OpenAPI document and (optionally) the webhook. */
export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { logger } = deps
  const cached = cacheAnswers(queueSearches(deps.searcher), deps.answerCacheSize)
  // Outside the cache, so a question asked again and answered from memory still counts.
  const searcher = deps.missSink ? recordMisses(cached, deps.missSink) : cached
  const app = createOpenApiHono()

  app.use(async (c, next) => {
    c.set('logger', logger)
    // No browser may guess another type than the one sent (an error JSON rendered as HTML, say).
    c.header('X-Content-Type-Options', 'nosniff')
    await next()
  })

  const clientKey = (c: Context): string => {
    const header = deps.clientIpHeader ? c.req.header(deps.clientIpHeader) : undefined
    return clientAddressFromHeader(header, deps.trustedProxyHops) || deps.clientAddress?.(c) || 'unknown'
  }
  const limits = {
    perMinute: deps.apiRateLimit ?? 60,
    clientKey,
    refusalDelayMs: deps.refusalDelayMs ?? 0,
    ...(deps.now ? { now: deps.now } : {}),
  }
  // Every request counts, preflights too: the limiter comes before CORS.
  const shared = (name: string) => (deps.sharedState ? { shared: { state: deps.sharedState, name } } : {})
  app.use('/api/*', rateLimit({ ...limits, ...shared('api') }))
  app.use('/api/*', allowCrossOriginGets())
  // The page runs the same search as the API: it gets its own budget of the same size (GET and HEAD).
  app.use(
    '/',
    rateLimit({
      ...limits,
      ...shared('page'),
      refuse: (c, seconds) =>
        c.html(renderMessagePage(zh.api.rateLimited, zh.api.rateLimitedPage(seconds)), 429),
    }),
  )
  // A question is at most 200 characters: a bigger body is refused before anything reads it.
  app.on(
    'POST',
    '/api/*',
    bodyLimit({
      maxSize: MAX_API_BODY_BYTES,
      onError: (c) => jsonError(c, 413, 'payload_too_large', zh.api.tooLarge),
    }),
  )
  app.route('/api', createApiRoutes(searcher))

  app.get('/healthz', (c) => {
    const stats = searcher.stats()
    return c.json({
      status: 'ok',
      index: 'loaded',
      articles: stats.articles,
      paragraphs: stats.paragraphs,
      version: stats.version,
      dates: stats.dates,
      ...(deps.indexStatus ? { loadedAt: deps.indexStatus().loadedAt } : {}),
    })
  })

  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: '湘问 API',
      version: '1.0.0',
      description:
        'Answers questions about Hunan documents by quoting verbatim paragraphs with their attribution.',
    },
  })

  app.get('/', async (c) => {
    c.header('Content-Security-Policy', PAGE_SECURITY_POLICY)
    // HEAD gets the headers only: no search runs for a body nobody reads.
    if (c.req.method === 'HEAD') return c.html('')
    const asked = (c.req.query('q') ?? '').trim()
    const question = asked.slice(0, MAX_QUESTION_CHARS)
    const limit = clampInteger(c.req.query('limit'), DEFAULT_LIMIT, 1, MAX_LIMIT)
    const offset = clampInteger(c.req.query('offset'), 0, 0, MAX_OFFSET)
    const answer = question ? await searcher.answer(question, { limit, offset }) : undefined
    return c.html(
      renderSearchPage({
        question,
        answer,
        offset,
        limit,
        stats: searcher.stats(),
        ...(asked.length > question.length ? { clippedFrom: asked.length } : {}),
      }),
    )
  })

  // The context of a quote: the whole article, opened on the quoted paragraph.
  app.get('/article/:id', (c) => {
    const article = searcher.article(c.req.param('id'))
    if (!article) return c.html(renderMessagePage(zh.api.notFoundPage, zh.api.articleNotFound), 404)
    const asked = Number.parseInt(c.req.query('p') ?? '', 10)
    c.header('Content-Security-Policy', PAGE_SECURITY_POLICY)
    return c.html(
      renderArticlePage({
        article,
        ...(Number.isInteger(asked) && asked >= 0 && asked < article.paragraphs.length
          ? { paragraph: asked }
          : {}),
      }),
    )
  })

  app.get('/favicon.ico', (c) =>
    c.body(FAVICON_SVG, 200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400' }),
  )

  if (deps.webhook) app.route('/', createWebhookRoutes({ secrets: deps.secrets, ...deps.webhook }))
  registerOtherPaths(app, deps.webhook?.path)

  /** The methods a known path answers, for a 405 instead of a 404. */
  const allowedMethods = (path: string): string | undefined => {
    if (path === '/api/search') return 'GET, HEAD, POST, OPTIONS'
    if (/^\/api\/articles\/[^/]+$/.test(path)) return 'GET, HEAD, OPTIONS'
    if (/^\/article\/[^/]+$/.test(path)) return 'GET, HEAD'
    if (['/', '/healthz', '/openapi.json', '/favicon.ico'].includes(path)) return 'GET, HEAD'
    if (deps.webhook && path === deps.webhook.path) return 'POST'
    return undefined
  }
  app.notFound((c) => {
    const path = c.req.path
    const allowed = allowedMethods(path)
    if (allowed) {
      c.header('Allow', allowed)
      return jsonError(c, 405, 'method_not_allowed', zh.api.methodNotAllowed(allowed))
    }
    // A person following a bad link gets a page; programs (and anything under /api) get JSON.
    if (!path.startsWith('/api/') && (c.req.header('accept') ?? '').includes('text/html')) {
      return c.html(renderMessagePage(zh.api.notFoundPage, zh.api.notFoundPage), 404)
    }
    return jsonError(c, 404, 'not_found', zh.api.notFound)
  })
  app.onError((error, c) => {
    if (error instanceof SearchQueueFullError) {
      c.header('Retry-After', '1')
      return jsonError(c, 503, 'busy', zh.api.busy)
    }
    if (error instanceof HTTPException && error.status < 500) {
      const codes: Record<number, string> = {
        400: 'invalid_request',
        413: 'payload_too_large',
        415: 'unsupported_media_type',
      }
      const code = codes[error.status] ?? 'error'
      // Hono's own messages are English and may quote the input: each status gets our Chinese text.
      const messages: Record<number, string> = {
        400: error.message.includes('JSON') ? `${zh.api.invalid} ${zh.api.notJson}` : zh.api.invalid,
        401: zh.api.unauthorized,
        413: zh.api.tooLarge,
        415: zh.api.unsupportedMediaType,
      }
      return jsonError(c, error.status, code, messages[error.status] ?? zh.api.invalid)
    }
    logger.error('request failed', {
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      error: describeError(error, deps.secrets ?? []),
    })
    return jsonError(c, 500, 'internal', zh.api.internal)
  })
  return app
}
