import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { zh } from '../../prompts/zh.ts'
import { renderAnswerJson } from '../render/answer-json.ts'
import type { Answer, Searcher } from '../search/types.ts'
import type { AppEnv } from './app-env.ts'
import { type FieldIssue, jsonError } from './errors.ts'

export const MAX_QUESTION_CHARS = 200
export const MAX_LIMIT = 20
export const MAX_OFFSET = 1000
export const DEFAULT_LIMIT = 5

const why = zh.api.field
const required = (what: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? why.required : what

const questionSchema = z
  .string({ error: required(why.string) })
  .trim()
  .min(1, { error: why.empty })
  .max(MAX_QUESTION_CHARS, { error: why.tooLong(MAX_QUESTION_CHARS) })
const limitMessage = why.wholeNumber(1, MAX_LIMIT)
const offsetMessage = why.wholeNumber(0, MAX_OFFSET)

const SearchQuery = z.object({
  q: questionSchema.openapi({ param: { name: 'q', in: 'query' }, example: '湖南前11月进出口总额是多少？' }),
  limit: z.coerce
    .number({ error: limitMessage })
    .int({ error: limitMessage })
    .min(1, { error: limitMessage })
    .max(MAX_LIMIT, { error: limitMessage })
    .default(DEFAULT_LIMIT)
    .openapi({ param: { name: 'limit', in: 'query' }, example: 5 }),
  offset: z.coerce
    .number({ error: offsetMessage })
    .int({ error: offsetMessage })
    .min(0, { error: offsetMessage })
    .max(MAX_OFFSET, { error: offsetMessage })
    .default(0)
    .openapi({
      param: { name: 'offset', in: 'query' },
      example: 0,
      description: `How many ranked passages to skip (paging); at most ${MAX_OFFSET}.`,
    }),
})

const SearchBody = z
  .object(
    {
      q: questionSchema,
      limit: z
        .number({ error: limitMessage })
        .int({ error: limitMessage })
        .min(1, { error: limitMessage })
        .max(MAX_LIMIT, { error: limitMessage })
        .default(DEFAULT_LIMIT),
      offset: z
        .number({ error: offsetMessage })
        .int({ error: offsetMessage })
        .min(0, { error: offsetMessage })
        .max(MAX_OFFSET, { error: offsetMessage })
        .default(0),
    },
    { error: why.object },
  )
  .openapi('SearchRequest', { example: { q: '湖南前11月进出口总额是多少？', limit: 5, offset: 0 } })

const Highlight = z
  .object({ start: z.number().int(), end: z.number().int(), kind: z.enum(['term', 'figure']) })
  .openapi('Highlight')

const Attribution = z
  .object({
    title: z.string(),
    subtitle: z.string().optional(),
    source: z.string(),
    date: z.string().optional().openapi({ description: 'YYYY-MM-DD; absent (never null) when unknown.' }),
    authors: z.array(z.string()),
    url: z
      .string()
      .optional()
      .openapi({ description: 'The original article; absent (never null) when unknown.' }),
    articleId: z.string(),
    paragraph: z.number().int(),
    text: z.string().openapi({ description: '《title》 · source · date · authors' }),
  })
  .openapi('Attribution')

export const SearchResult = z
  .object({
    question: z.string(),
    found: z.boolean(),
    total: z.number().int(),
    offset: z.number().int(),
    limit: z.number().int(),
    foreign: z
      .boolean()
      .openapi({ description: 'The question is mostly in a Latin script; the corpus is Chinese.' }),
    asksFigure: z.boolean(),
    asks: z
      .enum(['figure', 'date', 'person', 'place', 'list', 'other'])
      .openapi({ description: 'The kind of answer the question asks for.' }),
    reason: z.enum(['weak', 'missing-term', 'no-answer-type']).optional().openapi({
      description:
        'When found is false and passages were ranked: the closest passage holds too little of the question (weak), lacks one of its rare words (missing-term), or holds no answer of the asked kind (no-answer-type). The results are then the closest passages, not answers.',
    }),
    judgement: z
      .object({
        score: z.number(),
        coverage: z.number(),
        missing: z.number(),
        missingTerm: z.string().optional(),
        typed: z.boolean(),
        passageTyped: z.boolean(),
      })
      .optional()
      .openapi({ description: 'The signals behind found, for the best passage.' }),
    results: z.array(
      z.object({
        text: z.string().openapi({ description: 'The paragraph verbatim.' }),
        attribution: Attribution,
        score: z.number(),
        spotlight: z.array(z.object({ start: z.number().int(), end: z.number().int() })).openapi({
          description:
            'The sentence(s) of text that answer the question: [start, end) ranges in text (UTF-16 units), whole sentences.',
        }),
        highlights: z
          .array(Highlight)
          .openapi({ description: '[start, end) ranges in text (UTF-16 units).' }),
      }),
    ),
    tookMs: z.number(),
  })
  .openapi('SearchResult')

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi('Error')

export const Article = z
  .object({
    id: z.string(),
    title: z.string(),
    subtitle: z.string().optional(),
    source: z.string(),
    date: z.string().optional(),
    authors: z.array(z.string()),
    url: z.string().optional(),
    paragraphs: z.array(z.string()),
  })
  .openapi('Article')

export const errorContent = { content: { 'application/json': { schema: ErrorResponse } } }
const badRequest = {
  ...errorContent,
  description: 'A parameter is missing or invalid; issues name the field.',
}
const tooMany = {
  ...errorContent,
  description: 'Too many requests from this client; see Retry-After.',
  headers: { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' as const } } },
}
const tooLarge = { ...errorContent, description: 'The body is over 16 KB.' }
const notJson = { ...errorContent, description: 'The body is not sent as application/json.' }

const searchGet = createRoute({
  method: 'get',
  path: '/search',
  summary: 'Quote the passages that answer a question',
  request: { query: SearchQuery },
  responses: {
    200: { content: { 'application/json': { schema: SearchResult } }, description: 'The answer' },
    400: badRequest,
    429: tooMany,
  },
})

const searchPost = createRoute({
  method: 'post',
  path: '/search',
  summary: 'Quote the passages that answer a question (JSON body)',
  request: { body: { content: { 'application/json': { schema: SearchBody } }, required: true } },
  responses: {
    200: { content: { 'application/json': { schema: SearchResult } }, description: 'The answer' },
    400: badRequest,
    413: tooLarge,
    415: notJson,
    429: tooMany,
  },
})

const articleGet = createRoute({
  method: 'get',
  path: '/articles/{id}',
  summary: 'An article with all its paragraphs',
  request: {
    params: z.object({
      id: z
        .string()
        .min(1)
        .max(300)
        .openapi({ param: { name: 'id', in: 'path' } }),
    }),
  },
  responses: {
    200: { content: { 'application/json': { schema: Article } }, description: 'The article' },
    404: { ...errorContent, description: 'No article has this id' },
    429: tooMany,
  },
})

/** Turns zod issues into "field: why" entries. */
export function fieldIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): FieldIssue[] {
  return issues.map((issue) => ({
    field: issue.path.map(String).join('.') || 'body',
    message: issue.message,
  }))
}

/** Creates an OpenAPIHono whose validation failures answer 400 with the fields at fault. */
export function createOpenApiHono(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return
      const issues = fieldIssues(result.error.issues)
      const message = issues.map((issue) => `${issue.field} ${issue.message}`).join('; ')
      return jsonError(c, 400, 'invalid_request', `${zh.api.invalid} ${message}`, issues)
    },
  })
}

/** /api: search (GET and POST) and articles. */
export function createApiRoutes(searcher: Searcher): OpenAPIHono<AppEnv> {
  const api = createOpenApiHono()

  // The JSON of each answer, without its timing: a cached answer (the same object) is serialized once.
  const serialized = new WeakMap<Answer, string>()
  const search = async (c: Context<AppEnv>, q: string, limit: number, offset: number) => {
    const started = performance.now()
    const answer = await searcher.answer(q, { limit, offset })
    const tookMs = Math.round((performance.now() - started) * 100) / 100
    let json = serialized.get(answer)
    if (json === undefined) {
      const { tookMs: _, ...rest } = renderAnswerJson(q, answer, { limit, offset }, 0)
      json = JSON.stringify(rest).slice(0, -1)
      serialized.set(answer, json)
    }
    // The body is JSON of the SearchResult schema, like c.json would send.
    return c.body(`${json},"tookMs":${tookMs}}`, 200, { 'Content-Type': 'application/json' }) as never
  }

  api.openapi(searchGet, async (c) => {
    const { q, limit, offset } = c.req.valid('query')
    return search(c, q, limit, offset)
  })

  api.openapi(searchPost, async (c) => {
    const { q, limit, offset } = c.req.valid('json')
    return search(c, q, limit, offset)
  })

  api.openapi(articleGet, async (c) => {
    const { id } = c.req.valid('param')
    const article = searcher.article(id)
    // The id is not echoed: an error body never repeats what the client sent.
    if (!article) return c.json({ error: { code: 'not_found', message: zh.api.articleNotFound } }, 404)
    const { raw: _raw, continuation: _continuation, ...visible } = article
    return c.json(visible, 200)
  })

  return api
}
