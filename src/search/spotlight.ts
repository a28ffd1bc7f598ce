import type { AnnotatedWord } from './annotations.ts'
import { type AnswerType, figureFits, findFigures, holdsDate } from './answer-type.ts'
import { coveredShare, type Evidence } from './evidence.ts'
import { splitSentences, type TextRange } from './sentences.ts'

/** How a sentence of a paragraph stands against the question. */
export interface SentenceFit {
  range: TextRange
  /** Weighted share of the question's evidence the sentence holds. */
  share: number
  /** The sentence holds what the question asks for (a figure with its unit, a name, a place, a date). */
  typed: boolean
}

/** The answering sentence(s) of a paragraph and what they hold, in the paragraph's normalized text. */
export interface Spotlight {
  ranges: TextRange[]
  /** The figures (or dates) inside the spotlight that fit the question's answer type. */
  figures: TextRange[]
  /** Evidence share of the spotlight as a whole. */
  share: number
  /** The spotlight holds the answer type the question asks for (always true for list and other questions). */
  typed: boolean
}

/** Weight of holding the asked answer type, against the share of the question's evidence (0..1). */
const TYPE_WEIGHT = 0.3
/** A sentence shorter than this (a lead-in such as "具体来看：") is read with the one after it. */
const SHORT_SENTENCE = 12

/**
 * Chooses the sentence(s) of a paragraph that answer a question, as a reader would: the one holding most of the
 * question's key terms (IDF-weighted) and the kind of answer asked for; the next sentence joins when it holds
 * the asked figure, name or date that the chosen one lacks, or when the chosen one only leads into it.
 */
export function chooseSpotlight(
  folded: string,
  evidence: Evidence,
  answerType: AnswerType,
  words: readonly AnnotatedWord[] = [],
): Spotlight {
  const sentences = splitSentences(folded)
  if (sentences.length === 0) return { ranges: [], figures: [], share: 0, typed: false }
  const fits = sentences.map((range) => fitSentence(folded, range, evidence, answerType, words))
  let best = 0
  let bestScore = Number.NEGATIVE_INFINITY
  fits.forEach((fit, index) => {
    const score = fit.share + (fit.typed && isTyped(answerType) ? TYPE_WEIGHT : 0)
    if (score > bestScore + 1e-9) {
      best = index
      bestScore = score
    }
  })
  let first = best
  let last = best
  const chosen = fits[best] as SentenceFit
  const next = fits[best + 1]
  if (next && (isShort(chosen.range) || (isTyped(answerType) && !chosen.typed && next.typed))) last++
  const previous = fits[best - 1]
  if (previous && isShort(previous.range) && previous.share > 0) first--
  const range = {
    start: (fits[first] as SentenceFit).range.start,
    end: (fits[last] as SentenceFit).range.end,
  }
  const text = folded.slice(range.start, range.end)
  const figures = answerFigures(folded, range, answerType)
  return {
    ranges: [range],
    figures,
    share: coveredShare(evidence, (token) => text.includes(token)),
    typed: !isTyped(answerType) || fits.slice(first, last + 1).some((fit) => fit.typed),
  }
}

function isTyped(answerType: AnswerType): boolean {
  return answerType.kind !== 'list' && answerType.kind !== 'other'
}

function isShort(range: TextRange): boolean {
  return range.end - range.start < SHORT_SENTENCE
}

function fitSentence(
  folded: string,
  range: TextRange,
  evidence: Evidence,
  answerType: AnswerType,
  words: readonly AnnotatedWord[],
): SentenceFit {
  const text = folded.slice(range.start, range.end)
  return {
    range,
    share: coveredShare(evidence, (token) => text.includes(token)),
    typed: holdsAnswerType(folded, range, answerType, words),
  }
}

/** True when the range of the text holds what the question asks for. */
export function holdsAnswerType(
  folded: string,
  range: TextRange,
  answerType: AnswerType,
  words: readonly AnnotatedWord[],
): boolean {
  const text = folded.slice(range.start, range.end)
  const inRange = (word: AnnotatedWord) => word.start >= range.start && word.end <= range.end
  switch (answerType.kind) {
    case 'figure':
      return findFigures(text).some((figure) => figureFits(figure.text, answerType.units))
    case 'date':
      return holdsDate(text)
    case 'person':
      return words.some((word) => word.kind === 'person' && inRange(word))
    case 'place':
      return words.some((word) => (word.kind === 'place' || word.kind === 'org') && inRange(word))
    default:
      return true
  }
}

/** The figures inside a range that answer a figure or date question, as ranges of the whole text. */
function answerFigures(folded: string, range: TextRange, answerType: AnswerType): TextRange[] {
  if (answerType.kind !== 'figure' && answerType.kind !== 'date') return []
  const text = folded.slice(range.start, range.end)
  return findFigures(text)
    .filter((figure) =>
      answerType.kind === 'date' ? holdsDate(figure.text) : figureFits(figure.text, answerType.units),
    )
    .map((figure) => ({ start: range.start + figure.start, end: range.start + figure.end }))
}
