/**
 * The Cloudflare Worker: the same app as `npm start` (API, search page, health, Telegram webhook) over the
 * index built by `npm run build:worker` and bundled with the script. Queries are cut by a port of jieba
 * (nodejieba is a native addon), which ranks as Node does: see scripts/parity.ts.
 */
import type { OpenAPIHono } from '@hono/zod-openapi'
import { Hono } from 'hono'
import indexText from '../build/worker/index.txt'
import { zh } from '../prompts/zh.ts'
import { ConfigError } from './config.ts'
import type { AppEnv } from './http/app-env.ts'
import { jsonError } from './http/errors.ts'
import type { Searcher } from './search/types.ts'
import { createWorkerApp, type WorkerEnv } from './worker/create-worker-app.ts'
import { createWorkerSearcher, parseWorkerIndex } from './worker/worker-index.ts'

// The once-per-isolate cache: the index is parsed and loaded on the first request, then reused.
let searcher: Searcher | undefined
let app: OpenAPIHono<AppEnv> | undefined

const worker = new Hono<WorkerEnv>()

worker.all('*', (c) => {
  try {
    searcher ??= createWorkerSearcher(parseWorkerIndex(indexText))
    app ??= createWorkerApp(c.env, searcher)
  } catch (error) {
    // Bad bindings or a bad index: the operator reads why in the Worker's logs; callers get a plain 500.
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    console.error(JSON.stringify({ level: 'error', message: 'worker cannot start', reason }))
    const code = error instanceof ConfigError ? 'misconfigured' : 'internal'
    return jsonError(c, 500, code, zh.api.internal)
  }
  return app.fetch(c.req.raw, c.env, c.executionCtx)
})

export default worker
