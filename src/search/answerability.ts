import type { AnswerKind } from './answer-type.ts'
import type { Evidence } from './evidence.ts'
import type { Spotlight } from './spotlight.ts'

/** What decides whether the best passage answers the question. */
export interface AnswerabilityInput {
  evidence: Evidence
  /** The normalized question (to read a missing word in its context, for typos). */
  question: string
  /** Words that frame a question rather than name its topic. */
  frameWords: ReadonlySet<string>
  /** The passage and its article's title, normalized. */
  text: string
  title: string
  /** Weighted share of the question's evidence the passage (with its title) holds. */
  coverage: number
  spotlight: Spotlight
  /** The whole passage holds an answer of the asked kind somewhere. */
  passageTyped: boolean
  /** The kind of answer the question asks for (a figure, date, name or place must stand in the spotlight). */
  asks: AnswerKind
}

/** How the signals weigh into one answerability score (calibrated by `npm run -s eval -- --calibrate`). */
export interface AnswerabilityWeights {
  /** Least score for the best passage to count as an answer. */
  threshold: number
  /** Weight of the rarest missing question word (0..1) against the evidence coverage (0..1). */
  missing: number
  /** Penalty when a figure question's spotlight holds no figure of the asked unit. */
  figureType: number
  /** Penalty when a date, name or place question's spotlight holds none. */
  otherType: number
}

export const defaultAnswerability: AnswerabilityWeights = {
  threshold: 0.23,
  missing: 0.3,
  figureType: 0.5,
  otherType: 0.1,
}

/** Why the best passage does not answer. */
export type NotFoundReason = 'weak' | 'missing-term' | 'no-answer-type'

export interface Verdict {
  answered: boolean
  /** coverage - missing - type penalty, compared with the threshold. */
  score: number
  reason?: NotFoundReason
  /** The question word the passage lacks (the rarest one), when one is missing. */
  missingTerm?: string
  coverage: number
  /** IDF of the rarest missing word over that of the question's rarest word (0 when none is missing). */
  missing: number
  /** False when a figure question's passage holds no figure of the asked kind (refused whatever the score). */
  passageTyped: boolean
}

/**
 * Decides whether a passage answers a question, as a careful reader would: it holds enough of the question's
 * evidence, none of the question's rare topic words is missing from it (a question about 货邮吞吐量 needs
 * 货邮吞吐量), and its spotlight holds the kind of answer asked for (a figure with the unit asked, a date, a
 * name, a place). The three signals add up to one score, so that a strong one can carry a weak one.
 */
export function judgeAnswer(
  input: AnswerabilityInput,
  weights: AnswerabilityWeights = defaultAnswerability,
): Verdict {
  const { word, missing } = rarestMissingWord(input)
  const typeMissing = input.asks !== 'other' && input.asks !== 'list' && !input.spotlight.typed
  const penalty = typeMissing ? (input.asks === 'figure' ? weights.figureType : weights.otherType) : 0
  const score = input.coverage - weights.missing * missing - penalty
  // A figure question cannot be answered by a paragraph that holds no figure of the asked kind at all.
  const untyped = input.asks === 'figure' && !input.passageTyped
  const base = {
    score,
    coverage: input.coverage,
    missing,
    passageTyped: !untyped,
    ...(word ? { missingTerm: word } : {}),
  }
  if (score >= weights.threshold && !untyped) return { answered: true, ...base }
  const reason: NotFoundReason =
    missing >= 0.6 && word ? 'missing-term' : typeMissing || untyped ? 'no-answer-type' : 'weak'
  return { answered: false, reason, ...base }
}

interface Span {
  start: number
  end: number
  tokens: string[]
  idf: number
  /** Some token of the span occurs in the corpus. */
  known: boolean
}

/**
 * A missing word that frames the question (打算, 至少, 现在, 数量) weighs this share of what a missing topic word
 * (货邮吞吐量, 世界杯, 上海) weighs: paraphrases change the frame, not the topic.
 */
const FRAME_WORD_WEIGHT = 0.3

/** The rarest content word of the question (or a synonym standing for it) that neither the passage nor its title holds. */
export function rarestMissingWord(
  input: Pick<AnswerabilityInput, 'evidence' | 'question' | 'text' | 'title' | 'frameWords'>,
): {
  word?: string
  missing: number
} {
  // A word and the synonyms expanded at its place form one span: any of them present is enough.
  const spans = new Map<string, Span>()
  const synonyms = input.evidence.terms.filter((term) => term.synonym)
  for (const term of input.evidence.terms) {
    if (term.synonym) continue
    const content =
      term.kind === 'latin' || term.kind === 'number' || (term.kind === 'word' && term.token.length > 1)
    if (!content) continue
    const key = `${term.start}:${term.end}`
    const span = spans.get(key) ?? { start: term.start, end: term.end, tokens: [], idf: 0, known: false }
    span.tokens.push(term.token)
    span.idf = Math.max(span.idf, term.idf)
    span.known ||= term.df > 0
    spans.set(key, span)
  }
  let rarest = 0
  for (const span of spans.values()) if (span.known) rarest = Math.max(rarest, span.idf)
  if (rarest === 0) return { missing: 0 }
  let word: string | undefined
  let worst = 0
  for (const span of spans.values()) {
    const holds = (token: string) => input.text.includes(token) || input.title.includes(token)
    const held =
      span.tokens.some(holds) ||
      synonyms.some((term) => term.start <= span.start && term.end >= span.end && holds(term.token))
    if (held || nearlyHeld(input.question, span, input.text)) continue
    const frame = span.tokens.some((token) => input.frameWords.has(token)) ? FRAME_WORD_WEIGHT : 1
    const weight = frame * (span.known ? span.idf / rarest : 1)
    if (weight > worst) {
      worst = weight
      word = span.tokens[0]
    }
  }
  return { ...(word ? { word } : {}), missing: Math.min(1, worst) }
}

const CJK = /[\u3400-\u9fff]/u

/**
 * A typo: the word, read with the question's characters on either side, stands in the passage with one
 * character of the word changed (研发经废总量 ~ 研发经费总量, 湖南普会园 ~ 湖南普惠园).
 */
function nearlyHeld(question: string, span: Span, text: string): boolean {
  let start = span.start
  let end = span.end
  if (start > 0 && CJK.test(question[start - 1] as string)) start--
  if (end < question.length && CJK.test(question[end] as string)) end++
  const window = question.slice(start, end)
  if (window.length < 3) return false
  const inner = { from: span.start - start, to: span.end - start }
  for (let at = 0; at + window.length <= text.length; at++) {
    let changes = 0
    for (let i = 0; i < window.length && changes <= 1; i++) {
      if (text[at + i] === window[i]) continue
      if (i < inner.from || i >= inner.to) {
        changes = 2
        break
      }
      changes++
    }
    if (changes === 1) return true
  }
  return false
}
