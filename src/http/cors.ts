import type { MiddlewareHandler } from 'hono'

/**
 * CORS for a read-only API: any origin may GET and POST a search, and preflights are answered here with a
 * fixed list of headers (never whatever the preflight asked for). It runs after the rate limiter, so
 * preflights count too. (hono/cors sets its headers through c.res.headers, which makes @hono/node-server
 * build a full web Response for every request and leave its fast path; c.header only prepares them.)
 */
export function allowCrossOriginGets(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') {
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET, POST',
        'Access-Control-Allow-Headers': 'Content-Type',
        'Access-Control-Max-Age': '600',
      })
    }
    c.header('Access-Control-Allow-Origin', '*')
    await next()
  }
}
