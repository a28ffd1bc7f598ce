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
  /** The sentence is a numbered heading (（六）…). */
  heading: boolean
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

/** One part of a question that asks two things (装的什么货，目的地是哪里): its own evidence and answer type. */
export interface QuestionPart {
  evidence: Evidence
  answerType: AnswerType
}

/** A heading inside a paragraph: （六）…, 一、…; the answer to a list question follows it. */
const HEADING = /^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、])/u
/** A list question's chosen sentence shorter than this only introduces the list. */
const SHORT_LIST_LEAD = 25

/**
 * Chooses the sentence(s) of a paragraph that answer a question, as a reader would: the one holding most of the
 * question's key terms (IDF-weighted) and the kind of answer asked for; the next sentence joins when it holds
 * the asked figure, name or date that the chosen one lacks, or when the chosen one only leads into it (a short
 * lead-in, or the heading of a list). A question asking two things gets the best sentence for each.
 */
export function chooseSpotlight(
  folded: string,
  evidence: Evidence,
  answerType: AnswerType,
  words: readonly AnnotatedWord[] = [],
  parts: readonly QuestionPart[] = [],
): Spotlight {
  const sentences = splitSentences(folded)
  if (sentences.length === 0) return { ranges: [], figures: [], share: 0, typed: false }
  const asked = parts.length > 1 ? parts : [{ evidence, answerType }]
  const chosen = new Set<number>()
  for (const part of asked) {
    const fits = sentences.map((range) => fitSentence(folded, range, part.evidence, part.answerType, words))
    const [first, last] = pickSentences(fits, part.answerType)
    for (let i = first; i <= last; i++) chosen.add(i)
  }
  const ranges: TextRange[] = []
  let typed = !isTyped(answerType)
  for (const index of [...chosen].sort((a, b) => a - b)) {
    const range = sentences[index] as TextRange
    const last = ranges.at(-1)
    if (last && chosen.has(index - 1)) last.end = range.end
    else ranges.push({ ...range })
    typed ||= holdsAnswerType(folded, range, answerType, words)
  }
  const text = ranges.map((range) => folded.slice(range.start, range.end)).join('')
  return {
    ranges,
    figures: ranges.flatMap((range) => answerFigures(folded, range, answerType)),
    share: coveredShare(evidence, (token) => text.includes(token)),
    typed,
  }
}

/** The best sentence for a question (or one part of it) and those to read with it, as [first, last] indexes. */
function pickSentences(fits: readonly SentenceFit[], answerType: AnswerType): [number, number] {
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
  const leadsIntoList =
    answerType.kind === 'list' && (chosen.heading || chosen.range.end - chosen.range.start < SHORT_LIST_LEAD)
  const lacksType = isTyped(answerType) && !chosen.typed && next?.typed === true
  if (next && (isShort(chosen.range) || leadsIntoList || lacksType)) last++
  const previous = fits[best - 1]
  if (previous && isShort(previous.range) && previous.share > 0) first--
  return [first, last]
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
    heading: HEADING.test(text),
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
