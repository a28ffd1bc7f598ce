import { type OpenAPIHono, z } from '@hono/zod-openapi'
import { errorContent } from './api.ts'
import type { AppEnv } from './app-env.ts'

const Health = z
  .object({
    status: z.literal('ok'),
    index: z.literal('loaded'),
    articles: z.number().int(),
    paragraphs: z.number().int(),
    version: z.string().openapi({ description: 'Content hash of the corpus the index was built from.' }),
    dates: z.object({ from: z.string().optional(), to: z.string().optional() }),
  })
  .openapi('Health')

const html = (description: string) => ({
  description,
  content: { 'text/html': { schema: { type: 'string' as const } } },
})

/** Describes the routes that are not zod-openapi routes: health, the page, this document and the webhook. */
export function registerOtherPaths(app: OpenAPIHono<AppEnv>, webhookPath?: string): void {
  const registry = app.openAPIRegistry
  registry.registerPath({
    method: 'get',
    path: '/healthz',
    summary: 'Health: the index is loaded; corpus counts and version',
    responses: { 200: { description: 'Healthy', content: { 'application/json': { schema: Health } } } },
  })
  registry.registerPath({
    method: 'get',
    path: '/',
    summary: 'The search page (HTML); ?q= searches, as /api/search does',
    request: {
      query: z.object({
        q: z
          .string()
          .optional()
          .openapi({ description: 'The question; over 200 characters it is cut (the page says so).' }),
        limit: z.string().optional().openapi({ description: 'Results per page, 1-20 (clamped).' }),
        offset: z.string().optional().openapi({ description: 'Results skipped, 0-1000 (clamped).' }),
      }),
    },
    responses: { 200: html('The page'), 429: html('Too many requests; see Retry-After.') },
  })
  registry.registerPath({
    method: 'get',
    path: '/article/{id}',
    summary: 'An article as a page (HTML), opened on paragraph ?p= (the context of a quote)',
    request: {
      params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) }),
      query: z.object({ p: z.string().optional().openapi({ description: '0-based paragraph to mark.' }) }),
    },
    responses: { 200: html('The article'), 404: html('No article has this id') },
  })
  registry.registerPath({
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    responses: {
      200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } },
    },
  })
  if (webhookPath) {
    registry.registerPath({
      method: 'post',
      path: webhookPath,
      summary: "Telegram's webhook (only Telegram calls it)",
      request: {
        headers: z.object({
          'x-telegram-bot-api-secret-token': z
            .string()
            .openapi({ description: 'The TELEGRAM_WEBHOOK_SECRET.' }),
        }),
        body: { content: { 'application/json': { schema: { type: 'object' } } }, required: true },
      },
      responses: {
        200: { description: 'The update was taken (handled, or handling goes on)' },
        400: { ...errorContent, description: 'The body is not a Telegram update' },
        401: {
          ...errorContent,
          description: 'The secret token is missing or wrong (checked before the body is read)',
        },
        413: { ...errorContent, description: 'The body is over 64 KB' },
      },
    })
  }
}
