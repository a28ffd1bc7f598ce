import type { AnnotatedWord } from './annotations.ts'
import type { NormalizedText } from './normalize.ts'
import type { TextRange } from './sentences.ts'
import type { Highlight } from './types.ts'

export interface HighlightSources {
  /** The question's terms (normalized words and bigrams). */
  terms: readonly string[]
  /** The asked figures (ranges of the normalized text), marked as figures. */
  figures?: readonly TextRange[]
  /** The passage's words (from the index); a term highlight covers whole words only. Without them, raw matches. */
  words?: readonly AnnotatedWord[]
}

/**
 * Finds what to mark in a passage, as non-overlapping ranges of its original text: the asked figures, and
 * the passage's words that the question's terms cover entirely (so 产业企业 marks 企业, never 业企业);
 * figures win over the terms they overlap. `folded` is the passage normalized.
 */
export function findHighlights(text: string, folded: NormalizedText, sources: HighlightSources): Highlight[] {
  const { offsets } = folded
  const toOriginal = (start: number, end: number, kind: Highlight['kind']): Highlight =>
    offsets ? { start: offsets[start] ?? 0, end: offsets[end] ?? text.length, kind } : { start, end, kind }

  const figures = (sources.figures ?? []).map((range) => toOriginal(range.start, range.end, 'figure'))
  const covered = new Uint8Array(folded.text.length)
  for (const term of [...new Set(sources.terms)].sort((a, b) => b.length - a.length)) {
    if (!term) continue
    for (let at = folded.text.indexOf(term); at >= 0; at = folded.text.indexOf(term, at + term.length)) {
      covered.fill(1, at, at + term.length)
    }
  }
  const marked = sources.words?.length ? wholeWords(covered, sources.words) : covered
  const termRanges: Highlight[] = []
  for (let i = 0; i < marked.length; i++) {
    if (!marked[i]) continue
    let end = i
    while (end < marked.length && marked[end]) end++
    termRanges.push(toOriginal(i, end, 'term'))
    i = end
  }

  const overlapsFigure = (range: Highlight) => figures.some((f) => range.start < f.end && f.start < range.end)
  return [...figures, ...termRanges.filter((range) => !overlapsFigure(range))].sort(
    (a, b) => a.start - b.start,
  )
}

/**
 * Marks whole words: a word of two or more characters when the question's terms cover at least two thirds of it
 * (黄花机场 marks the one word 黄花国际机场), and a covered one-character word next to a marked word (全货运航线).
 */
function wholeWords(covered: Uint8Array, words: readonly AnnotatedWord[]): Uint8Array {
  const marked = new Uint8Array(covered.length)
  const single: AnnotatedWord[] = []
  for (const word of words) {
    if (word.end > covered.length) continue
    let held = 0
    for (let i = word.start; i < word.end; i++) held += covered[i] ?? 0
    const length = word.end - word.start
    if (length === 1) {
      if (held === 1) single.push(word)
    } else if (held * 3 >= length * 2) marked.fill(1, word.start, word.end)
  }
  for (const word of single) {
    if (marked[word.start - 1] === 1 || marked[word.end] === 1) marked[word.start] = 1
  }
  return marked
}
