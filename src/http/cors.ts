import type { MiddlewareHandler } from 'hono'

/**
 * CORS for a read-only API: any origin may GET, and preflights are answered here. (hono/cors sets its
 * headers through c.res.headers, which makes @hono/node-server build a full web Response for every request
 * and leave its fast path; c.header only prepares them.)
 */
export function allowCrossOriginGets(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') {
      const requested = c.req.header('access-control-request-headers')
      return c.body(null, 204, {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET',
        ...(requested
          ? { 'Access-Control-Allow-Headers': requested, Vary: 'Access-Control-Request-Headers' }
          : {}),
      })
    }
    c.header('Access-Control-Allow-Origin', '*')
    await next()
  }
}
