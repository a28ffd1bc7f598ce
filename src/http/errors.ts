import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** One problem with a request field. */
export interface FieldIssue {
  field: string
  message: string
}

/** The JSON body of every error response. */
export interface ErrorBody {
  error: {
    code: string
    message: string
    issues?: FieldIssue[]
  }
}

/** Sends the error JSON every route uses. */
export function jsonError(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  issues?: FieldIssue[],
): Response {
  const body: ErrorBody = { error: { code, message, ...(issues ? { issues } : {}) } }
  return c.json(body, status)
}
