import type { Article } from '../corpus/types.ts'
import type { AnswerKind } from './answer-type.ts'
import type { NotFoundReason } from './answerability.ts'

/** A character range [start, end) in a passage's text. */
export interface Highlight {
  start: number
  end: number
  /** 'term': a query term matched here; 'figure': a number (with its unit) for a question asking for a figure. */
  kind: 'term' | 'figure'
}

/** One quoted paragraph with its attribution. */
export interface Passage {
  /** The paragraph verbatim, as in the article file. */
  text: string
  title: string
  subtitle?: string
  source: string
  date?: string
  authors: string[]
  url?: string
  articleId: string
  /** 0-based index of the paragraph in its article. */
  paragraph: number
  score: number
  /** Share (0..1) of the question's weighted terms found in this passage or its title. */
  coverage?: number
  /**
   * The sentence(s) of the paragraph that answer the question, as ranges of `text` (verbatim, whole
   * sentences); empty when nothing in the paragraph stands out.
   */
  spotlight: TextRange[]
  /** Matched question words (whole words) anywhere, and the asked figures inside the spotlight. */
  highlights: Highlight[]
}

/** A range [start, end) of a passage's text. */
export interface TextRange {
  start: number
  end: number
}

export interface AnswerOptions {
  /** How many passages to return (default 5). */
  limit?: number
  /** How many of the ranked passages to skip (paging). */
  offset?: number
}

export interface Answer {
  /** False when nothing in the corpus answers the question; results may then be empty. */
  found: boolean
  results: Passage[]
  /** How many ranked passages exist in all (for paging: more exist when offset + results.length < total). */
  total: number
  /** True when the question is mostly in a Latin script (the corpus is Chinese). */
  foreign: boolean
  /** True when the question asks for a figure (多少, 几, 比例, ...). */
  asksFigure: boolean
  /** The kind of answer the question asks for. */
  asks: AnswerKind
  /** Why nothing answers, when `found` is false and passages were ranked. */
  reason?: NotFoundReason
  /** What the decision saw in the best passage (absent when nothing was ranked). */
  judgement?: Judgement
  /** For an English or mixed question: the Chinese terms it was searched with. */
  translation?: { terms: string[] }
}

/** The signals behind `found`, for the best passage. */
export interface Judgement {
  /** The answerability score compared with the threshold (coverage less the missing-word and answer-type penalties). */
  score: number
  /** Weighted share of the question's evidence the passage and its title hold. */
  coverage: number
  /** IDF of the rarest question word the passage lacks, over that of the question's rarest word (0: none lacking). */
  missing: number
  /** That word. */
  missingTerm?: string
  /** The spotlight holds the kind of answer asked for (a figure with its unit, a date, a name, a place). */
  typed: boolean
  /** The passage holds an answer of the kind asked for somewhere (a figure question without one is refused). */
  passageTyped: boolean
}

/** The neighbouring paragraphs of a passage. */
export interface PassageContext {
  article: Article
  /** The paragraph the context was asked for. */
  paragraph: number
  /** Paragraph indexes included, in order (the asked one and its neighbours). */
  from: number
  to: number
}

export interface CorpusStats {
  articles: number
  paragraphs: number
  /** Content hash of the corpus the index was built from. */
  version: string
  /** Earliest and latest article dates. */
  dates: { from?: string; to?: string }
  /** The named sources (articles whose source is not printed add none). */
  sources: string[]
}

/** What every surface (bot, inline, HTTP, page, CLI) calls. */
export interface Searcher {
  answer(question: string, options?: AnswerOptions): Promise<Answer>
  context(articleId: string, paragraph: number, radius?: number): PassageContext | undefined
  article(id: string): Article | undefined
  /** Every article the index holds (absent on searchers that only answer). */
  listArticles?(): Article[]
  stats(): CorpusStats
}
