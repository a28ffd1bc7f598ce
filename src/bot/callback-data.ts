/**
 * Stateless callback data (at most 64 bytes of UTF-8): everything a button press needs is in the data
 * or in the message it belongs to, so presses still work after a restart.
 *   m:<offset>[:<question>]           更多: the next page of the question's answer
 *   c:<articleId>:<paragraph>          上下文: the paragraphs around a passage
 *   r:<rank>[:<question>]              上下文 by rank, when the article id is too long to fit
 *   a:<question>                       an example question under /start, asked by a tap
 *   n:<offset>[:<question>]            the closest passages when nothing answers (labelled as not an answer)
 */

export const MAX_CALLBACK_DATA_BYTES = 64

export type ButtonAction =
  | { kind: 'more'; offset: number; question?: string }
  | { kind: 'context'; articleId: string; paragraph: number }
  | { kind: 'context-rank'; rank: number; question?: string }
  | { kind: 'ask'; question: string }
  | { kind: 'closest'; offset: number; question?: string }

const encoder = new TextEncoder()

/** UTF-8 byte length, as Telegram measures callback_data. */
export function byteLength(value: string): number {
  return encoder.encode(value).length
}

/** A lone surrogate cannot be sent as UTF-8: Telegram would refuse the whole keyboard. */
const LONE_SURROGATE = /[\ud800-\udfff]/u

function withQuestion(prefix: string, question: string | undefined): string {
  if (question === undefined || LONE_SURROGATE.test(question)) return prefix
  const candidate = `${prefix}:${question}`
  return byteLength(candidate) <= MAX_CALLBACK_DATA_BYTES ? candidate : prefix
}

/** 更多 button data; carries the question when it fits, else the question is read from the replied-to message. */
export function encodeMore(offset: number, question?: string): string {
  return withQuestion(`m:${offset}`, question)
}

/** Data of the button that shows the closest passages of a question nothing answers. */
export function encodeClosest(offset: number, question?: string): string {
  return withQuestion(`n:${offset}`, question)
}

/** 上下文 button data for the passage at `rank` of the answer. */
export function encodeContext(articleId: string, paragraph: number, rank: number, question?: string): string {
  const direct = `c:${articleId}:${paragraph}`
  return byteLength(direct) <= MAX_CALLBACK_DATA_BYTES ? direct : withQuestion(`r:${rank}`, question)
}

/** Example-question button data; undefined when the question does not fit in 64 bytes. */
export function encodeAsk(question: string): string | undefined {
  const data = `a:${question}`
  return byteLength(data) <= MAX_CALLBACK_DATA_BYTES && !LONE_SURROGATE.test(question) ? data : undefined
}

/** Reads callback data back; undefined for data this bot did not make. */
export function decodeButton(data: string): ButtonAction | undefined {
  const ask = /^a:(.+)$/s.exec(data)
  if (ask) return { kind: 'ask', question: ask[1] ?? '' }
  const more = /^m:(\d{1,4})(?::(.+))?$/s.exec(data)
  if (more) return { kind: 'more', offset: Number(more[1]), question: more[2] }
  const closest = /^n:(\d{1,4})(?::(.+))?$/s.exec(data)
  if (closest) return { kind: 'closest', offset: Number(closest[1]), question: closest[2] }
  const context = /^c:(.+):(\d{1,5})$/s.exec(data)
  if (context) return { kind: 'context', articleId: context[1] ?? '', paragraph: Number(context[2]) }
  const rank = /^r:(\d{1,4})(?::(.+))?$/s.exec(data)
  if (rank) return { kind: 'context-rank', rank: Number(rank[1]), question: rank[2] }
  return undefined
}
