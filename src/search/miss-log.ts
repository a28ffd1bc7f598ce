// Questions nobody could answer, kept (when staff opt in) so they see what citizens ask that the documents
// lack. Privacy by construction: a record is the question's text and the time, nothing else — no user id,
// chat id, name or address ever reaches the sink.

import type { AnswerOptions, Searcher } from './types.ts'

/** One unanswered question. */
export interface Miss {
  q: string
  at: string
}

export type MissSink = (miss: Miss) => void

/** Wraps a searcher so that each first page of an answer with `found: false` is handed to the sink. */
export function recordMisses(
  searcher: Searcher,
  sink: MissSink,
  now: () => Date = () => new Date(),
): Searcher {
  return {
    ...searcher,
    async answer(question: string, options?: AnswerOptions) {
      const answer = await searcher.answer(question, options)
      // Later pages (更多) repeat a question already recorded.
      if (!answer.found && (options?.offset ?? 0) === 0 && question.trim() !== '') {
        sink({ q: question.trim(), at: now().toISOString() })
      }
      return answer
    },
  }
}

/** A question and how often, and when last, it went unanswered. */
export interface MissSummary {
  question: string
  count: number
  last: string
}

/** Reads JSON lines of misses and counts each question asked since a time, most asked first. */
export function summarizeMisses(text: string, since?: Date): { summary: MissSummary[]; skipped: number } {
  const byQuestion = new Map<string, MissSummary>()
  let skipped = 0
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    let miss: Partial<Miss>
    try {
      miss = JSON.parse(line) as Partial<Miss>
    } catch {
      skipped++
      continue
    }
    if (typeof miss.q !== 'string' || typeof miss.at !== 'string' || Number.isNaN(Date.parse(miss.at))) {
      skipped++
      continue
    }
    if (since && Date.parse(miss.at) < since.getTime()) continue
    // The same question typed with other spacing or width counts once.
    const key = miss.q.normalize('NFKC').replace(/\s+/g, ' ').trim()
    const entry = byQuestion.get(key)
    if (entry) {
      entry.count++
      if (miss.at > entry.last) entry.last = miss.at
    } else {
      byQuestion.set(key, { question: key, count: 1, last: miss.at })
    }
  }
  const summary = [...byQuestion.values()].sort(
    (a, b) => b.count - a.count || (a.last < b.last ? 1 : a.last > b.last ? -1 : 0),
  )
  return { summary, skipped }
}

/** Reads `--since`: a span back from now (`7d`, `24h`, `30m`) or a date (`2025-11-01`). */
export function parseSince(value: string, now: Date = new Date()): Date | undefined {
  const span = /^(\d+)\s*([dhm])$/.exec(value.trim())
  if (span) {
    const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[span[2] as 'd' | 'h' | 'm']
    return new Date(now.getTime() - Number(span[1]) * unit)
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value.trim()) && !Number.isNaN(Date.parse(value))) return new Date(value)
  return undefined
}
