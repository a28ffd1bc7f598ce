import type { AnswerKind } from '../search/answer-type.ts'
import type { NotFoundReason } from '../search/answerability.ts'
import type { Answer, Highlight, Judgement, TextRange } from '../search/types.ts'
import { formatAttribution } from './attribution.ts'

/** One result as the HTTP API returns it. */
export interface ApiPassage {
  text: string
  attribution: {
    title: string
    subtitle?: string
    source: string
    date?: string
    authors: string[]
    url?: string
    articleId: string
    paragraph: number
    /** 《title》 · source · date · authors, as the bot prints it. */
    text: string
  }
  score: number
  /** The sentence(s) of `text` that answer the question, as [start, end) ranges of `text`. */
  spotlight: TextRange[]
  highlights: Highlight[]
}

export interface ApiAnswer {
  question: string
  found: boolean
  total: number
  offset: number
  limit: number
  foreign: boolean
  asksFigure: boolean
  /** The kind of answer the question asks for. */
  asks: AnswerKind
  /** When found is false and passages were ranked: why the closest one does not answer. */
  reason?: NotFoundReason
  /** The signals behind `found`, for the best passage. */
  judgement?: Judgement
  results: ApiPassage[]
  tookMs: number
}

/** The JSON body of /api/search for an answer. */
export function renderAnswerJson(
  question: string,
  answer: Answer,
  paging: { offset: number; limit: number },
  tookMs: number,
): ApiAnswer {
  return {
    question,
    found: answer.found,
    total: answer.total,
    offset: paging.offset,
    limit: paging.limit,
    foreign: answer.foreign,
    asksFigure: answer.asksFigure,
    asks: answer.asks,
    ...(answer.reason ? { reason: answer.reason } : {}),
    ...(answer.judgement ? { judgement: answer.judgement } : {}),
    results: answer.results.map((passage) => ({
      text: passage.text,
      attribution: {
        title: passage.title,
        ...(passage.subtitle ? { subtitle: passage.subtitle } : {}),
        source: passage.source,
        ...(passage.date ? { date: passage.date } : {}),
        authors: passage.authors,
        ...(passage.url ? { url: passage.url } : {}),
        articleId: passage.articleId,
        paragraph: passage.paragraph,
        text: formatAttribution(passage),
      },
      score: passage.score,
      spotlight: passage.spotlight,
      highlights: passage.highlights,
    })),
    tookMs,
  }
}
