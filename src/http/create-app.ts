import type { OpenAPIHono } from '@hono/zod-openapi'
import type { Bot } from 'grammy'
import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { zh } from '../../prompts/zh.ts'
import type { BotContext } from '../bot/context.ts'
import { describeError, type Logger } from '../bot/logger.ts'
import { renderSearchPage } from '../render/search-page.tsx'
import { type MissSink, recordMisses } from '../search/miss-log.ts'
import type { Searcher } from '../search/types.ts'
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
import { allowCrossOriginGets } from './cors.ts'
import { jsonError } from './errors.ts'
import { rateLimit } from './rate-limit.ts'
import { createWebhookRoutes } from './webhook.ts'

export interface AppDeps {
  searcher: Searcher
  logger: Logger
  /** Requests per minute per client on /api/* (default 60). */
  apiRateLimit?: number
  /** Header carrying the client address behind a proxy (x-forwarded-for, cf-connecting-ip...). */
  clientIpHeader?: string
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
  const cached = cacheAnswers(deps.searcher, deps.answerCacheSize)
  // Outside the cache, so a question asked again and answered from memory still counts.
  const searcher = deps.missSink ? recordMisses(cached, deps.missSink) : cached
  const app = createOpenApiHono()

  app.use(async (c, next) => {
    c.set('logger', logger)
    await next()
  })

  const clientKey = (c: Context): string => {
    const header = deps.clientIpHeader ? c.req.header(deps.clientIpHeader) : undefined
    return header?.split(',')[0]?.trim() || deps.clientAddress?.(c) || 'unknown'
  }
  app.use('/api/*', allowCrossOriginGets())
  app.use(
    '/api/*',
    rateLimit({ perMinute: deps.apiRateLimit ?? 60, clientKey, ...(deps.now ? { now: deps.now } : {}) }),
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
    const question = (c.req.query('q') ?? '').trim().slice(0, MAX_QUESTION_CHARS)
    const limit = clampInteger(c.req.query('limit'), DEFAULT_LIMIT, 1, MAX_LIMIT)
    const offset = clampInteger(c.req.query('offset'), 0, 0, MAX_OFFSET)
    const answer = question ? await searcher.answer(question, { limit, offset }) : undefined
    c.header('Content-Security-Policy', PAGE_SECURITY_POLICY)
    return c.html(renderSearchPage({ question, answer, offset, limit, stats: searcher.stats() }))
  })

  if (deps.webhook) app.route('/', createWebhookRoutes({ secrets: deps.secrets, ...deps.webhook }))

  app.notFound((c) => jsonError(c, 404, 'not_found', zh.api.notFound))
  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status < 500) {
      const codes: Record<number, string> = {
        400: 'invalid_request',
        413: 'payload_too_large',
        415: 'unsupported_media_type',
      }
      const code = codes[error.status] ?? 'error'
      return jsonError(
        c,
        error.status,
        code,
        error.status === 400 ? `${zh.api.invalid} ${error.message}` : error.message,
      )
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
